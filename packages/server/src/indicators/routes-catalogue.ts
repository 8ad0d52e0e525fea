import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { errorResponses, DryRunFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { importCatalogue } from './catalogue-import.js';
import { indicatorHistory, setRetired } from './retire.js';
import { CatalogueEntry, CataloguePreview, HistoryEntry } from './schema.js';

/** 指标管理 beyond create/edit: retire and restore, the history of an entry, the catalogue from a spreadsheet. */
export async function catalogueRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const read = { access: { permission: 'indicator:read' as const, scope: 'global' as const } };
  const write = { access: { permission: 'indicator:write' as const, scope: 'global' as const } };
  const Code = z.object({ code: z.string() });

  r.post(
    '/indicators/:code/retire',
    {
      config: { ...write, audit: { action: 'indicator.retire' } },
      schema: {
        tags: ['indicators'],
        summary: 'Retire (停用) an indicator: its values stay; imports refuse new ones',
        params: Code,
        body: z.object({ reason: z.string().trim().min(2).max(500) }),
        response: { 200: CatalogueEntry, ...errorResponses },
      },
    },
    async (req) => setRetired(db, ctx.actorOf(req), req.params.code, true, req.body.reason),
  );

  r.post(
    '/indicators/:code/restore',
    {
      config: { ...write, audit: { action: 'indicator.restore' } },
      schema: {
        tags: ['indicators'],
        summary: 'Take a retired indicator back into use',
        params: Code,
        body: z.object({ reason: z.string().trim().max(500).default('') }).optional(),
        response: { 200: CatalogueEntry, ...errorResponses },
      },
    },
    async (req) => setRetired(db, ctx.actorOf(req), req.params.code, false, req.body?.reason ?? ''),
  );

  r.get(
    '/indicators/:code/history',
    {
      config: read,
      schema: {
        tags: ['indicators'],
        summary: 'Changes of a catalogue entry (from the audit log): who, when, before and after',
        params: Code,
        response: {
          200: z.object({ items: z.array(HistoryEntry) }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await indicatorHistory(db, req.params.code) }),
  );

  r.post(
    '/indicators/import',
    {
      config: {
        ...write,
        audit: {
          action: 'indicator.save',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        tags: ['indicators'],
        summary: 'The catalogue from a spreadsheet (multipart field "file"): a dry run lists what would be created and changed',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          dryRun: DryRunFlag,
        }),
        response: {
          200: CataloguePreview,
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '导入指标目录', en: 'import as the catalogue' });
      return importCatalogue(db, ctx.actorOf(req), bytes, { fileName, dryRun: req.query.dryRun, maxBytes: ctx.config.importMaxBytes });
    },
  );
}
