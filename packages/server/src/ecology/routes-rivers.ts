import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { sendDownload } from '../http/download.js';
import { DryRunFlag, errorResponses, PageQuery, pageOf, readPage } from '../http/schemas.js';
import { countWaterSamples, importWater, waterMonths, waterSamples, writeWaterIndicators } from './water.js';
import { countProblems, problemList } from './rivers-repository.js';
import { Year } from './schemas.js';
import { readUpload } from '../http/upload.js';
import {
  ChiefBody,
  ChiefLevel,
  Code,
  CompletionReport,
  Patrol,
  PatrolBody,
  PatrolDetail,
  PatrolIndicatorsBody,
  ProblemItem,
  WaterMonths,
  PatrolIndicatorsReport,
  PatrolQuery,
  PatrolRule,
  PatrolRuleBody,
  Photo,
  Reach,
  ReachBody,
  ReachQuery,
  River,
  RiverBody,
  SpanQuery,
} from './rivers-schemas.js';
import * as svc from './rivers-service.js';

const READ = { access: { permission: 'ecology:read' as const, scope: 'region' as const } };
const WRITE = { access: { permission: 'ecology:write' as const, scope: 'region' as const } };
const PATROL = { access: { permission: 'ecology:rivers' as const, scope: 'region' as const } };
const Id = z.coerce.number().int().positive();

