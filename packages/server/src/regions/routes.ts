import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { csv, Datum, errorResponses, FeatureCollection, queryFlag, Region, RegionCode, RegionLevel } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { getRegion, listRegions } from './repository.js';
import { boundaryCollection, importBoundaries, readBoundaryFile, saveTiles, tileMap } from './service.js';
import { BoundaryDatum, BoundaryReport, BoundaryFileReport, TileMapSchema } from './schemas.js';

export async function regionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const read = { access: { permission: 'region:read' as const, scope: 'region' as const } };
  const WRITE = { permission: 'region:write' as const, scope: 'region' as const };
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
        querystring: z.object({
          codes: z.string().optional(),
          parent: RegionCode.optional(),
          under: RegionCode.optional().describe('with level: every region below this one at that level (the counties of a province)'),
          level: RegionLevel.optional(),
          datum: Datum.default('wgs84'),
        }),
        response: { 200: FeatureCollection, ...errorResponses },
      },
    },
    async (req) =>
      boundaryCollection(
        db,
        ctx.actorOf(req),
        { codes: csv(req.query.codes), parent: req.query.parent, under: req.query.under, level: req.query.level },
        req.query.datum,
      ),
  );

  const dryRunAudit = (action: string) => ({
    action,
    unless: { reason: 'a dry run only previews', when: (req: { query: unknown }) => (req.query as { dryRun: boolean }).dryRun },
  });

  r.post(
    '/regions/boundaries',
    {
      bodyLimit: 100 * 1024 * 1024,
      config: { access: WRITE, audit: dryRunAudit('region.boundaries') },
      schema: {
        tags: ['regions'],
        summary: 'Upload boundaries (GeoJSON FeatureCollection with a code or adcode property per feature; Point features are centroids)',
        querystring: z.object({ dryRun: queryFlag(false).describe('report matches and unmatched codes, store nothing') }),
        body: z.object({
          datum: BoundaryDatum.describe('datum of the uploaded coordinates (auto: fitted to the parent’s stored outline)'),
          source: z.string().min(1).describe('where the outlines come from (attribution)'),
          geojson: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }),
        }),
        response: { 200: BoundaryReport, ...errorResponses },
      },
    },
    async (req) =>
      importBoundaries(db, ctx.actorOf(req), req.body.geojson, {
        datum: req.body.datum,
        source: req.body.source,
        dryRun: req.query.dryRun,
      }),
  );

  r.post(
    '/regions/boundaries/file',
    {
      config: { access: WRITE, audit: dryRunAudit('region.boundaries') },
      schema: {
        tags: ['regions'],
        summary:
          'Upload 镇街/村社 outlines or centroids as a file: GeoJSON (.geojson/.json) or a zipped shapefile (.shp/.dbf, optional .prj/.cpg)',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          datum: BoundaryDatum.default('auto').describe('auto: from the .prj, else fitted to the parent’s stored outline'),
          source: z.string().min(1).max(200),
          dryRun: queryFlag(false),
        }),
        response: { 200: BoundaryFileReport, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '上传边界', en: 'upload outlines' });
      const file = readBoundaryFile(bytes, fileName);
      const report = await importBoundaries(db, ctx.actorOf(req), file.collection, {
        datum: req.query.datum,
        source: req.query.source,
        dryRun: req.query.dryRun,
        prj: file.prj,
      });
      return { ...report, fileName, layers: file.layers };
    },
  );

  r.get(
    '/regions/tiles',
    {
      config: read,
      schema: {
        tags: ['regions'],
        summary: 'Schematic tile map (示意图) of a region’s children, or of its regions at one level: one cell each',
        querystring: z.object({ layout: RegionCode.describe('the region whose map it is'), level: RegionLevel.optional() }),
        response: { 200: TileMapSchema, ...errorResponses },
      },
    },
    async (req) => tileMap(db, ctx.actorOf(req), req.query.layout, req.query.level),
  );

  r.put(
    '/regions/tiles/:layout',
    {
      config: { access: WRITE, audit: { action: 'region.tiles' } },
      schema: {
        tags: ['regions'],
        summary: 'Save the cells a user placed on a schematic map (an empty list returns it to the automatic layout)',
        params: z.object({ layout: RegionCode }),
        body: z.object({
          level: RegionLevel.nullable().optional(),
          cells: z
            .array(z.object({ code: RegionCode, col: z.number().int().min(0).max(999), row: z.number().int().min(0).max(999) }))
            .max(2000),
        }),
        response: { 200: TileMapSchema, ...errorResponses },
      },
    },
    async (req) => saveTiles(db, ctx.actorOf(req), req.params.layout, req.body),
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
