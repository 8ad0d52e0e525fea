/**
 * REST routes of the accessibility module (15分钟公共服务圈), registered under /api/v1:
 * networks from OSM extracts, facility and resident sets, coverage runs (stored, immutable),
 * blind spots, isochrones, site suggestions and what-if scenarios (computed, not stored), and
 * writing coverage as the SERVICE_CIRCLE_COVERAGE indicator. Thin: validation here (zod → OpenAPI),
 * work in service.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_PRESET } from '@gongfu/engine/circles';
import { AppError } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { csv, Datum, errorResponses, FeatureCollection, RegionCode } from '../http/schemas.js';
import * as service from './service.js';
import {
  AnalysisBody,
  FacilityItem,
  IndicatorWriteResult,
  Mode,
  NetworkMeta,
  PointIn,
  PointSet,
  ResidentItem,
  Run,
  RunResidents,
  RunWithReport,
  SiteSuggestionResult,
  WhatIfResult,
} from './schemas.js';

const Id = z.coerce.number().int().positive();
const tags = ['access'];

// Access declarations (config.access, checked by the access-control layer): reading and computing
// on request need data:read, storing networks/sets/runs and writing indicators need data:import;
// data are region-scoped (service queries apply inScope). Held in variables so the route
// options type-check with or without the access-control module's FastifyContextConfig augmentation.
const READ = { access: { permission: 'data:read' as const, scope: 'region' as const } };
const WRITE = { access: { permission: 'data:import' as const, scope: 'region' as const } };
const READ_GLOBAL = { access: { permission: 'data:read' as const, scope: 'global' as const } };

const setQuery = z.object({
  name: z.string().max(200).optional(),
  source: z.string().max(500).optional().describe('where the list comes from (default: the file name)'),
  datum: Datum.default('wgs84').describe('datum of the coordinates in the file; GCJ-02 (Amap/Tencent) and BD-09 (Baidu) are converted to WGS-84'),
  networkId: Id.optional(),
  regionCode: RegionCode.optional().describe('data scope of the set'),
  synthetic: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

async function upload(req: FastifyRequest, ctx: AppContext): Promise<{ bytes: Buffer; fileName: string }> {
  const file = await req.file();
  if (!file) throw new AppError('FILE_MISSING', 400, { zh: '请选择要上传的文件（字段 file）', en: 'No file uploaded (multipart field "file")' });
  try {
    return { bytes: await file.toBuffer(), fileName: file.filename };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const mb = (ctx.config.importMaxBytes / 1024 / 1024).toFixed(1);
      throw new AppError('FILE_TOO_LARGE', 413, { zh: `文件 ${file.filename} 超过上限 ${mb} MB`, en: `File ${file.filename} is over the ${mb} MB limit` });
    }
    throw err;
  }
}

export async function circlesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get('/access/presets/default', {
    config: READ_GLOBAL,
    schema: { tags, summary: 'The default preset: facility categories and GB 50180-2018 / Zhejiang life-circle thresholds (editable JSON)', response: { 200: z.unknown() } },
  }, async () => DEFAULT_PRESET);

  // ---------------------------------------------------------------- networks
  r.post('/access/networks', {
    config: WRITE,
    schema: {
      tags,
      summary: 'Upload an OpenStreetMap extract (.osm.pbf or .osm XML, multipart field "file") and build its road network',
      consumes: ['multipart/form-data'],
      querystring: z.object({
        mode: Mode.default('walking'),
        name: z.string().max(200).optional(),
        source: z.string().max(500).optional().describe('attribution; default © OpenStreetMap contributors, ODbL'),
        regionCode: RegionCode.optional(),
        synthetic: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
      }),
      response: { 201: NetworkMeta, ...errorResponses },
    },
  }, async (req, reply) => {
    const { bytes, fileName } = await upload(req, ctx);
    const meta = await service.importNetwork(db, ctx.actorOf(req), bytes, { fileName, ...req.query });
    return reply.code(201).send(meta);
  });

  r.get('/access/networks', {
    config: READ,
    schema: { tags, summary: 'Road networks in the caller’s scope', response: { 200: z.object({ items: z.array(NetworkMeta) }), ...errorResponses } },
  }, async (req) => ({ items: await service.listNetworks(db, ctx.actorOf(req)) }));

  r.get('/access/networks/:id', {
    config: READ,
    schema: { tags, summary: 'One road network', params: z.object({ id: Id }), response: { 200: NetworkMeta, ...errorResponses } },
  }, async (req) => service.networkMeta(db, ctx.actorOf(req), req.params.id));

  r.get('/access/networks/:id/geojson', {
    config: READ,
    schema: {
      tags,
      summary: 'The network’s edges as GeoJSON LineStrings (WGS-84 or converted for Chinese base maps)',
      params: z.object({ id: Id }),
      querystring: z.object({ datum: Datum.default('wgs84') }),
      response: { 200: FeatureCollection, ...errorResponses },
    },
  }, async (req) => service.networkGeoJSON(db, ctx.actorOf(req), req.params.id, req.query.datum));

  r.post('/access/networks/:id/facility-sets', {
    config: WRITE,
    schema: {
      tags,
      summary: 'Create a facility set from the OSM tags of the uploaded extract (amenity=school → education, …)',
      params: z.object({ id: Id }),
      body: z.object({ name: z.string().max(200).optional(), categories: z.array(z.string()).optional(), regionCode: RegionCode.optional() }).default({}),
      response: { 201: PointSet, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await service.facilitySetFromOsm(db, ctx.actorOf(req), req.params.id, req.body ?? {})));

  r.post('/access/networks/:id/resident-sets/synthetic', {
    config: WRITE,
    schema: {
      tags,
      summary: 'Create SYNTHETIC residents: one point per network node, population by nearby road length (for demos without population data)',
      params: z.object({ id: Id }),
      body: z.object({ name: z.string().max(200).optional(), peoplePerKm: z.number().positive().max(100000).optional(), regionCode: RegionCode.optional() }).default({}),
      response: { 201: PointSet, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await service.syntheticResidentSet(db, ctx.actorOf(req), req.params.id, req.body ?? {})));

  // ---------------------------------------------------------------- facility and resident sets
  r.post('/access/facility-sets', {
    config: WRITE,
    schema: {
      tags,
      summary: 'Upload facilities (.xlsx, .csv or GeoJSON; columns 名称/name, 类别/category, 经度/lon, 纬度/lat, 容量/capacity, 区划代码/region)',
      consumes: ['multipart/form-data'],
      querystring: setQuery.extend({ categories: z.string().optional().describe('extra category ids allowed besides the default preset’s, comma-separated') }),
      response: { 201: PointSet, ...errorResponses },
    },
  }, async (req, reply) => {
    const { bytes, fileName } = await upload(req, ctx);
    const q = req.query;
    const set = await service.importFacilitySet(db, ctx.actorOf(req), bytes, { ...q, categories: csv(q.categories), fileName, maxBytes: ctx.config.importMaxBytes });
    return reply.code(201).send(set);
  });

  r.post('/access/resident-sets', {
    config: WRITE,
    schema: {
      tags,
      summary: 'Upload resident points (.xlsx, .csv or GeoJSON; columns 经度/lon, 纬度/lat, 人口/population, 区划代码/region, 编号/id)',
      consumes: ['multipart/form-data'],
      querystring: setQuery,
      response: { 201: PointSet, ...errorResponses },
    },
  }, async (req, reply) => {
    const { bytes, fileName } = await upload(req, ctx);
    const set = await service.importResidentSet(db, ctx.actorOf(req), bytes, { ...req.query, fileName, maxBytes: ctx.config.importMaxBytes });
    return reply.code(201).send(set);
  });

  r.get('/access/facility-sets', {
    config: READ,
    schema: { tags, summary: 'Facility sets in the caller’s scope', response: { 200: z.object({ items: z.array(PointSet) }), ...errorResponses } },
  }, async (req) => ({ items: await service.listSets(db, ctx.actorOf(req), 'facility') }));

  r.get('/access/facility-sets/:id', {
    config: READ,
    schema: {
      tags,
      summary: 'A facility set with its facilities (WGS-84)',
      params: z.object({ id: Id }),
      response: { 200: PointSet.extend({ items: z.array(FacilityItem) }), ...errorResponses },
    },
  }, async (req) => {
    const { meta, items } = await service.facilitySetItems(db, ctx.actorOf(req), req.params.id);
    return { ...meta, items };
  });

  r.get('/access/resident-sets', {
    config: READ,
    schema: { tags, summary: 'Resident sets in the caller’s scope', response: { 200: z.object({ items: z.array(PointSet) }), ...errorResponses } },
  }, async (req) => ({ items: await service.listSets(db, ctx.actorOf(req), 'resident') }));

  r.get('/access/resident-sets/:id', {
    config: READ,
    schema: {
      tags,
      summary: 'A resident set with its points (WGS-84)',
      params: z.object({ id: Id }),
      response: { 200: PointSet.extend({ items: z.array(ResidentItem) }), ...errorResponses },
    },
  }, async (req) => {
    const { meta, items } = await service.residentSetItems(db, ctx.actorOf(req), req.params.id);
    return { ...meta, items };
  });

  // ---------------------------------------------------------------- coverage runs
  r.post('/access/runs', {
    config: WRITE,
    schema: {
      tags,
      summary: 'Run a coverage analysis (per level, region and category; blind spots) and store it (runs are immutable)',
      body: AnalysisBody.extend({ note: z.string().max(2000).optional() }),
      response: { 201: RunWithReport, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await service.runCoverage(db, ctx.actorOf(req), req.body)));

  r.get('/access/runs', {
    config: READ,
    schema: { tags, summary: 'Stored analysis runs (without reports)', response: { 200: z.object({ items: z.array(Run) }), ...errorResponses } },
  }, async (req) => ({ items: (await service.listRuns(db, ctx.actorOf(req))).map(({ report: _r, ...run }) => run) }));

  r.get('/access/runs/:id', {
    config: READ,
    schema: { tags, summary: 'A run with its coverage report', params: z.object({ id: Id }), response: { 200: RunWithReport, ...errorResponses } },
  }, async (req) => service.getRunSummary(db, ctx.actorOf(req), req.params.id));

  r.get('/access/runs/:id/residents', {
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
  }, async (req) => service.runResidents(db, ctx.actorOf(req), req.params.id));

  r.get('/access/runs/:id/blind-spots', {
    config: READ,
    schema: {
      tags,
      summary: 'Blind spots (clusters of residents not covered) as GeoJSON points',
      params: z.object({ id: Id }),
      querystring: z.object({ level: z.string().optional(), category: z.string().optional().describe('category id, or * for the full circle'), datum: Datum.default('wgs84') }),
      response: { 200: FeatureCollection, ...errorResponses },
    },
  }, async (req) => service.runBlindSpots(db, ctx.actorOf(req), req.params.id, req.query));

  r.post('/access/runs/:id/indicators', {
    config: WRITE,
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
  }, async (req) => service.writeCoverageIndicator(db, ctx.actorOf(req), req.params.id, req.body));

  // ---------------------------------------------------------------- computed on request, not stored
  r.post('/access/what-if', {
    config: READ,
    schema: {
      tags,
      summary: 'What-if: coverage before and after adding and/or closing facilities (not stored)',
      body: AnalysisBody.extend({
        add: z.array(PointIn).optional(),
        close: z.array(z.string()).optional().describe('ids of facilities to close'),
        datum: Datum.default('wgs84').describe('datum of the added facilities’ coordinates'),
      }),
      response: {
        200: WhatIfResult,
        ...errorResponses,
      },
    },
  }, async (req) => service.whatIfScenario(db, ctx.actorOf(req), req.body));

  r.post('/access/site-suggestions', {
    config: READ,
    schema: {
      tags,
      summary: 'Suggest k new sites for a category (greedy maximal coverage; candidates given or sampled network nodes; not stored)',
      body: AnalysisBody.omit({ levels: true, regionPrefixLengths: true, blindSpotDistanceM: true }).extend({
        category: z.string(),
        k: z.number().int().min(1).max(100),
        level: z.string().optional().describe('take the threshold from this preset level (default gb50180-15min)'),
        meters: z.number().positive().optional(),
        minutes: z.number().positive().optional(),
        candidates: z.array(z.object({ id: z.string().min(1), lon: z.number(), lat: z.number() })).max(20000).optional(),
        datum: Datum.default('wgs84'),
        maxCandidates: z.number().int().min(1).max(20000).optional(),
      }),
      response: {
        200: SiteSuggestionResult,
        ...errorResponses,
      },
    },
  }, async (req) => service.siteSuggestions(db, ctx.actorOf(req), req.body));

  r.post('/access/isochrones', {
    config: READ,
    schema: {
      tags,
      summary: 'Isochrones (GeoJSON MultiPolygons) of a stored facility or a point, for several travel times',
      body: z.object({
        networkId: z.number().int().positive(),
        facilitySetId: z.number().int().positive().optional(),
        facilityId: z.string().optional(),
        lon: z.number().optional(),
        lat: z.number().optional(),
        datum: Datum.default('wgs84').describe('datum of lon/lat'),
        minutes: z.array(z.number().positive().max(120)).max(6).optional().describe('default [5, 10, 15]'),
        outDatum: Datum.default('wgs84'),
        cellSizeM: z.number().min(5).max(500).optional(),
      }),
      response: { 200: FeatureCollection, ...errorResponses },
    },
  }, async (req) => service.isochroneGeoJSON(db, ctx.actorOf(req), req.body));
}
