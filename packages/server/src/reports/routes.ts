import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { errorResponses, IndicatorSummary, RegionCode } from '../http/schemas.js';
import { indicatorSummary } from './service.js';

export async function reportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/reports/indicator-summary',
    {
      config: { access: { permission: 'report:read', scope: 'region' } },
      schema: {
        tags: ['observations'],
        summary: 'Cockpit summary for one region: latest value, previous-year value and change per indicator',
        querystring: z.object({ region: RegionCode, indicator: z.string().optional().describe('comma-separated; default all') }),
        response: { 200: IndicatorSummary, ...errorResponses },
      },
    },
    async (req) => indicatorSummary(ctx.store.db, ctx.actorOf(req), req.query.region, req.query.indicator?.split(',').filter(Boolean)),
  );
}
