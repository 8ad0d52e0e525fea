import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { DryRunFlag, ErrorBody, errorResponses } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { sendDownload } from '../http/download.js';
import { importHotline } from './hotline.js';
import {
  CaseDetail,
  CaseMap,
  CasePage,
  CaseQuery,
  CohandlerBody,
  ReferBody,
  ReferralChoices,
  ReferralQuery,
  ReplyBody,
  HotlineReport,
  CategoryBody,
  RoutingBody,
  RoutingKey,
  RoutingRule,
  UnitDepartmentBody,
  UnitStaffing,
  Category,
  IndicatorQuery,
  Indicators,
  IntakeBody,
  IntakeResult,
  MergeBody,
  PublishBody,
  PublishResult,
  Summary,
  TransitionBody,
  Unit,
} from './schemas.js';
import { open311Routes } from './routes-open311.js';
import * as service from './service.js';
import * as routing from './routing.js';

const READ = { access: { permission: 'events:read' as const, scope: 'region' as const } };
const REPORT = { access: { permission: 'events:report' as const, scope: 'region' as const } };
const DISPATCH = { access: { permission: 'events:dispatch' as const, scope: 'region' as const } };
const MANAGE = { access: { permission: 'events:manage' as const, scope: 'region' as const } };
const Id = z.object({ id: z.coerce.number().int().positive() });
const errors = { ...errorResponses, 403: ErrorBody };

