/** Routes of facility and resident sets: upload from a spreadsheet or GeoJSON, list and read. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { csv, Datum, errorResponses, RegionCode, queryFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { Id, READ, tags, WRITE } from './route-config.js';
import { FacilityItem, PointSet, ResidentItem } from './schemas.js';
import * as service from './service.js';

const setQuery = z.object({
  name: z.string().max(200).optional(),
  source: z.string().max(500).optional().describe('where the list comes from (default: the file name)'),
  datum: Datum.default('wgs84').describe(
    'datum of the coordinates in the file; GCJ-02 (Amap/Tencent) and BD-09 (Baidu) are converted to WGS-84',
  ),
  networkId: Id.optional(),
  regionCode: RegionCode.optional().describe('data scope of the set'),
  synthetic: queryFlag(false),
});

export async function setRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.post(
    '/access/facility-sets',
    {
      config: { ...WRITE, audit: { action: 'circles.facility_set.import' } },
      schema: {
        tags,
        summary:
          'Upload facilities (.xlsx, .csv or GeoJSON; columns 名称/name, 类别/category, 经度/lon, 纬度/lat, 容量/capacity, 区划代码/region)',
        consumes: ['multipart/form-data'],
        querystring: setQuery.extend({
          categories: z.string().optional().describe('extra category ids allowed besides the default preset’s, comma-separated'),
        }),
        response: { 201: PointSet, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes);
      const q = req.query;
      const set = await service.importFacilitySet(db, ctx.actorOf(req), bytes, {
        ...q,
        categories: csv(q.categories),
        fileName,
        maxBytes: ctx.config.importMaxBytes,
      });
      return reply.code(201).send(set);
    },
  );

  r.post(
    '/access/resident-sets',
    {
      config: { ...WRITE, audit: { action: 'circles.resident_set.import' } },
      schema: {
        tags,
        summary: 'Upload resident points (.xlsx, .csv or GeoJSON; columns 经度/lon, 纬度/lat, 人口/population, 区划代码/region, 编号/id)',
        consumes: ['multipart/form-data'],
        querystring: setQuery,
        response: { 201: PointSet, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes);
      const set = await service.importResidentSet(db, ctx.actorOf(req), bytes, {
        ...req.query,
        fileName,
        maxBytes: ctx.config.importMaxBytes,
      });
      return reply.code(201).send(set);
    },
  );

  r.get(
    '/access/facility-sets',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Facility sets in the caller’s scope',
        response: { 200: z.object({ items: z.array(PointSet) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await service.listSets(db, ctx.actorOf(req), 'facility') }),
  );

  r.get(
    '/access/facility-sets/:id',
    {
      config: READ,
      schema: {
        tags,
        summary: 'A facility set with its facilities (WGS-84)',
        params: z.object({ id: Id }),
        response: { 200: PointSet.extend({ items: z.array(FacilityItem) }), ...errorResponses },
      },
    },
    async (req) => {
      const { meta, items } = await service.facilitySetItems(db, ctx.actorOf(req), req.params.id);
      return { ...meta, items };
    },
  );

  r.get(
    '/access/resident-sets',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Resident sets in the caller’s scope',
        response: { 200: z.object({ items: z.array(PointSet) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await service.listSets(db, ctx.actorOf(req), 'resident') }),
  );

  r.get(
    '/access/resident-sets/:id',
    {
      config: READ,
      schema: {
        tags,
        summary: 'A resident set with its points (WGS-84)',
        params: z.object({ id: Id }),
        response: { 200: PointSet.extend({ items: z.array(ResidentItem) }), ...errorResponses },
      },
    },
    async (req) => {
      const { meta, items } = await service.residentSetItems(db, ctx.actorOf(req), req.params.id);
      return { ...meta, items };
    },
  );
}
