/**
 * REST routes of the 15-minute-circle module (15分钟公共服务圈), registered under /api/v1/access:
 * networks from OSM extracts, facility and resident sets, coverage runs (stored, immutable) and
 * what-if computations (not stored), one file per concept. Thin: validation there (zod → OpenAPI),
 * work in service.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_PRESET } from '@gongfu/engine/circles';
import type { AppContext } from '../http/context.js';
import { networkRoutes } from './network-routes.js';
import { READ_GLOBAL, tags } from './route-config.js';
import { runRoutes } from './run-routes.js';
import { setRoutes } from './set-routes.js';
import { whatIfRoutes } from './what-if-routes.js';

export async function circlesRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/access/presets/default',
    {
      config: READ_GLOBAL,
      schema: {
        tags,
        summary: 'The default preset: facility categories and GB 50180-2018 / Zhejiang life-circle thresholds (editable JSON)',
        response: { 200: z.unknown() },
      },
    },
    async () => DEFAULT_PRESET,
  );
  await networkRoutes(app, ctx);
  await setRoutes(app, ctx);
  await runRoutes(app, ctx);
  await whatIfRoutes(app, ctx);
}