export async function eventsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  // deadlines are stored rows; the sweep marks overdue cases at start and then on a schedule
  let sweep: ReturnType<typeof service.startOverdueSweep> | undefined;
  const intervalMs = Number(process.env.GONGFU_EVENTS_SWEEP_MS) || 5 * 60_000;
  app.addHook('onReady', async () => {
    await service.sweepOverdue(db);
    sweep = service.startOverdueSweep(db, intervalMs, (err) => app.log.error({ err }, 'events overdue sweep failed'));
  });
  app.addHook('onClose', async () => {
    await sweep?.stop();
  });

  // Open311 GeoReport v2 in its own scope (its own body parser and error shape)
  await app.register(async (scope) => open311Routes(scope, ctx), { prefix: '/open311/v2' });

  r.get(
    '/events/categories',
    {
      config: READ,
      schema: {
        summary: 'Event categories (大类 and 小类) with stage deadlines',
        response: { 200: z.object({ items: z.array(Category) }), ...errors },
      },
    },
    async () => ({ items: await service.categories(db) }),
  );

  r.get(
    '/events/units',
    {
      config: READ,
      schema: {
        summary: 'Handling units (属地 towns and villages, 条线 departments)',
        response: { 200: z.object({ items: z.array(Unit) }), ...errors },
      },
    },
    async () => ({ items: await service.units(db) }),
  );

  r.post(
    '/events/cases',
    {
      config: { ...REPORT, audit: { action: ['events.report', 'events.report.retry'] } },
      schema: {
        summary: 'Report an event (上报). 201 with the new case; a retry with the same idempotency key answers 200 with the same case',
        body: IntakeBody,
        response: { 200: IntakeResult, 201: IntakeResult, ...errors },
      },
    },
    async (req, reply) => {
      const out = await service.intake(db, ctx.actorOf(req), req.body);
      return reply.code(out.created ? 201 : 200).send(out);
    },
  );

  r.get(
    '/events/cases',
    {
      config: READ,
      schema: {
        summary: 'Cases in the caller’s scope; queue=dispatcher|handler|supervisor gives that role’s work list, overdue first',
        querystring: CaseQuery,
        response: { 200: CasePage, ...errors },
      },
    },
    async (req) => service.listCases(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/events/cases/:id',
    {
      config: READ,
      schema: {
        summary: 'One case: timeline, the actions the caller may take now, the routing suggestion, possible duplicates',
        params: Id,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => service.detailOf(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/events/cases/:id/transitions',
    {
      config: { ...READ, audit: { action: 'events.transition' } },
      schema: {
        summary:
          'Take an action on a case (受理, 立案, 派遣, 处置, 反馈, 核查, 结案, 回退, 改派, 延期, 挂账, 返工, 督办, 升级 …) at the version seen; 409 VERSION_CONFLICT when someone was first',
        params: Id,
        body: TransitionBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => service.transition(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/events/cases/:id/merge',
    {
      config: { ...DISPATCH, audit: { action: 'events.merge' } },
      schema: {
        summary:
          '合并重复事件: close this case as 重复, linked to `into`; both timelines show it, both reporters are notified; 409 VERSION_CONFLICT on a stale version',
        params: Id,
        body: MergeBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => service.merge(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/events/cases/:id/cohandlers',
    {
      config: { ...DISPATCH, audit: { action: 'events.cohandle' } },
      schema: {
        summary: '协办: add a co-handling unit to a dispatched case (version-checked)',
        params: Id,
        body: CohandlerBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => service.addCohandler(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/events/cases/:id/referrals',
    {
      config: { ...DISPATCH, audit: { action: 'events.refer' } },
      schema: {
        summary:
          '移送执法: refer the case to enforcement; an enforcement case (立案) is opened on the enterprise and item in the same transaction',
        params: Id,
        body: ReferBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => service.referToEnforcement(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.get(
    '/events/referral-choices',
    {
      config: DISPATCH,
      schema: {
        summary: '移送执法: the enterprises (in your scope) and 执法事项 a referral may name, 20 of each matching the texts',
        querystring: ReferralQuery,
        response: { 200: ReferralChoices, ...errors },
      },
    },
    async (req) => service.referralChoices(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/events/cases/:id/replies',
    {
      config: { ...READ, audit: { action: 'events.cohandle.reply' } },
      schema: {
        summary: 'A co-handling unit’s reply (协办意见) in the timeline',
        params: Id,
        body: ReplyBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => service.cohandlerReply(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/events/cases/:id/files',
    {
      config: { ...READ, audit: { action: 'events.attach' } },
      schema: {
        summary:
          'Attach a photo or document (JPG, PNG, PDF, Word, Excel; ≤ 10 MB, ≤ 20 per case; multipart field "file") to the report or the handling',
        consumes: ['multipart/form-data'],
        params: Id,
        querystring: z.object({ stage: z.enum(['report', 'handling']).default('report') }),
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => {
      const file = await readUpload(req, service.FILE_MAX_BYTES, { zh: '作为事件附件上传', en: 'attach' });
      return service.attachFile(db, ctx.actorOf(req), req.params.id, req.query.stage, file);
    },
  );

  r.get(
    '/events/cases/:id/files/:file',
    {
      config: READ,
      schema: {
        summary: 'Download a photo or attachment of a case',
        params: z.object({ id: z.coerce.number().int().positive(), file: z.coerce.number().int().positive() }),
      },
    },
    async (req, reply) => {
      const f = await service.downloadFile(db, ctx.actorOf(req), req.params.id, req.params.file);
      return sendDownload(reply, { fileName: f.fileName, contentType: f.contentType, body: f.bytes });
    },
  );

  r.put(
    '/events/categories/:code',
    {
      config: { ...MANAGE, audit: { action: 'events.category.set' } },
      schema: {
        summary:
          'Create or change an event category: a 大类 (no deadlines) or a 小类 under one with its handling and closing deadlines (district scope only)',
        params: z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]{1,59}$/) }),
        body: CategoryBody,
        response: { 200: Category, ...errors },
      },
    },
    async (req) => routing.setCategory(db, ctx.actorOf(req), req.params.code, req.body),
  );

  r.get(
    '/events/routing',
    {
      config: READ,
      schema: {
        summary: 'The routing table in your scope: category × region → unit or 属地 (the most specific region wins)',
        response: { 200: z.object({ items: z.array(RoutingRule) }), ...errors },
      },
    },
    async (req) => ({ items: await routing.routing(db, ctx.actorOf(req)) }),
  );

  r.put(
    '/events/routing',
    {
      config: { ...MANAGE, audit: { action: 'events.routing.set' } },
      schema: {
        summary: 'Set the routing rule of a category in a region (a unit, or locality town/village; exactly one)',
        body: RoutingBody,
        response: { 200: RoutingRule, ...errors },
      },
    },
    async (req) => routing.setRouting(db, ctx.actorOf(req), req.body),
  );

  r.delete(
    '/events/routing',
    {
      config: { ...MANAGE, audit: { action: 'events.routing.delete' } },
      schema: {
        summary: 'Remove the routing rule of a category in a region (a wider region’s rule applies again)',
        querystring: RoutingKey,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await routing.deleteRouting(db, ctx.actorOf(req), req.query.categoryCode, req.query.regionCode);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/events/units/departments',
    {
      config: MANAGE,
      schema: {
        summary: '条线 department units and the administration department whose staff handle their cases',
        response: { 200: z.object({ items: z.array(UnitStaffing) }), ...errors },
      },
    },
    async () => ({ items: await routing.departmentUnits(db) }),
  );

  r.put(
    '/events/units/:code/department',
    {
      config: { ...MANAGE, audit: { action: 'events.unit.department' } },
      schema: {
        summary: 'Staff a department unit: its cases are handled by that administration department (and its sub-departments); null unlinks',
        params: z.object({ code: z.string().min(1).max(60) }),
        body: UnitDepartmentBody,
        response: { 200: UnitStaffing, ...errors },
      },
    },
    async (req) => routing.setUnitDepartment(db, ctx.actorOf(req), req.params.code, req.body.departmentId),
  );

  r.post(
    '/events/hotline/import',
    {
      config: {
        ...DISPATCH,
        audit: {
          action: 'events.hotline.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary:
          'Import 12345 hotline work orders (CSV/Excel; 工单编号, 来电时间, 诉求内容, 地址, 所属镇街, 所属村社, 诉求分类, 来电人, 联系电话; names, not codes; multipart field "file"). Idempotent on 工单编号; dryRun=true (default) reports only',
        consumes: ['multipart/form-data'],
        querystring: z.object({ dryRun: DryRunFlag }),
        response: { 200: HotlineReport, ...errors },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '12345 工单', en: '12345 work orders' });
      return importHotline(db, ctx.actorOf(req), bytes, { fileName, dryRun: req.query.dryRun, maxBytes: ctx.config.importMaxBytes });
    },
  );

  r.get(
    '/events/indicators',
    {
      config: READ,
      schema: {
        summary: '按期处置率, 结案率, 按期结案率, 返工率, 延期率 (numerator and denominator) and 超期未处置数 per town, unit or category',
        querystring: IndicatorQuery,
        response: { 200: Indicators, ...errors },
      },
    },
    async (req) => service.indicators(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/events/indicators/publish',
    {
      config: { ...MANAGE, audit: { action: 'events.indicators' } },
      schema: {
        summary: 'Write the year’s event indicators per town and for the district to the indicator catalogue (observation writer)',
        body: PublishBody,
        response: { 200: PublishResult, ...errors },
      },
    },
    async (req) => service.publishIndicators(db, ctx.actorOf(req), req.body.year, '330603000000'),
  );

  r.get(
    '/events/map',
    {
      config: READ,
      schema: {
        summary: 'The live map: open cases per town and the newest open cases with a location (at most 2,000; overdue first)',
        response: { 200: CaseMap, ...errors },
      },
    },
    async (req) => service.mapOf(db, ctx.actorOf(req)),
  );

  r.get(
    '/events/summary',
    {
      config: READ,
      schema: {
        summary: 'Open, overdue, warning (≥ 80 % used) and closed-this-month counts for the cockpit',
        response: { 200: Summary, ...errors },
      },
    },
    async (req) => service.summaryOf(db, ctx.actorOf(req)),
  );
}
