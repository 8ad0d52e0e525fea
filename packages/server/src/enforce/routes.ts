import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { ErrorBody, errorResponses, PageQuery, DryRunFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import {
  Alert,
  AlertQuery,
  CaseBody,
  CaseDetail,
  CasePage,
  CaseTransitionBody,
  DeadlinePage,
  DeadlineQuery,
  DrawBody,
  DrawCheck,
  DrawDetail,
  DrawPage,
  Inspection,
  InspectionBody,
  InspectionPage,
  InspectionQuery,
  PlanBody,
  PlanDetail,
  PlanInspectionBody,
  PlanPage,
  Inspector,
  InspectorBody,
  ItemImport,
  ItemPage,
  ItemVersion,
  ObjectChecklist,
  ScenarioObject,
  ItemQuery,
  ObjectPage,
  ObjectQuery,
  Scenario,
  ScenarioBody,
} from './schemas.js';
import * as service from './service.js';
import * as followup from './followup.js';
import { BurdenPage, BurdenQuery, CaseStats, CaseStatsQuery, FollowUp, OrderBody } from './schemas.js';
import { sendDownload } from '../http/download.js';
import { departments, listInspectorsUnscoped } from './repository.js';

const READ_CATALOGUE = { access: { permission: 'enforce:read' as const, scope: 'global' as const } };
const MANAGE_CATALOGUE = { access: { permission: 'enforce:manage' as const, scope: 'global' as const } };
const READ = { access: { permission: 'enforce:read' as const, scope: 'region' as const } };
const INSPECT = { access: { permission: 'enforce:inspect' as const, scope: 'region' as const } };
const MANAGE = { access: { permission: 'enforce:manage' as const, scope: 'region' as const } };
const Id = z.object({ id: z.coerce.number().int().positive() });
const errors = { ...errorResponses, 403: ErrorBody };

export async function enforceRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  // case deadlines are stored rows; the sweep marks overdue ones at start and then on a schedule
  let sweep: ReturnType<typeof service.startDeadlineSweep> | undefined;
  const intervalMs = Number(process.env.GONGFU_ENFORCE_SWEEP_MS) || 5 * 60_000;
  app.addHook('onReady', async () => {
    await service.sweepDeadlines(db);
    sweep = service.startDeadlineSweep(db, intervalMs, (err) => app.log.error({ err }, 'enforce deadline sweep failed'));
  });
  app.addHook('onClose', async () => {
    await sweep?.stop();
  });

  r.get(
    '/enforce/deadlines',
    {
      config: READ,
      schema: {
        summary: 'Case deadlines in 工作日 (立案 after a failed inspection, 结案 after 立案) in the caller’s scope, soonest first',
        querystring: DeadlineQuery,
        response: { 200: DeadlinePage, ...errors },
      },
    },
    async (req) => service.listDeadlines(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/enforce/items',
    {
      config: READ_CATALOGUE,
      schema: {
        summary: 'The item catalogue (监管事项, 执法事项): search by code, name, department, legal basis or subject type',
        querystring: ItemQuery,
        response: { 200: ItemPage, ...errors },
      },
    },
    async (req) => service.listItems(db, req.query),
  );

  r.get(
    '/enforce/items/:code/versions',
    {
      config: READ_CATALOGUE,
      schema: {
        summary: 'The versions of a catalogue item, newest first, each with the fields it changed, who and when',
        params: z.object({ code: z.string().min(1).max(64) }),
        response: { 200: z.object({ items: z.array(ItemVersion) }), ...errors },
      },
    },
    async (req) => ({ items: await service.itemVersions(db, req.params.code) }),
  );

  r.get(
    '/enforce/departments',
    {
      config: READ_CATALOGUE,
      schema: {
        summary: 'Departments named by items and inspectors',
        response: { 200: z.object({ items: z.array(z.string()) }), ...errors },
      },
    },
    async () => ({ items: await departments(db) }),
  );

  r.post(
    '/enforce/items/import',
    {
      config: {
        ...MANAGE_CATALOGUE,
        audit: {
          action: 'enforce.items.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary:
          'Import the item catalogue from a department list (.xlsx/.csv, multipart field "file"); items are upserted by code, all or nothing',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          dryRun: DryRunFlag,
        }),
        response: { 200: ItemImport, ...errors },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '事项清单', en: 'item list' });
      return service.importItems(db, ctx.actorOf(req), bytes, { fileName, dryRun: req.query.dryRun, maxBytes: ctx.config.importMaxBytes });
    },
  );

  r.get(
    '/enforce/scenarios',
    {
      config: READ_CATALOGUE,
      schema: {
        summary: '"一件事" scenarios with their departments and combined checklist (no duplicates across departments)',
        response: { 200: z.object({ items: z.array(Scenario) }), ...errors },
      },
    },
    async () => ({ items: await service.scenarios(db) }),
  );

  r.put(
    '/enforce/scenarios',
    {
      config: { ...MANAGE_CATALOGUE, audit: { action: 'enforce.scenario.save' } },
      schema: { summary: 'Create or replace a "一件事" scenario', body: ScenarioBody, response: { 200: Scenario, ...errors } },
    },
    async (req) => service.saveScenario(db, ctx.actorOf(req), req.body),
  );

  const ScenarioObjectParams = z.object({ code: z.string().min(1).max(64), id: z.coerce.number().int().positive() });
  const ScenarioObjects = z.object({ items: z.array(ScenarioObject) });

  r.get(
    '/enforce/scenarios/:code/objects',
    {
      config: READ,
      schema: {
        summary: 'The objects of the caller’s scope enrolled in a "一件事" scenario',
        params: z.object({ code: z.string().min(1).max(64) }),
        response: { 200: ScenarioObjects, ...errors },
      },
    },
    async (req) => service.scenarioObjects(db, ctx.actorOf(req), req.params.code),
  );

  r.put(
    '/enforce/scenarios/:code/objects/:id',
    {
      config: { ...INSPECT, audit: { action: 'enforce.scenario.enrol' } },
      schema: {
        summary: 'Enrol an inspection object of the caller’s scope in a scenario (its checklist then includes the scenario’s items)',
        params: ScenarioObjectParams,
        response: { 200: ScenarioObjects, ...errors },
      },
    },
    async (req) => service.enrolObject(db, ctx.actorOf(req), req.params.code, req.params.id),
  );

  r.delete(
    '/enforce/scenarios/:code/objects/:id',
    {
      config: { ...INSPECT, audit: { action: 'enforce.scenario.withdraw' } },
      schema: {
        summary: 'Withdraw an inspection object of the caller’s scope from a scenario',
        params: ScenarioObjectParams,
        response: { 200: ScenarioObjects, ...errors },
      },
    },
    async (req) => service.withdrawObject(db, ctx.actorOf(req), req.params.code, req.params.id),
  );

  r.get(
    '/enforce/objects/:id/checklist',
    {
      config: READ,
      schema: {
        summary:
          'An object’s one combined checklist: every item of the scenarios it is enrolled in, each once, by department then position',
        params: Id,
        response: { 200: ObjectChecklist, ...errors },
      },
    },
    async (req) => service.objectChecklist(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/enforce/inspectors',
    {
      config: READ_CATALOGUE,
      schema: {
        summary: 'Inspectors (执法检查人员) with department and town of residence',
        querystring: z.object({ department: z.string().max(100).optional() }),
        response: { 200: z.object({ items: z.array(Inspector) }), ...errors },
      },
    },
    async (req) => ({ items: await listInspectorsUnscoped(db, req.query.department) }),
  );

  r.put(
    '/enforce/inspectors',
    {
      config: { ...MANAGE_CATALOGUE, audit: { action: 'enforce.inspectors.save' } },
      schema: {
        summary: 'Create or update inspectors by code',
        body: z.object({ items: z.array(InspectorBody).min(1).max(1000) }),
        response: { 200: z.object({ items: z.array(Inspector) }), ...errors },
      },
    },
    async (req) => ({ items: await service.saveInspectors(db, ctx.actorOf(req), req.body.items) }),
  );

  r.put(
    '/enforce/objects/:id/conflicts',
    {
      config: { ...MANAGE, audit: { action: 'enforce.conflicts.save' } },
      schema: {
        summary: 'Replace the inspectors listed as related to an object (利害关系): they are never drawn for it',
        params: Id,
        body: z.object({ inspectorCodes: z.array(z.string().min(1).max(64)).max(200) }),
        response: { 200: z.object({ inspectorCodes: z.array(z.string()) }), ...errors },
      },
    },
    async (req) => ({ inspectorCodes: await service.saveConflicts(db, ctx.actorOf(req), req.params.id, req.body.inspectorCodes) }),
  );

  r.get(
    '/enforce/objects',
    {
      config: READ,
      schema: {
        summary: 'Inspection objects (enterprises of the subjects registry) in the caller’s scope with risk class',
        querystring: ObjectQuery,
        response: { 200: ObjectPage, ...errors },
      },
    },
    async (req) => service.listObjects(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/enforce/draws',
    {
      config: { ...MANAGE, audit: { action: 'enforce.draw' } },
      schema: {
        summary:
          'Run a 双随机 draw: objects per risk class at the given ratios, ≥ 2 inspectors each with recusal; the candidate lists, rules, seed and result are stored',
        body: DrawBody,
        response: { 200: DrawDetail, ...errors },
      },
    },
    async (req) => service.runDrawFor(db, ctx.actorOf(req), req.body),
  );

  r.get(
    '/enforce/draws',
    {
      config: READ,
      schema: { summary: 'Draws in the caller’s scope, newest first', querystring: PageQuery, response: { 200: DrawPage, ...errors } },
    },
    async (req) => service.listDraws(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/enforce/draws/:id',
    {
      config: READ,
      schema: {
        summary: 'One draw: seed, nonce, strata, rules and the published assignments',
        params: Id,
        response: { 200: DrawDetail, ...errors },
      },
    },
    async (req) => service.drawDetail(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/enforce/draws/:id/verify',
    {
      config: READ,
      schema: {
        summary: 'Re-run a draw from its stored inputs and nonce and compare with the stored result',
        params: Id,
        response: { 200: DrawCheck, ...errors },
      },
    },
    async (req) => service.verify(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/enforce/inspections',
    {
      config: READ,
      schema: {
        summary: 'Inspection records in the caller’s scope',
        querystring: InspectionQuery,
        response: { 200: InspectionPage, ...errors },
      },
    },
    async (req) => service.listInspections(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/enforce/inspections',
    {
      config: { ...INSPECT, audit: { action: 'enforce.inspection' } },
      schema: {
        summary: 'Record an inspection (one department, or a 综合查一次 joint visit of several)',
        body: InspectionBody,
        response: { 200: Inspection, ...errors },
      },
    },
    async (req) => service.recordInspection(db, ctx.actorOf(req), req.body),
  );

  r.get(
    '/enforce/alerts',
    {
      config: READ,
      schema: {
        summary:
          'Repeated-inspection alerts: an object inspected by more than maxDepartments departments within days days outside a joint plan',
        querystring: AlertQuery,
        response: { 200: z.object({ items: z.array(Alert) }), ...errors },
      },
    },
    async (req) => ({ items: await service.alerts(db, ctx.actorOf(req), req.query) }),
  );

  r.get(
    '/enforce/cases',
    {
      config: READ,
      schema: { summary: 'Enforcement cases in the caller’s scope', querystring: PageQuery, response: { 200: CasePage, ...errors } },
    },
    async (req) => service.listCases(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/enforce/cases/:id',
    {
      config: READ,
      schema: { summary: 'One enforcement case with its stage log and next stages', params: Id, response: { 200: CaseDetail, ...errors } },
    },
    async (req) => service.caseDetail(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/enforce/cases',
    {
      config: { ...INSPECT, audit: { action: 'enforce.case.open' } },
      schema: {
        summary: 'Open an enforcement case (立案) on an object for an item, optionally from a failed inspection',
        body: CaseBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => service.openCase(db, ctx.actorOf(req), req.body),
  );

  r.post(
    '/enforce/cases/:id/transitions',
    {
      config: { ...INSPECT, audit: { action: 'enforce.case.transition' } },
      schema: {
        summary:
          'Move a case one stage (立案 → 调查 → 决定 → 执行 → 结案) at the version seen; 409 VERSION_CONFLICT when someone was first',
        params: Id,
        body: CaseTransitionBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => service.moveCase(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/enforce/plans',
    {
      config: { ...INSPECT, audit: { action: 'enforce.plan.create' } },
      schema: {
        summary: '综合查一次: plan one joint visit — objects, lead and participating departments, date, items from the catalogue',
        body: PlanBody,
        response: { 200: PlanDetail, ...errors },
      },
    },
    async (req) => service.createPlan(db, ctx.actorOf(req), req.body),
  );

  r.get(
    '/enforce/plans',
    {
      config: READ,
      schema: { summary: 'Joint inspection plans in the caller’s scope', querystring: PageQuery, response: { 200: PlanPage, ...errors } },
    },
    async (req) => service.listPlans(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/enforce/plans/:id',
    {
      config: READ,
      schema: {
        summary: 'One joint plan with its combined checklist and objects (with their inspection)',
        params: Id,
        response: { 200: PlanDetail, ...errors },
      },
    },
    async (req) => service.planDetail(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/enforce/plans/:id/inspections',
    {
      config: { ...INSPECT, audit: { action: 'enforce.inspection' } },
      schema: {
        summary: 'Record the plan’s visit to one of its objects: a result (合格/不合格 with note) for every item of the checklist',
        params: Id,
        body: PlanInspectionBody,
        response: { 200: Inspection, ...errors },
      },
    },
    async (req) => service.recordPlanInspection(db, ctx.actorOf(req), req.params.id, req.body),
  );

  const FileParams = z.object({ id: z.coerce.number().int().positive(), file: z.coerce.number().int().positive() });

  r.get(
    '/enforce/inspections/:id/follow-up',
    {
      config: READ,
      schema: {
        summary: 'An inspection with its photos, 责令整改 orders and the cases opened from it',
        params: Id,
        response: { 200: FollowUp, ...errors },
      },
    },
    async (req) => followup.followUp(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/enforce/inspections/:id/files',
    {
      config: { ...INSPECT, audit: { action: 'enforce.inspection.file' } },
      schema: {
        summary: 'Attach a photo (JPG, PNG, PDF, Word; ≤ 10 MB; multipart field "file") to one checklist item of an inspection',
        consumes: ['multipart/form-data'],
        params: Id,
        querystring: z.object({ item: z.string().min(1).max(64) }),
        response: { 200: FollowUp, ...errors },
      },
    },
    async (req) => {
      const file = await readUpload(req, followup.FILE_MAX_BYTES, { zh: '作为检查照片上传', en: 'attach' });
      return followup.attachInspectionFile(db, ctx.actorOf(req), req.params.id, req.query.item, file);
    },
  );

  r.get(
    '/enforce/inspections/:id/files/:file',
    { config: READ, schema: { summary: 'Download a photo of an inspection', params: FileParams } },
    async (req, reply) => {
      const f = await followup.inspectionFile(db, ctx.actorOf(req), req.params.id, req.params.file);
      return sendDownload(reply, { fileName: f.fileName, contentType: f.contentType, body: f.bytes });
    },
  );

  r.post(
    '/enforce/inspections/:id/orders',
    {
      config: { ...INSPECT, audit: { action: 'enforce.order' } },
      schema: {
        summary: '责令整改: order a failed item of the inspection put right by a date',
        params: Id,
        body: OrderBody,
        response: { 200: FollowUp, ...errors },
      },
    },
    async (req) => followup.orderRectification(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/enforce/cases/:id/files',
    {
      config: { ...INSPECT, audit: { action: 'enforce.case.file' } },
      schema: {
        summary: 'Attach a document (JPG, PNG, PDF, Word; ≤ 10 MB; multipart field "file") to a case, under its current stage',
        consumes: ['multipart/form-data'],
        params: Id,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => {
      const file = await readUpload(req, followup.FILE_MAX_BYTES, { zh: '作为案件文书上传', en: 'attach' });
      return followup.attachCaseFile(db, ctx.actorOf(req), req.params.id, file);
    },
  );

  r.get(
    '/enforce/cases/:id/files/:file',
    { config: READ, schema: { summary: 'Download a document of a case', params: FileParams } },
    async (req, reply) => {
      const f = await followup.caseFile(db, ctx.actorOf(req), req.params.id, req.params.file);
      return sendDownload(reply, { fileName: f.fileName, contentType: f.contentType, body: f.bytes });
    },
  );

  r.post(
    '/enforce/draws/:id/publish',
    {
      config: { ...MANAGE, audit: { action: 'enforce.draw.publish' } },
      schema: { summary: '公开: publish a draw’s result (once)', params: Id, response: { 200: DrawDetail, ...errors } },
    },
    async (req) => {
      await followup.publishDraw(db, ctx.actorOf(req), req.params.id);
      return service.drawDetail(db, ctx.actorOf(req), req.params.id);
    },
  );

  r.get(
    '/enforce/statistics',
    {
      config: READ,
      schema: {
        summary: 'Enforcement cases per department and per item, by stage, in the caller’s scope',
        querystring: CaseStatsQuery,
        response: { 200: CaseStats, ...errors },
      },
    },
    async (req) => followup.caseStatistics(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/enforce/burden',
    {
      config: READ,
      schema: {
        summary: 'Inspection burden per enterprise: visits, joint (综合查一次) and separate, distinct departments',
        querystring: BurdenQuery,
        response: { 200: BurdenPage, ...errors },
      },
    },
    async (req) => followup.burden(db, ctx.actorOf(req), req.query),
  );
}
