import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { errorResponses, PageQuery, pageOf, DryRunFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { sendDownload } from '../http/download.js';
import { CONTENT_TYPES } from '../exports/table-writer.js';
import { monthlyReport } from './report.js';
import { createProblem, deleteProblem, importInvestment, listProblems, projectBoard, projectDetail, updateProblem } from './projects.js';
import {
  BreakdownReport,
  InvestmentImport,
  Milestone,
  MilestoneDecision,
  MilestoneReport,
  MilestoneTree,
  Month,
  Problem,
  ProblemBody,
  ProjectBoard,
  ProjectDetail,
  TargetBody,
  TargetDetail,
  TargetItem,
  TargetQuery,
  Year,
} from './schemas.js';
import {
  attachEvidence,
  decideMilestone,
  downloadEvidence,
  EVIDENCE_MAX_BYTES,
  milestoneTree,
  reportMilestone,
  writeMilestoneScoreboard,
} from './milestones.js';
import { breakdownOf, createTarget, listTargets, targetDetail, updateTarget, writeScoreboard } from './service.js';

const READ = { access: { permission: 'targets:read' as const, scope: 'region' as const } };
const MANAGE = { access: { permission: 'targets:manage' as const, scope: 'region' as const } };
const REPORT = { access: { permission: 'targets:report' as const, scope: 'region' as const } };
const FileParams = z.object({ id: z.coerce.number().int().positive(), file: z.coerce.number().int().positive() });
const PROBLEMS = { access: { permission: 'targets:problems' as const, scope: 'region' as const } };
const Id = z.object({ id: z.coerce.number().int().positive() });
const strip = <T extends { months: unknown; history: unknown; forecastErrors: unknown; thresholds: unknown }>(t: T) => {
  const { months: _m, history: _h, forecastErrors: _f, thresholds: _t, ...rest } = t;
  return rest;
};

export async function targetsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/targets',
    {
      config: READ,
      schema: {
        summary: 'Targets of a year with progress, light, red streak, year-end forecast and what each remaining month needs',
        querystring: TargetQuery.extend(PageQuery.shape),
        response: { 200: pageOf(TargetItem), ...errorResponses },
      },
    },
    async (req) => {
      const { page, pageSize, year, parent, top, light } = req.query;
      const p = await listTargets(db, ctx.actorOf(req), { year, parent, top, light }, { page, pageSize });
      return { ...p, items: p.items.map(strip) };
    },
  );

  r.get(
    '/targets/:id',
    {
      config: READ,
      schema: {
        summary: 'One target with its monthly series, history and forecast errors on past years',
        params: Id,
        response: { 200: TargetDetail, ...errorResponses },
      },
    },
    async (req) => targetDetail(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/targets',
    {
      config: { ...MANAGE, audit: { action: 'targets.create' } },
      schema: {
        summary: 'Create a target (or a sub-target with parentId)',
        body: TargetBody,
        response: { 200: TargetDetail, ...errorResponses },
      },
    },
    async (req) => createTarget(db, ctx.actorOf(req), req.body),
  );

  r.put(
    '/targets/:id',
    {
      config: { ...MANAGE, audit: { action: 'targets.update' } },
      schema: { summary: 'Update a target', params: Id, body: TargetBody, response: { 200: TargetDetail, ...errorResponses } },
    },
    async (req) => updateTarget(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.get(
    '/targets/:id/breakdown',
    {
      config: READ,
      schema: {
        summary: 'Breakdown check: do the sub-targets add up (or weight up by base value) to the target?',
        params: Id,
        response: { 200: BreakdownReport, ...errorResponses },
      },
    },
    async (req) => breakdownOf(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/targets/scoreboard',
    {
      config: { ...MANAGE, audit: { action: 'targets.scoreboard' } },
      schema: {
        summary: 'Write 目标按序时进度完成率 (share of green targets) per responsible region for a month, as observations',
        body: z.object({ year: Year, month: Month }),
        response: {
          200: z.object({
            period: z.string(),
            regions: z.number(),
            inserted: z.number(),
            revised: z.number(),
            unchanged: z.number(),
            batchId: z.number().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => writeScoreboard(db, ctx.actorOf(req), req.body.year, req.body.month),
  );

  r.get(
    '/targets/projects/board',
    {
      config: READ,
      schema: {
        summary: '661 project board: plan vs actual by special action, department and 镇街, share of the goal, laggards',
        querystring: z.object({ year: Year, month: Month.optional() }),
        response: { 200: ProjectBoard, ...errorResponses },
      },
    },
    async (req) => projectBoard(db, ctx.actorOf(req), req.query.year, req.query.month),
  );

  r.get(
    '/targets/projects/:id',
    {
      config: READ,
      schema: {
        summary: 'One major project: milestones, monthly plan and actual investment, lag warnings, problems',
        params: Id,
        querystring: z.object({ year: Year, month: Month.optional() }),
        response: { 200: ProjectDetail, ...errorResponses },
      },
    },
    async (req) => projectDetail(db, ctx.actorOf(req), req.query.year, req.params.id, req.query.month),
  );

  r.post(
    '/targets/projects/investment',
    {
      config: {
        ...MANAGE,
        audit: {
          action: 'targets.investment.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary: 'Import monthly actual investment of major projects (项目编号, 月份, 当月完成投资（亿元）; multipart field "file")',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          year: Year,
          dryRun: DryRunFlag,
        }),
        response: { 200: InvestmentImport, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '项目投资', en: 'project investment' });
      return importInvestment(db, ctx.actorOf(req), bytes, {
        fileName,
        year: req.query.year,
        dryRun: req.query.dryRun,
        maxBytes: ctx.config.importMaxBytes,
      });
    },
  );

  r.get(
    '/targets/problems',
    {
      config: READ,
      schema: {
        summary: '要素保障 problems (all visible, or of one project), with overdue flags',
        querystring: z.object({ project: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ items: z.array(Problem) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listProblems(db, ctx.actorOf(req), req.query.project) }),
  );

  r.post(
    '/targets/projects/:id/problems',
    {
      config: { ...PROBLEMS, audit: { action: 'targets.problem.create' } },
      schema: {
        summary: 'Record a problem needing 要素保障 on a project',
        params: Id,
        body: ProblemBody,
        response: { 200: Problem, ...errorResponses },
      },
    },
    async (req) => createProblem(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.put(
    '/targets/problems/:id',
    {
      config: { ...PROBLEMS, audit: { action: 'targets.problem.update' } },
      schema: {
        summary: 'Update a problem (status, due date, owner)',
        params: Id,
        body: ProblemBody,
        response: { 200: Problem, ...errorResponses },
      },
    },
    async (req) => updateProblem(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.delete(
    '/targets/problems/:id',
    {
      config: { ...PROBLEMS, audit: { action: 'targets.problem.delete' } },
      schema: {
        summary: 'Delete a problem',
        params: Id,
        response: { 200: z.object({ id: z.number(), deleted: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => deleteProblem(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/targets/report.xlsx',
    {
      config: { ...READ, audit: { action: 'targets.report.export' } },
      schema: {
        summary: 'Monthly progress report (.xlsx): targets with lights and forecasts, project laggards, overdue milestones',
        querystring: z.object({ year: Year, month: Month.optional() }),
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await monthlyReport(db, ctx.actorOf(req), req.query.year, req.query.month);
      return sendDownload(reply, { fileName, contentType: CONTENT_TYPES.xlsx, body: bytes });
    },
  );

  // ---------------------------------------------------------------- 八大行动 milestones

  r.get(
    '/targets/milestones',
    {
      config: READ,
      schema: {
        summary: '八大行动 task tree: actions → tasks → milestones (those in scope) with status, evidence and overdue flags',
        response: { 200: MilestoneTree, ...errorResponses },
      },
    },
    async (req) => milestoneTree(db, ctx.actorOf(req)),
  );

  r.post(
    '/targets/milestones/:id/report',
    {
      config: { ...REPORT, audit: { action: 'targets.milestone.report' } },
      schema: {
        summary: 'Self-report a milestone (open or returned → reported) with a note and evidence links',
        params: Id,
        body: MilestoneReport,
        response: { 200: Milestone, ...errorResponses },
      },
    },
    async (req) => reportMilestone(db, ctx.actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/targets/milestones/:id/decision',
    {
      config: { ...MANAGE, audit: { action: ['targets.milestone.review', 'targets.milestone.accept', 'targets.milestone.return'] } },
      schema: {
        summary: 'Review (reported → reviewed), accept (reviewed → accepted) or return with a reason',
        params: Id,
        body: MilestoneDecision,
        response: { 200: Milestone, ...errorResponses },
      },
    },
    async (req) => decideMilestone(db, ctx.actorOf(req), req.params.id, req.body.decision, req.body.reason),
  );

  r.post(
    '/targets/milestones/:id/files',
    {
      config: { ...REPORT, audit: { action: 'targets.milestone.attach' } },
      schema: {
        summary: 'Attach an evidence file (PDF, image, OFD, Word, Excel; multipart field "file", 10 MB at most)',
        consumes: ['multipart/form-data'],
        params: Id,
        response: { 200: z.object({ id: z.number(), fileName: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      const file = await readUpload(req, EVIDENCE_MAX_BYTES, { zh: '作为佐证材料上传', en: 'attach' });
      return attachEvidence(db, ctx.actorOf(req), req.params.id, file);
    },
  );

  r.get(
    '/targets/milestones/:id/files/:file',
    {
      config: { ...READ, audit: { action: 'targets.milestone.download' } },
      schema: { summary: 'Download an evidence file of a milestone', params: FileParams },
    },
    async (req, reply) => {
      const f = await downloadEvidence(db, ctx.actorOf(req), req.params.id, req.params.file);
      return sendDownload(reply, { fileName: f.fileName, contentType: f.contentType, body: f.bytes });
    },
  );

  r.post(
    '/targets/milestones/scoreboard',
    {
      config: { ...MANAGE, audit: { action: 'targets.milestone.scoreboard' } },
      schema: {
        summary: 'Write 逾期未验收里程碑数 (overdue milestones) per responsible region at a date, as observations of its month',
        body: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
        response: {
          200: z.object({
            period: z.string(),
            regions: z.number(),
            inserted: z.number(),
            revised: z.number(),
            unchanged: z.number(),
            batchId: z.number().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => writeMilestoneScoreboard(db, ctx.actorOf(req), req.body.date),
  );
}
