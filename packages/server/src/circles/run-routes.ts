/**
 * Routes of coverage runs (stored, immutable): run, list, read, per-resident results, blind spots,
 * and writing a run's coverage as SERVICE_CIRCLE_COVERAGE observations.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { Datum, errorResponses, FeatureCollection, PageQuery, pageOf } from '../http/schemas.js';
import { Id, READ, tags, WRITE } from './route-config.js';
import { AnalysisBody, IndicatorWriteResult, Run, RunResidents, RunWithReport } from './schemas.js';
import * as service from './service.js';

export async function runRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.post(
    '/access/runs',
    {
      config: { ...WRITE, audit: { action: 'circles.run' } },
      schema: {
        tags,
        summary: 'Run a coverage analysis (per level, region and category; blind spots) and store it (runs are immutable)',
        body: AnalysisBody.extend({ note: z.string().max(2000).optional() }),
        response: { 201: RunWithReport, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.runCoverage(db, ctx.actorOf(req), req.body)),
  );

  r.get(
    '/access/runs',
    {
      config: READ,
      schema: {
        tags,
        summary:
          'Stored analysis runs (without reports), newest first, a page at a time with the total; optionally those of one network and point sets',
        querystring: PageQuery.extend({
          network: z.coerce.number().int().positive().optional(),
          facilitySet: z.coerce.number().int().positive().optional(),
          residentSet: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: pageOf(Run), ...errorResponses },
      },
    },
    async (req) => {
      const { network, facilitySet, residentSet, ...page } = req.query;
      const found = await service.listRuns(
        db,
        ctx.actorOf(req),
        { networkId: network, facilitySetId: facilitySet, residentSetId: residentSet },
        page,
      );
      return { ...found, items: found.items.map(({ report: _r, ...run }) => run) };
    },
  );

  r.get(
    '/access/runs/:id',
    {
      config: READ,
      schema: {
        tags,
        summary: 'A run with its coverage report',
        params: z.object({ id: Id }),
        response: { 200: RunWithReport, ...errorResponses },
      },
    },
    async (req) => service.getRunSummary(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/access/runs/:id/residents',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Per-resident results of a run: seconds to the nearest facility per category (order of `categories`)',
        params: z.object({ id: Id }),
        response: {
          200: RunResidents,
          ...errorResponses,
        },
      },
    },
    async (req) => service.runResidents(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/access/runs/:id/blind-spots',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Blind spots (clusters of residents not covered) as GeoJSON points',
        params: z.object({ id: Id }),
        querystring: z.object({
          level: z.string().optional(),
          category: z.string().optional().describe('category id, or * for the full circle'),
          datum: Datum.default('wgs84'),
        }),
        response: { 200: FeatureCollection, ...errorResponses },
      },
    },
    async (req) => service.runBlindSpots(db, ctx.actorOf(req), req.params.id, req.query),
  );

  r.post(
    '/access/runs/:id/indicators',
    {
      config: { ...WRITE, audit: { action: 'circles.indicators' } },
      schema: {
        tags,
        summary: 'Write the run’s full-circle coverage per region as SERVICE_CIRCLE_COVERAGE (15分钟公共服务圈覆盖率, %) observations',
        params: z.object({ id: Id }),
        body: z.object({
          period: z.string().describe('year, e.g. 2025'),
          level: z.string().optional().describe('level id; default gb50180-15min'),
          status: z.enum(['preliminary', 'final']).default('final'),
        }),
        response: {
          200: IndicatorWriteResult,
          ...errorResponses,
        },
      },
    },
    async (req) => service.writeCoverageIndicator(db, ctx.actorOf(req), req.params.id, req.body),
  );
}
