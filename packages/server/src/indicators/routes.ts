import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { sendDownload } from '../http/download.js';
import { errorResponses, RegionCode } from '../http/schemas.js';
import { CONTENT_TYPES } from '../exports/table-writer.js';
import { writeTemplate } from '../exports/service.js';
import { CatalogueEntry, Indicator, IndicatorSet } from './schema.js';
import { getIndicator, getSet, listIndicators, listSets, saveIndicators, saveSet } from './service.js';

export async function indicatorRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const read = { access: { permission: 'indicator:read' as const, scope: 'global' as const } };
  const write = { access: { permission: 'indicator:write' as const, scope: 'global' as const } };
  r.get(
    '/indicators',
    {
      config: read,
      schema: { tags: ['indicators'], summary: 'Indicator catalogue', response: { 200: z.object({ items: z.array(CatalogueEntry) }) } },
    },
    async () => ({ items: await listIndicators(db) }),
  );

  r.get(
    '/indicators/:code',
    {
      config: read,
      schema: { tags: ['indicators'], params: z.object({ code: z.string() }), response: { 200: CatalogueEntry, ...errorResponses } },
    },
    async (req) => getIndicator(db, req.params.code),
  );

  r.put(
    '/indicators/:code',
    {
      config: { ...write, audit: { action: 'indicator.save' } },
      schema: {
        tags: ['indicators'],
        summary: 'Create or update a catalogue entry',
        params: z.object({ code: z.string() }),
        body: Indicator.omit({ code: true }),
        response: { 200: CatalogueEntry, ...errorResponses },
      },
    },
    async (req) => (await saveIndicators(db, ctx.actorOf(req), [{ ...req.body, code: req.params.code }]))[0],
  );

  r.get(
    '/indicator-sets',
    {
      config: read,
      schema: {
        tags: ['indicators'],
        summary: 'Indicator sets (one import template each)',
        response: { 200: z.object({ items: z.array(IndicatorSet) }) },
      },
    },
    async () => ({ items: await listSets(db) }),
  );

  r.put(
    '/indicator-sets/:code',
    {
      config: { ...write, audit: { action: 'indicator_set.save' } },
      schema: {
        tags: ['indicators'],
        params: z.object({ code: z.string() }),
        body: IndicatorSet.omit({ code: true }),
        response: { 200: IndicatorSet, ...errorResponses },
      },
    },
    async (req) => saveSet(db, ctx.actorOf(req), { ...req.body, code: req.params.code }),
  );

  r.get(
    '/indicator-sets/:code/template',
    {
      config: { access: { permission: 'indicator:read', scope: 'region' }, audit: { action: 'indicator_set.template' } },
      schema: {
        tags: ['indicators'],
        summary: 'Download an import template (.xlsx or .csv) for an indicator set',
        params: z.object({ code: z.string() }),
        querystring: z.object({
          format: z.enum(['xlsx', 'csv']).default('xlsx'),
          layout: z.enum(['wide', 'long']).default('wide'),
          lang: z.enum(['zh', 'en']).default('zh'),
          region: RegionCode.optional().describe('pre-fill the rows with the children of this region'),
        }),
      },
    },
    async (req, reply) => {
      const { format, layout, lang, region } = req.query;
      const out = new PassThrough();
      const fileName = `template-${req.params.code}-${layout}.${format}`;
      // Validate before streaming so errors still come back as JSON.
      await getSet(db, req.params.code);
      void writeTemplate(db, ctx.actorOf(req), { set: req.params.code, format, layout, lang, region }, out).catch((e) => out.destroy(e));
      return sendDownload(reply, { fileName, contentType: CONTENT_TYPES[format], body: out });
    },
  );
}
