/** Routes of road networks: upload an OSM extract, list and read networks, and derive point sets from one. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { Datum, errorResponses, FeatureCollection, RegionCode, queryFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { Id, READ, tags, WRITE } from './route-config.js';
import { Mode, NetworkMeta, PointSet } from './schemas.js';
import * as service from './service.js';

export async function networkRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.post(
    '/access/networks',
    {
      config: { ...WRITE, audit: { action: 'circles.network.import' } },
      schema: {
        tags,
        summary: 'Upload an OpenStreetMap extract (.osm.pbf or .osm XML, multipart field "file") and build its road network',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          mode: Mode.default('walking'),
          name: z.string().max(200).optional(),
          source: z.string().max(500).optional().describe('attribution; default © OpenStreetMap contributors, ODbL'),
          regionCode: RegionCode.optional(),
          synthetic: queryFlag(false),
        }),
        response: { 201: NetworkMeta, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes);
      const meta = await service.importNetwork(db, ctx.actorOf(req), bytes, { fileName, ...req.query });
      return reply.code(201).send(meta);
    },
  );

  r.get(
    '/access/networks',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Road networks in the caller’s scope',
        response: { 200: z.object({ items: z.array(NetworkMeta) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await service.listNetworks(db, ctx.actorOf(req)) }),
  );

  r.get(
    '/access/networks/:id',
    {
      config: READ,
      schema: { tags, summary: 'One road network', params: z.object({ id: Id }), response: { 200: NetworkMeta, ...errorResponses } },
    },
    async (req) => service.networkMeta(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/access/networks/:id/geojson',
    {
      config: READ,
      schema: {
        tags,
        summary: 'The network’s edges as GeoJSON LineStrings (WGS-84 or converted for Chinese base maps)',
        params: z.object({ id: Id }),
        querystring: z.object({ datum: Datum.default('wgs84') }),
        response: { 200: FeatureCollection, ...errorResponses },
      },
    },
    async (req) => service.networkGeoJSON(db, ctx.actorOf(req), req.params.id, req.query.datum),
  );

  r.post(
    '/access/networks/:id/facility-sets',
    {
      config: { ...WRITE, audit: { action: 'circles.facility_set.from_osm' } },
      schema: {
        tags,
        summary: 'Create a facility set from the OSM tags of the uploaded extract (amenity=school → education, …)',
        params: z.object({ id: Id }),
        body: z
          .object({ name: z.string().max(200).optional(), categories: z.array(z.string()).optional(), regionCode: RegionCode.optional() })
          .default({}),
        response: { 201: PointSet, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.facilitySetFromOsm(db, ctx.actorOf(req), req.params.id, req.body ?? {})),
  );

  r.post(
    '/access/networks/:id/resident-sets/synthetic',
    {
      config: { ...WRITE, audit: { action: 'circles.resident_set.synthetic' } },
      schema: {
        tags,
        summary:
          'Create SYNTHETIC residents: one point per network node, population by nearby road length (for demos without population data)',
        params: z.object({ id: Id }),
        body: z
          .object({
            name: z.string().max(200).optional(),
            peoplePerKm: z.number().positive().max(100000).optional(),
            regionCode: RegionCode.optional(),
          })
          .default({}),
        response: { 201: PointSet, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.syntheticResidentSet(db, ctx.actorOf(req), req.params.id, req.body ?? {})),
  );
}