export async function riversRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/ecology/rivers',
    {
      config: READ,
      schema: { summary: '河道 in scope with the number of their reaches you see', response: { 200: z.array(River), ...errorResponses } },
    },
    async (req) => svc.rivers(db, ctx.actorOf(req)),
  );
  r.put(
    '/ecology/rivers/:code',
    {
      config: { ...WRITE, audit: { action: 'ecology.river.save' } },
      schema: {
        summary: 'Create or change a river (optional GeoJSON line or outline)',
        params: z.object({ code: Code }),
        body: RiverBody,
        response: { 200: River, ...errorResponses },
      },
    },
    async (req) => svc.saveRiver(db, ctx.actorOf(req), req.params.code, req.body),
  );
  r.get(
    '/ecology/reaches',
    {
      config: READ,
      schema: {
        summary: '河段 with their chiefs (district/town/village) and patrol completion over a span',
        querystring: ReachQuery,
        response: { 200: pageOf(Reach), ...errorResponses },
      },
    },
    async (req) => svc.reachPage(db, ctx.actorOf(req), req.query),
  );
  r.put(
    '/ecology/reaches/:code',
    {
      config: { ...WRITE, audit: { action: 'ecology.reach.save' } },
      schema: {
        summary: 'Create or change a reach of a river in a town or village (optional GeoJSON)',
        params: z.object({ code: Code }),
        body: ReachBody,
        response: { 200: Reach, ...errorResponses },
      },
    },
    async (req) => svc.saveReach(db, ctx.actorOf(req), req.params.code, req.body),
  );
  r.put(
    '/ecology/reaches/:code/chiefs/:level',
    {
      config: { ...WRITE, audit: { action: 'ecology.chief.save' } },
      schema: {
        summary: 'Appoint the reach’s chief of a level: an account (username) or a named person',
        params: z.object({ code: Code, level: ChiefLevel }),
        body: ChiefBody,
        response: {
          200: z.object({
            id: z.number(),
            reachCode: z.string(),
            level: ChiefLevel,
            personName: z.string(),
            userId: z.number().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => svc.saveChief(db, ctx.actorOf(req), req.params.code, req.params.level, req.body),
  );
  r.get(
    '/ecology/patrol-rules',
    {
      config: READ,
      schema: {
        summary: 'Patrol frequency per chief level (at least one patrol every N days) with its source',
        response: { 200: z.array(PatrolRule), ...errorResponses },
      },
    },
    async () => svc.rules(db),
  );
  r.put(
    '/ecology/patrol-rules/:level',
    {
      config: {
        access: { permission: 'ecology:write' as const, scope: 'global' as const },
        audit: { action: 'ecology.rule.save' },
      },
      schema: {
        summary: 'Change a level’s patrol frequency (the county’s 河长办 document decides)',
        params: z.object({ level: ChiefLevel }),
        body: PatrolRuleBody,
        response: { 200: PatrolRule, ...errorResponses },
      },
    },
    async (req) => svc.saveRule(db, ctx.actorOf(req), req.params.level, req.body),
  );
  r.post(
    '/ecology/patrols',
    {
      config: { ...PATROL, audit: { action: 'ecology.patrol' } },
      schema: {
        summary:
          'Record a patrol (date, points or track, note, problems); each problem opens an event case with the reach and chief, in the same transaction',
        body: PatrolBody,
        response: { 200: PatrolDetail, ...errorResponses },
      },
    },
    async (req) => svc.recordPatrol(db, ctx.actorOf(req), req.body),
  );
  r.get(
    '/ecology/patrols',
    {
      config: READ,
      schema: {
        summary: 'Patrol records in scope, newest first',
        querystring: PatrolQuery,
        response: { 200: pageOf(Patrol), ...errorResponses },
      },
    },
    async (req) => svc.patrolPage(db, ctx.actorOf(req), req.query),
  );
  r.get(
    '/ecology/patrols/:id',
    {
      config: READ,
      schema: {
        summary: 'A patrol with its track, problems (and their event cases) and photos',
        params: z.object({ id: Id }),
        response: { 200: PatrolDetail, ...errorResponses },
      },
    },
    async (req) => svc.patrolDetail(db, ctx.actorOf(req), req.params.id),
  );
  r.post(
    '/ecology/patrols/:id/photos',
    {
      config: { ...PATROL, audit: { action: 'ecology.patrol.photo' } },
      schema: {
        summary: 'Add a photo to a patrol (JPG/PNG/WEBP/HEIC up to 10 MB, 9 per patrol; multipart field "file")',
        consumes: ['multipart/form-data'],
        params: z.object({ id: Id }),
        response: { 200: Photo, ...errorResponses },
      },
    },
    async (req) => {
      const file = await readUpload(req, Math.min(ctx.config.importMaxBytes, svc.PHOTO_MAX_BYTES), { zh: '照片', en: 'photo' });
      return svc.addPhoto(db, ctx.actorOf(req), req.params.id, file);
    },
  );
  r.get(
    '/ecology/patrols/:id/photos/:photo',
    {
      config: { ...READ, audit: { action: 'ecology.patrol.photo.download' } },
      schema: { summary: 'A patrol photo', params: z.object({ id: Id, photo: Id }) },
    },
    async (req, reply) => {
      const f = await svc.photo(db, ctx.actorOf(req), req.params.id, req.params.photo);
      return sendDownload(reply, { fileName: f.fileName, contentType: f.contentType, body: Buffer.from(f.bytes) });
    },
  );
  r.get(
    '/ecology/patrol-completion',
    {
      config: READ,
      schema: {
        summary: 'Patrol completion per chief, town and district over a span (Σ done periods / Σ expected periods)',
        querystring: SpanQuery,
        response: { 200: CompletionReport, ...errorResponses },
      },
    },
    async (req) => svc.completion(db, ctx.actorOf(req), req.query),
  );
  r.get(
    '/ecology/problems',
    {
      config: READ,
      schema: {
        summary: 'Problems found on patrols in scope, newest first, with the event case each opened',
        querystring: PageQuery.extend({ river: Code.optional() }),
        response: { 200: pageOf(ProblemItem), ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      const f = { river: req.query.river };
      return readPage(
        req.query,
        (w) => problemList(db, actor, f, w),
        () => countProblems(db, actor, f),
      );
    },
  );
  r.post(
    '/ecology/patrol-indicators',
    {
      config: { ...WRITE, audit: { action: 'ecology.patrol.indicators' } },
      schema: {
        summary: 'Write 河长巡河完成率 of a month for the towns and the district as indicator values',
        body: PatrolIndicatorsBody,
        response: { 200: PatrolIndicatorsReport, ...errorResponses },
      },
    },
    async (req) => svc.writePatrolIndicators(db, ctx.actorOf(req), req.body.month),
  );
}

export const WaterReport = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  sections: z.number(),
  classes: z.array(
    z.object({ section: z.string(), date: z.string(), class: z.number(), worst: z.array(z.string()), exceeding: z.array(z.string()) }),
  ),
});
export const WaterSample = z.object({
  section: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  targetClass: z.number().nullable(),
  date: z.string(),
  class: z.number().describe('1–5 = Ⅰ–Ⅴ, 6 = 劣Ⅴ (GB 3838-2002)'),
  worst: z.array(z.string()),
  exceeding: z.array(z.string()),
  vals: z.record(z.string(), z.number()),
});

export async function waterRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  r.post(
    '/ecology/water',
    {
      config: {
        ...WRITE,
        audit: {
          action: 'ecology.water.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary:
          'Import water-quality samples per section (CSV/Excel; 断面编码, 断面名称, 区划代码, 目标类别, 采样日期, GB 3838 items); classes by GB 3838-2002',
        consumes: ['multipart/form-data'],
        querystring: z.object({ dryRun: DryRunFlag }),
        response: { 200: WaterReport, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '水质数据', en: 'water-quality samples' });
      return importWater(db, ctx.actorOf(req), bytes, { fileName, dryRun: req.query.dryRun, maxBytes: ctx.config.importMaxBytes });
    },
  );
  r.post(
    '/ecology/water-indicators',
    {
      config: { ...WRITE, audit: { action: 'ecology.water.indicators' } },
      schema: {
        summary: 'Write 水质断面达标率 of a year (sections whose year class meets the target) for the towns and the district',
        body: z.object({ year: Year }),
        response: { 200: PatrolIndicatorsReport, ...errorResponses },
      },
    },
    async (req) => writeWaterIndicators(db, ctx.actorOf(req), req.body.year),
  );
  r.get(
    '/ecology/water/months',
    {
      config: READ,
      schema: {
        summary:
          'Each section’s GB 3838-2002 class per month and for the year (mean of the period’s samples, 环办〔2011〕22号), optionally of one river',
        querystring: z.object({ year: Year, river: Code.optional() }),
        response: { 200: WaterMonths, ...errorResponses },
      },
    },
    async (req) => {
      const sections = await waterMonths(db, ctx.actorOf(req), req.query.year, req.query.river);
      return { year: req.query.year, synthetic: sections.some((s) => s.synthetic), sections };
    },
  );
  r.get(
    '/ecology/water',
    {
      config: READ,
      schema: {
        summary: 'Water-quality samples in scope with their GB 3838-2002 class, worst and exceeding items',
        querystring: PageQuery.extend({ section: Code.optional() }),
        response: { 200: pageOf(WaterSample), ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      return readPage(
        req.query,
        (w) => waterSamples(db, actor, w, req.query.section),
        () => countWaterSamples(db, actor, req.query.section),
      );
    },
  );
}
