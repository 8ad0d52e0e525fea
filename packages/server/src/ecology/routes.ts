import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { errorResponses, PageQuery, pageOf, readPage, RegionCode, DryRunFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { importReadings } from './readings.js';
import { countStations, regionOf, stationsOf } from './repository.js';
import {
  Annual,
  Calendar,
  DateText,
  DayDetail,
  IndicatorsReport,
  ReadingsReport,
  Station,
  StationType,
  TargetQuery,
  Year,
} from './schemas.js';
import { annual, calendar, dayDetail, townsAnnual, writeIndicators } from './service.js';
import { AppError } from '../errors.js';
import { riversRoutes, waterRoutes } from './routes-rivers.js';

const READ = { access: { permission: 'ecology:read' as const, scope: 'region' as const } };
const WRITE = { access: { permission: 'ecology:write' as const, scope: 'region' as const } };

export async function ecologyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/ecology/stations',
    {
      config: READ,
      schema: {
        summary: 'Air-quality monitoring stations in scope (subjects of kind station: national, provincial, micro)',
        querystring: PageQuery.extend({
          region: RegionCode.optional(),
          type: StationType.optional(),
          q: z.string().max(60).optional(),
        }),
        response: { 200: pageOf(Station), ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      const { page, pageSize, region, type, q } = req.query;
      let regionPath: string | undefined;
      if (region) {
        const found = await regionOf(db, actor, region);
        if (!found)
          throw new AppError('OUT_OF_SCOPE', 403, {
            zh: `地区「${region}」不在你的数据范围内`,
            en: `Region "${region}" is outside your data scope`,
          });
        regionPath = found.path;
      }
      const f = { regionPath, q, types: type ? [type] : undefined };
      return readPage(
        { page, pageSize },
        (w) => stationsOf(db, actor, f, w).then((rows) => rows.map(({ regionPath: _p, ...s }) => s)),
        () => countStations(db, actor, f),
      );
    },
  );

  r.post(
    '/ecology/readings',
    {
      config: {
        ...WRITE,
        audit: {
          action: 'ecology.readings.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary:
          'Import hourly readings (CSV/Excel; 站点编码, 时间, SO2, NO2, PM10, PM2.5, O3 µg/m³, CO mg/m³; multipart field "file"); replaces the same station-hours and recomputes their days',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          dryRun: DryRunFlag,
        }),
        response: { 200: ReadingsReport, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '监测数据', en: 'readings' });
      return importReadings(db, ctx.actorOf(req), bytes, { fileName, dryRun: req.query.dryRun, maxBytes: ctx.config.importMaxBytes });
    },
  );

  r.get(
    '/ecology/calendar',
    {
      config: READ,
      schema: {
        summary: 'Daily AQI (HJ 633-2012) of a year for a station, a town or the district (area = mean of its 国控/省控 stations)',
        querystring: TargetQuery,
        response: { 200: Calendar, ...errorResponses },
      },
    },
    async (req) => calendar(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/ecology/day',
    {
      config: READ,
      schema: {
        summary: 'One station’s day: hourly concentrations, IAQI, AQI and primary pollutant; the daily result',
        querystring: z.object({ station: z.string().min(1).max(64), date: DateText }),
        response: { 200: DayDetail, ...errorResponses },
      },
    },
    async (req) => dayDetail(db, ctx.actorOf(req), req.query.station, req.query.date),
  );

  r.get(
    '/ecology/annual',
    {
      config: READ,
      schema: {
        summary:
          'Annual statistics with validity (HJ 663-2013): 优良天数比例, PM2.5/PM10/SO2/NO2 means, O3 90th and CO 95th percentiles, against last year; per town',
        querystring: TargetQuery,
        response: { 200: Annual, ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      const result = await annual(db, actor, req.query);
      const towns = req.query.station ? [] : await townsAnnual(db, actor, req.query);
      return { ...result, towns };
    },
  );

  r.post(
    '/ecology/indicators',
    {
      config: { ...WRITE, audit: { action: 'ecology.indicators' } },
      schema: {
        summary: 'Write 空气质量优良天数比例 and the PM2.5 annual mean of the region and its towns as indicator values (valid years only)',
        body: z.object({ year: Year, region: RegionCode.optional() }),
        response: { 200: IndicatorsReport, ...errorResponses },
      },
    },
    async (req) => writeIndicators(db, ctx.actorOf(req), req.body),
  );
  await riversRoutes(app, ctx);
  await waterRoutes(app, ctx);
}
