/** /api/v1/assess: 考核评价 schemes, runs, scorecards, what-if, sensitivity, exports and reports. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describedSchemeJsonSchema } from '@gongfu/engine/assess';
import { CONTENT_TYPES } from '../exports/table-writer.js';
import type { AppContext } from '../http/context.js';
import { sendDownload } from '../http/download.js';
import { csv, errorResponses, PageQuery, pageOf, RegionCode } from '../http/schemas.js';
import { EXPORT_TABLES, exportRun, reportHtml } from './output.js';
import { GroupComparison, ReadIndicator, RunMeta, SchemeSummary, SchemeVersion } from './schemas.js';
import {
  createRun,
  createScheme,
  createSchemeVersion,
  getScheme,
  getSchemeVersion,
  listRuns,
  listSchemes,
  publishRun,
  reproduceRun,
  runDetail,
  scorecard,
  groupComparison,
  SENSITIVITY_AGGREGATIONS,
  SENSITIVITY_NORMALISATIONS,
  sensitivityRun,
  validateDefinition,
  whatIfRun,
} from './service.js';

const READ = { access: { permission: 'assess:read' as const, scope: 'region' as const } };
const READ_GLOBAL = { access: { permission: 'assess:read' as const, scope: 'global' as const } };
const EDIT = { access: { permission: 'assess:edit' as const, scope: 'global' as const } };
const RUN = { access: { permission: 'assess:run' as const, scope: 'region' as const } };
const tags = ['assess'];

const Definition = z.object({
  definition: z.record(z.string(), z.unknown()),
  bindings: z.record(z.string(), z.unknown()).optional(),
  note: z.string().max(2000).optional(),
});
const RunId = z.object({ id: z.coerce.number().int().positive() });
const Lang = z.enum(['zh', 'en']).default('zh');

export async function assessRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/assess/json-schema',
    {
      config: READ_GLOBAL,
      schema: { tags, summary: 'JSON Schema of an assessment scheme (for editors)', response: { 200: z.record(z.string(), z.unknown()) } },
    },
    async () => describedSchemeJsonSchema(),
  );

  r.get(
    '/assess/schemes',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Assessment schemes with their latest version',
        response: { 200: z.object({ items: z.array(SchemeSummary) }) },
      },
    },
    async (req) => ({ items: await listSchemes(db, ctx.actorOf(req)) }),
  );

  r.post(
    '/assess/schemes/validate',
    {
      config: {
        access: { ...READ_GLOBAL.access, anyLevel: true as const },
        audit: { none: 'validates a definition, stores nothing' },
      },
      schema: {
        tags,
        summary: 'Validate a scheme (and bindings) with the engine without storing anything; errors carry the engine code',
        body: Definition,
        response: { 200: z.object({ ok: z.literal(true), summary: z.record(z.string(), z.unknown()) }), ...errorResponses },
      },
    },
    async (req) => ({
      ok: true as const,
      summary: validateDefinition(req.body.definition, req.body.bindings).summary as unknown as Record<string, unknown>,
    }),
  );

  r.post(
    '/assess/schemes',
    {
      config: { ...EDIT, audit: { action: 'assess.scheme.create' } },
      schema: {
        tags,
        summary: 'Create a scheme (version 1); the code is the definition id',
        body: Definition.extend({ bindings: z.record(z.string(), z.unknown()) }),
        response: { 200: SchemeVersion, ...errorResponses },
      },
    },
    async (req) =>
      createScheme(db, ctx.actorOf(req), { definition: req.body.definition, bindings: req.body.bindings, note: req.body.note }),
  );

  r.get(
    '/assess/schemes/:code',
    {
      config: READ,
      schema: {
        tags,
        summary: 'A scheme, its latest version and the list of versions',
        params: z.object({ code: z.string() }),
        response: {
          200: z.object({
            scheme: SchemeSummary,
            latest: SchemeVersion,
            versions: z.array(
              z.object({
                version: z.number(),
                label: z.string(),
                note: z.string(),
                createdBy: z.string(),
                createdByName: z.string().nullable().describe('display name of the user who saved it'),
                createdAt: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => getScheme(db, ctx.actorOf(req), req.params.code),
  );

  r.get(
    '/assess/schemes/:code/versions/:version',
    {
      config: READ_GLOBAL,
      schema: {
        tags,
        summary: 'One immutable version of a scheme',
        params: z.object({ code: z.string(), version: z.coerce.number().int().positive() }),
        response: { 200: SchemeVersion, ...errorResponses },
      },
    },
    async (req) => getSchemeVersion(db, req.params.code, req.params.version),
  );

  r.post(
    '/assess/schemes/:code/versions',
    {
      config: { ...EDIT, audit: { action: 'assess.scheme.version' } },
      schema: {
        tags,
        summary: 'Create a new version of a scheme (versions are immutable); bindings default to the latest version’s',
        params: z.object({ code: z.string() }),
        body: Definition,
        response: { 200: SchemeVersion, ...errorResponses },
      },
    },
    async (req) => createSchemeVersion(db, ctx.actorOf(req), req.params.code, req.body),
  );

  r.post(
    '/assess/runs',
    {
      config: { ...RUN, audit: { action: 'assess.run' } },
      schema: {
        tags,
        summary: 'Run a scheme for a period over the units under a region (data from observations in your scope) and store the run',
        body: z.object({
          scheme: z.string(),
          version: z.number().int().positive().optional().describe('default: latest'),
          period: z.string().describe('2024, 2025-06 or 2025-Q2 by the scheme’s period'),
          region: RegionCode.optional().describe('default: the scheme’s region (e.g. 柯桥区 for its 16 镇街)'),
        }),
        response: { 200: RunMeta, ...errorResponses, 403: errorResponses[400] },
      },
    },
    async (req) => createRun(db, ctx.actorOf(req), req.body),
  );

  r.get(
    '/assess/runs',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Stored runs with at least one unit in your scope, newest first, a page at a time with the total',
        querystring: PageQuery.extend({
          scheme: z.string().optional(),
          published: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: pageOf(RunMeta) },
      },
    },
    async (req) =>
      listRuns(
        db,
        ctx.actorOf(req),
        { scheme: req.query.scheme, published: req.query.published === undefined ? undefined : req.query.published === 'true' },
        req.query,
      ),
  );

  r.get(
    '/assess/runs/:id',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Results of a run: ranking (units in your scope), node scores, grades, weights, warnings',
        params: RunId,
        response: { 200: z.looseObject({ run: RunMeta, read: z.array(ReadIndicator), ranking: z.array(z.unknown()) }), ...errorResponses },
      },
    },
    async (req) => runDetail(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/assess/runs/:id/publish',
    {
      config: { ...RUN, audit: { action: 'assess.publish' } },
      schema: {
        tags,
        summary: 'Publish a run (runs are otherwise immutable)',
        params: RunId,
        response: { 200: RunMeta, ...errorResponses, 403: errorResponses[400] },
      },
    },
    async (req) => publishRun(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/assess/runs/:id/reproduce',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Re-run the engine on the stored input snapshot and compare with the stored outputs',
        params: RunId,
        response: {
          200: z.object({
            runId: z.number(),
            inputIntact: z.boolean(),
            identical: z.boolean(),
            outputsSha256: z.string(),
            recomputedSha256: z.string(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => reproduceRun(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/assess/runs/:id/units/:unit',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Scorecard of one unit: contributions, gaps, obstacles, node scores, rank history across runs of the scheme',
        params: RunId.extend({ unit: z.string() }),
        response: {
          200: z.looseObject({ unit: z.object({ code: z.string(), name: z.string(), regionCode: z.string() }) }),
          ...errorResponses,
        },
      },
    },
    async (req) => scorecard(db, ctx.actorOf(req), req.params.id, req.params.unit),
  );

  r.get(
    '/assess/runs/:id/groups',
    {
      config: READ,
      schema: {
        tags,
        summary:
          'The peer groups side by side (e.g. 未来乡村 pilots and candidates): per group the mean final and dimension scores, their gap to the other units, and the grades; units in scope only',
        params: RunId,
        response: { 200: GroupComparison, ...errorResponses },
      },
    },
    async (req) => groupComparison(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/assess/runs/:id/what-if',
    {
      config: { ...READ, audit: { none: 'computes a scenario on request, stores nothing' } },
      schema: {
        tags,
        summary: 'What if some of one unit’s values were different? Recomputes everything; nothing is stored',
        params: RunId,
        body: z.object({ unit: z.string(), changes: z.record(z.string(), z.number()).describe('data column → new value') }),
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (req) => whatIfRun(db, ctx.actorOf(req), req.params.id, req.body.unit, req.body.changes) as Promise<Record<string, unknown>>,
  );

  r.get(
    '/assess/runs/:id/sensitivity',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Seeded Monte Carlo rank intervals (weights ± share, alternative normalisations and aggregations); nothing is stored',
        params: RunId,
        querystring: z.object({
          runs: z.coerce.number().int().min(10).max(2000).default(200),
          seed: z.coerce
            .number()
            .int()
            .min(0)
            .max(2 ** 31)
            .default(1),
          weightShare: z.coerce.number().min(0).max(0.9).default(0.2),
          normalisations: z
            .string()
            .optional()
            .describe(`comma-separated: ${SENSITIVITY_NORMALISATIONS.join(', ')}`),
          aggregations: z
            .string()
            .optional()
            .describe(`comma-separated: ${SENSITIVITY_AGGREGATIONS.join(', ')}`),
        }),
        response: { 200: z.looseObject({ units: z.array(z.record(z.string(), z.unknown())) }), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const norms = z.array(z.enum(SENSITIVITY_NORMALISATIONS)).parse(csv(q.normalisations) ?? []);
      const aggs = z.array(z.enum(SENSITIVITY_AGGREGATIONS)).parse(csv(q.aggregations) ?? []);
      return sensitivityRun(db, ctx.actorOf(req), req.params.id, {
        runs: q.runs,
        seed: q.seed,
        weightShare: q.weightShare,
        normalisations: norms,
        aggregations: aggs,
      });
    },
  );

  r.get(
    '/assess/runs/:id/export',
    {
      config: { ...READ, audit: { action: 'assess.export' } },
      schema: {
        tags,
        summary: 'Export a run: .xlsx with every table (plus a unit’s scorecard with unit=…), or one table as .csv',
        params: RunId,
        querystring: z.object({
          format: z.enum(['xlsx', 'csv']).default('xlsx'),
          table: z.enum(EXPORT_TABLES).optional(),
          unit: z.string().optional(),
          lang: Lang,
        }),
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await exportRun(db, ctx.actorOf(req), req.params.id, req.query);
      return sendDownload(reply, { fileName, contentType: CONTENT_TYPES[req.query.format], body: bytes });
    },
  );

  r.get(
    '/assess/runs/:id/report',
    {
      config: { ...READ, audit: { action: 'assess.report' } },
      schema: { tags, summary: 'Printable HTML report of a run', params: RunId, querystring: z.object({ lang: Lang }) },
    },
    async (req, reply) => {
      const html = await reportHtml(db, ctx.actorOf(req), req.params.id, req.query.lang);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(html);
    },
  );
}
