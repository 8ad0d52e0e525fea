import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { sendDownload } from '../http/download.js';
import { errorResponses, PageQuery, pageOf, DryRunFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { CONTENT_TYPES } from '../exports/table-writer.js';
import { adjustmentsOf, distributionOf, listRuns } from './repository.js';
import { decideAdjustment, requestAdjustment } from './adjust.js';
import { evaluate } from './evaluate.js';
import { policyList } from './lists.js';
import { importParcels } from './parcels.js';
import { reconcile } from './reconcile.js';
import {
  Adjustment,
  Class,
  Distribution,
  Migration,
  NewRunBody,
  ParcelReport,
  Reconciliation,
  Result,
  ResultQuery,
  Run,
} from './schemas.js';
import { migration, publishRun, resultsPage, runRegion, visibleRun } from './service.js';

const READ = { access: { permission: 'mujun:read' as const, scope: 'region' as const } };
const RUN = { access: { permission: 'mujun:run' as const, scope: 'region' as const } };
const Id = z.object({ id: z.coerce.number().int().positive() });
const Year = z.coerce.number().int().min(2000).max(2100);

export async function mujunRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.post(
    '/mujun/parcels',
    {
      config: {
        ...RUN,
        audit: {
          action: 'mujun.parcels.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary:
          'Import the year’s land file (用地: parcels, owners, tenants and leased areas; multipart field "file"); replaces the year’s parcels of the towns it covers',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          year: Year,
          dryRun: DryRunFlag,
        }),
        response: { 200: ParcelReport, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '用地', en: 'land' });
      return importParcels(db, ctx.actorOf(req), bytes, {
        fileName,
        year: req.query.year,
        dryRun: req.query.dryRun,
        maxBytes: ctx.config.importMaxBytes,
      });
    },
  );

  r.get(
    '/mujun/reconcile',
    {
      config: READ,
      schema: {
        summary: 'Reconciliation before scoring: firms missing a bureau’s data or land, land without a roster firm, duplicate names',
        querystring: z.object({ year: Year }),
        response: { 200: Reconciliation, ...errorResponses },
      },
    },
    async (req) => reconcile(db, ctx.actorOf(req), req.query.year),
  );

  r.get(
    '/mujun/runs',
    {
      config: READ,
      schema: { summary: 'Evaluation runs, latest year first', response: { 200: z.object({ items: z.array(Run) }), ...errorResponses } },
    },
    async (req) => ({
      items: await listRuns(db, ctx.actorOf(req)),
    }),
  );

  r.post(
    '/mujun/runs',
    {
      config: { ...RUN, audit: { action: 'mujun.run' } },
      schema: {
        summary:
          'Evaluate the year: score 规上 and 规下 on the Huangyan presets, classes A/B/C/D, 不参评 with reasons; stored as a draft run',
        body: NewRunBody,
        response: {
          200: z.object({ id: z.number(), counts: z.record(z.string(), z.number()), enterprises: z.number() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      const { region, ...options } = req.body;
      return evaluate(db, actor, options, await runRegion(db, actor, region));
    },
  );

  r.get(
    '/mujun/runs/:id',
    { config: READ, schema: { summary: 'One run', params: Id, response: { 200: Run, ...errorResponses } } },
    async (req) => {
      const { schemes: _s, ...run } = await visibleRun(db, ctx.actorOf(req), req.params.id);
      return run;
    },
  );

  r.get(
    '/mujun/runs/:id/results',
    {
      config: READ,
      schema: {
        summary: 'Each enterprise’s inputs, item scores, score, rank and class (after an approved 调档) or its 不参评 reason',
        params: Id,
        querystring: ResultQuery.merge(PageQuery),
        response: { 200: pageOf(Result), ...errorResponses },
      },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      return resultsPage(db, ctx.actorOf(req), req.params.id, filter, { page, pageSize });
    },
  );

  r.get(
    '/mujun/runs/:id/distribution',
    {
      config: READ,
      schema: {
        summary: 'Class counts by town, platform or industry division',
        params: Id,
        querystring: z.object({ by: z.enum(['region', 'platform', 'division']).default('region') }),
        response: { 200: Distribution, ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      await visibleRun(db, actor, req.params.id);
      return { by: req.query.by, rows: await distributionOf(db, actor, req.params.id, req.query.by) };
    },
  );

  r.get(
    '/mujun/runs/:id/migration',
    {
      config: READ,
      schema: {
        summary: 'Year-on-year class migration against the previous year’s published run',
        params: Id,
        response: { 200: Migration, ...errorResponses },
      },
    },
    async (req) => migration(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/mujun/runs/:id/lists/:body',
    {
      config: { ...RUN, audit: { action: 'mujun.list' } },
      schema: {
        summary: 'A receiving body’s list (.xlsx): grid company (差别化电价), tax bureau (土地使用税减免), natural resources (用地)',
        params: Id.extend({ body: z.enum(['grid', 'tax', 'land']) }),
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await policyList(db, ctx.actorOf(req), req.params.id, req.params.body);
      return sendDownload(reply, { fileName, contentType: CONTENT_TYPES.xlsx, body: bytes });
    },
  );

  r.post(
    '/mujun/runs/:id/publish',
    {
      config: { ...RUN, audit: { action: 'mujun.publish' } },
      schema: {
        summary: 'Publish a draft for comment (公示), then as final (正式)',
        params: Id,
        body: z.object({
          status: z.enum(['published', 'final']),
          appealDays: z.number().int().min(1).max(60).optional().describe('days of the 公示 window (default 7)'),
        }),
        response: { 200: z.object({ id: z.number(), status: z.string() }), ...errorResponses },
      },
    },
    async (req) => publishRun(db, ctx.actorOf(req), req.params.id, req.body.status, req.body.appealDays),
  );

  r.get(
    '/mujun/runs/:id/adjustments',
    {
      config: READ,
      schema: {
        summary: '调档 requests and decisions of a run',
        params: Id,
        response: { 200: z.object({ items: z.array(Adjustment) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      await visibleRun(db, actor, req.params.id);
      return { items: await adjustmentsOf(db, actor, req.params.id) };
    },
  );

  r.post(
    '/mujun/runs/:id/adjustments',
    {
      config: { ...RUN, audit: { action: 'mujun.adjust.request' } },
      schema: {
        summary: 'Request a class adjustment (调档) with a reason; a second officer decides',
        params: Id,
        body: z.object({ enterprise: z.string().min(1).max(64), toClass: Class, reason: z.string().trim().min(2).max(500) }),
        response: { 200: z.object({ id: z.number(), status: z.string() }), ...errorResponses },
      },
    },
    async (req) => requestAdjustment(db, ctx.actorOf(req), req.params.id, req.body.enterprise, req.body.toClass, req.body.reason),
  );

  r.post(
    '/mujun/runs/:id/adjustments/:adjustment/decision',
    {
      config: { ...RUN, audit: { action: ['mujun.adjust.approve', 'mujun.adjust.reject'] } },
      schema: {
        summary: 'Approve or reject a 调档 request (not your own)',
        params: Id.extend({ adjustment: z.coerce.number().int().positive() }),
        body: z.object({ approve: z.boolean(), note: z.string().max(500).default('') }),
        response: { 200: z.object({ id: z.number(), status: z.string() }), ...errorResponses },
      },
    },
    async (req) => decideAdjustment(db, ctx.actorOf(req), req.params.id, req.params.adjustment, req.body.approve, req.body.note),
  );
}
