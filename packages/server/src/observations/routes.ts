import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { sendDownload } from '../http/download.js';
import { Batch, csv, errorResponses, Observation, pageOf, PageQuery, Provenance, RegionCode, Withdrawal } from '../http/schemas.js';
import { CONTENT_TYPES } from '../exports/table-writer.js';
import { exportObservations, observationExportName } from '../exports/service.js';
import { SubjectKind } from '../indicators/schema.js';
import { batch, batchPage, observationPage, periodRange, provenance, withdrawObservation } from './service.js';

const Filter = z.object({
  indicator: z.string().optional().describe('indicator codes, comma-separated'),
  region: RegionCode.optional().describe('subjects in this region and below'),
  subjectKind: SubjectKind.optional(),
  subject: z.string().optional().describe('subject codes, comma-separated'),
  from: z.string().optional().describe('first period, e.g. 2020, 2024-Q1, 2024-03'),
  to: z.string().optional().describe('last period (inclusive)'),
  status: z.enum(['preliminary', 'final']).optional(),
  batch: z.coerce.number().int().positive().optional(),
});

function toFilter(q: z.infer<typeof Filter>) {
  return {
    indicators: csv(q.indicator),
    region: q.region,
    subjectKind: q.subjectKind,
    subjects: csv(q.subject),
    ...periodRange(q.from, q.to),
    status: q.status,
    batchId: q.batch,
  };
}

export async function observationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  const read = { access: { permission: 'data:read' as const, scope: 'region' as const } };
  r.get(
    '/observations',
    {
      config: read,
      schema: {
        tags: ['observations'],
        summary: 'Current values, each traceable to its import batch; one page and the total',
        querystring: Filter.extend(PageQuery.shape),
        response: { 200: pageOf(Observation), ...errorResponses },
      },
    },
    async (req) => {
      const { page, pageSize } = req.query;
      return observationPage(db, ctx.actorOf(req), toFilter(req.query), { page, pageSize });
    },
  );

  r.get(
    '/observations/:id/provenance',
    {
      config: read,
      schema: {
        tags: ['observations'],
        summary: 'Where a value came from: its batch and every earlier revision',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: {
          200: Provenance,
          ...errorResponses,
        },
      },
    },
    async (req) => provenance(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/observations/:id/withdraw',
    {
      config: { access: { permission: 'data:delete', scope: 'region' }, audit: { action: 'data.withdraw' } },
      schema: {
        tags: ['observations'],
        summary: 'Withdraw (撤回) a current value: the revision before it becomes current again; the reason is kept',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ reason: z.string().trim().min(2).max(500).describe('why the value is withdrawn, kept in its history') }),
        response: { 200: Withdrawal, ...errorResponses },
      },
    },
    async (req) => withdrawObservation(db, ctx.actorOf(req), req.params.id, req.body.reason),
  );

  r.get(
    '/batches',
    {
      config: read,
      schema: {
        tags: ['observations'],
        summary: 'Import batches, newest first',
        querystring: PageQuery,
        response: { 200: pageOf(Batch), ...errorResponses },
      },
    },
    async (req) => batchPage(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/batches/:id',
    {
      config: read,
      schema: {
        tags: ['observations'],
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: Batch, ...errorResponses },
      },
    },
    async (req) => batch(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/exports/observations',
    {
      config: { access: { permission: 'data:export', scope: 'region' }, audit: { action: 'data.export' } },
      schema: {
        tags: ['observations'],
        summary: 'Export current values (.xlsx or .csv) within the caller’s data scope; re-importable',
        querystring: Filter.extend({
          format: z.enum(['xlsx', 'csv']).default('xlsx'),
          layout: z.enum(['long', 'wide']).default('long'),
          lang: z.enum(['zh', 'en']).default('zh'),
        }),
      },
    },
    async (req, reply) => {
      const { format, layout, lang } = req.query;
      const filter = toFilter(req.query);
      const out = new PassThrough();
      void exportObservations(db, ctx.actorOf(req), { format, layout, lang, filter }, out).catch((e) => out.destroy(e));
      const q = req.query;
      const fileName = await observationExportName(
        db,
        ctx.actorOf(req),
        { indicators: csv(q.indicator) ?? [], region: q.region ?? csv(q.subject)?.[0], from: q.from, to: q.to, batch: q.batch },
        lang,
        format,
      );
      return sendDownload(reply, { fileName, contentType: CONTENT_TYPES[format], body: out });
    },
  );
}
