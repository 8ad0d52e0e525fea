import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { readUpload } from '../http/upload.js';
import { errorResponses, ImportPreview, DryRunFlag } from '../http/schemas.js';
import { columnsQuery, headerRowsQuery, mappingQuery, parseColumns, parseHeaderRows, parseMapping } from './params.js';
import { runImport } from './service.js';

export async function importRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/imports',
    {
      config: {
        access: { permission: 'data:import', scope: 'region' },
        audit: {
          action: 'data.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        tags: ['imports'],
        summary: 'Import observations from .xlsx or .csv (multipart field "file"). dryRun=true validates and previews only.',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          dryRun: DryRunFlag,
          status: z.enum(['preliminary', 'final']).default('final'),
          source: z.string().max(500).optional(),
          note: z.string().max(2000).optional(),
          mapping: mappingQuery,
          columns: columnsQuery,
          headerRows: headerRowsQuery,
        }),
        response: { 200: ImportPreview, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '导入', en: 'import' });
      return runImport(ctx.store.db, ctx.actorOf(req), bytes, {
        fileName,
        dryRun: req.query.dryRun,
        status: req.query.status,
        source: req.query.source,
        note: req.query.note,
        mapping: parseMapping(req.query.mapping),
        columns: parseColumns(req.query.columns),
        headerRows: parseHeaderRows(req.query.headerRows),
        maxBytes: ctx.config.importMaxBytes,
      });
    },
  );
}
