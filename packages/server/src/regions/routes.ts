import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { csv, Datum, errorResponses, FeatureCollection, Region, RegionCode, RegionLevel } from '../http/schemas.js';
import { getRegion, listRegions } from './repository.js';
import { boundaryCollection, importBoundaries } from './service.js';

export async function regionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const read = { access: { permission: 'region:read' as const, scope: 'region' as const } };
  r.get(
    '/regions',
    {
      config: read,
      schema: {
        tags: ['regions'],
        summary: 'List regions (区划) in the caller’s scope',
        querystring: z.object({
          parent: RegionCode.optional(),
          under: RegionCode.optional().describe('all regions below this one'),
          level: RegionLevel.optional(),
          q: z.string().max(50).optional(),
        }),
        response: { 200: z.object({ items: z.array(Region) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listRegions(db, ctx.actorOf(req), req.query) }),
  );

  r.get(
    '/regions/boundaries',
    {
      config: read,
      schema: {
        tags: ['regions'],
        summary: 'Boundaries as GeoJSON, in WGS-84 (default) or converted to GCJ-02 / BD-09 for Chinese base maps',
        querystring: z.object({ codes: z.string().optional(), parent: RegionCode.optional(), datum: Datum.default('wgs84') }),
        response: { 200: FeatureCollection, ...errorResponses },
      },
    },
    async (req) => boundaryCollection(db, ctx.actorOf(req), { codes: csv(req.query.codes), parent: req.query.parent }, req.query.datum),
  );

  r.post(
    '/regions/boundaries',
    {
      bodyLimit: 100 * 1024 * 1024,
      config: { access: { permission: 'region:write', scope: 'region' }, audit: { action: 'region.boundaries' } },
      schema: {
        tags: ['regions'],
        summary: 'Upload boundaries (GeoJSON FeatureCollection with a code or adcode property per feature)',
        body: z.object({
          datum: Datum.describe('datum of the uploaded coordinates'),
          source: z.string().min(1).describe('where the outlines come from (attribution)'),
          geojson: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }),
        }),
        response: {
          200: z.object({
            matched: z.array(z.string()),
            unmatched: z.array(
              z.object({ feature: z.number(), code: z.string().nullable(), name: z.string().nullable(), reason: z.string() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => importBoundaries(db, ctx.actorOf(req), req.body.geojson, { datum: req.body.datum, source: req.body.source }),
  );

  r.get(
    '/regions/:code',
    {
      config: read,
      schema: {
        tags: ['regions'],
        summary: 'One region',
        params: z.object({ code: RegionCode }),
        response: { 200: Region, ...errorResponses },
      },
    },
    async (req) => {
      const region = await getRegion(db, ctx.actorOf(req), req.params.code);
      if (!region) throw notFound({ zh: '地区', en: 'Region' }, req.params.code);
      return region;
    },
  );
}
