import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { sendDownload } from '../http/download.js';
import { errorResponses, ImportPreview, PageQuery, pageOf, DryRunFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { columnsQuery, headerRowsQuery, mappingQuery, parseColumns, parseHeaderRows, parseMapping } from '../imports/params.js';
import { CONTENT_TYPES } from '../exports/table-writer.js';
import { writeTemplate } from '../exports/service.js';
import { ATTACHMENT_MAX_BYTES, attachmentOf, setAttachment } from './attachment.js';
import { reviewOf } from './review.js';
import { AssignmentStatus, EntryBody, NewTaskBody, Reason, Review, Task, TaskBoard, UnitParams } from './schemas.js';
import { accept, returnSubmission, submit, submitEntry, withdrawSubmission } from './submission.js';
import { createTask, remind, taskBoard, tasksPage, visibleTask } from './tasks.js';

const READ = { access: { permission: 'data:read' as const, scope: 'region' as const } };
const MANAGE = { access: { permission: 'collect:manage' as const, scope: 'region' as const } };
const SUBMIT = { access: { permission: 'collect:submit' as const, scope: 'region' as const } };
const Moved = z.object({ status: AssignmentStatus, withdrawn: z.number().optional(), published: z.number().optional() });
const IdParams = z.object({ id: z.coerce.number().int().positive() });

export async function collectRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/report-tasks',
    {
      config: READ,
      schema: {
        summary: 'Reporting tasks the caller issued (their office) or must report for (their unit), latest deadline first',
        querystring: PageQuery,
        response: { 200: pageOf(Task), ...errorResponses },
      },
    },
    async (req) => tasksPage(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/report-tasks',
    {
      config: { ...MANAGE, audit: { action: 'collect.task.create' } },
      schema: {
        summary: 'Issue a reporting task to units (towns); each unit is notified',
        body: NewTaskBody,
        response: { 200: Task, ...errorResponses },
      },
    },
    async (req) => createTask(db, ctx.actorOf(req), req.body),
  );

  r.get(
    '/report-tasks/:id',
    {
      config: READ,
      schema: {
        summary: 'A task and its board: every unit in the caller’s scope with status, late/overdue flags, returns and reminders',
        params: IdParams,
        response: { 200: TaskBoard, ...errorResponses },
      },
    },
    async (req) => {
      const board = await taskBoard(db, ctx.actorOf(req), req.params.id);
      return { task: board.task, assignments: board.assignments.map(({ regionPath: _p, ...a }) => a) };
    },
  );

  r.post(
    '/report-tasks/:id/remind',
    {
      config: { ...MANAGE, audit: { action: 'collect.remind' } },
      schema: {
        summary: '催报: notify every unit that has not reported (pending or returned)',
        params: IdParams,
        response: { 200: z.object({ units: z.number(), accounts: z.number() }), ...errorResponses },
      },
    },
    async (req) => remind(db, ctx.actorOf(req), req.params.id),
  );

  r.get(
    '/report-tasks/:id/units/:unit/review',
    {
      config: READ,
      schema: {
        summary: 'A unit’s values for the task beside the previous period and the same period last year, with flags',
        params: UnitParams,
        response: { 200: Review, ...errorResponses },
      },
    },
    async (req) => reviewOf(db, ctx.actorOf(req), req.params.id, req.params.unit),
  );

  r.get(
    '/report-tasks/:id/units/:unit/template',
    {
      config: { ...SUBMIT, audit: { action: 'indicator_set.template' } },
      schema: {
        summary: 'The unit’s template for the task (.xlsx): its region and the regions below, the period filled in',
        params: UnitParams,
        querystring: z.object({ lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (req, reply) => {
      const actor = ctx.actorOf(req);
      const task = await visibleTask(db, actor, req.params.id);
      const out = new PassThrough();
      const fileName = `${req.query.lang === 'zh' ? '填报模板' : 'template'}-${task.title}-${task.period}.xlsx`;
      void writeTemplate(
        db,
        actor,
        { set: task.indicatorSet, format: 'xlsx', layout: 'wide', lang: req.query.lang, region: req.params.unit, period: task.period },
        out,
      ).catch((e) => out.destroy(e));
      return sendDownload(reply, { fileName, contentType: CONTENT_TYPES.xlsx, body: out });
    },
  );

  r.post(
    '/report-tasks/:id/units/:unit/submission',
    {
      config: {
        ...SUBMIT,
        audit: {
          action: 'collect.submit',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary: 'Submit the unit’s workbook (multipart field "file") as 初步 values of the task; dryRun=true previews only',
        consumes: ['multipart/form-data'],
        params: UnitParams,
        querystring: z.object({
          dryRun: DryRunFlag,
          note: z.string().max(2000).optional(),
          mapping: mappingQuery,
          columns: columnsQuery,
          headerRows: headerRowsQuery,
        }),
        response: { 200: ImportPreview, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '报送', en: 'submission' });
      return submit(db, ctx.actorOf(req), req.params.id, req.params.unit, {
        bytes,
        fileName,
        dryRun: req.query.dryRun,
        note: req.query.note,
        mapping: parseMapping(req.query.mapping),
        columns: parseColumns(req.query.columns),
        headerRows: parseHeaderRows(req.query.headerRows),
        maxBytes: ctx.config.importMaxBytes,
      });
    },
  );

  r.post(
    '/report-tasks/:id/attachment',
    {
      config: { ...MANAGE, audit: { action: 'collect.attachment' } },
      schema: {
        summary: 'Attach (or replace) the task’s attachment template: Word, Excel, PDF or ZIP, ≤ 10 MB, multipart field "file"',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: z.object({ fileName: z.string(), bytes: z.number(), sha256: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(ATTACHMENT_MAX_BYTES, ctx.config.importMaxBytes);
      const file = await readUpload(req, limit, { zh: '作为任务附件上传', en: 'attach' });
      return setAttachment(db, ctx.actorOf(req), req.params.id, file, ctx.config.importMaxBytes);
    },
  );

  r.get(
    '/report-tasks/:id/attachment',
    {
      config: READ,
      schema: { summary: 'Download the task’s attachment template (its office and its units)', params: IdParams },
    },
    async (req, reply) => {
      const f = await attachmentOf(db, ctx.actorOf(req), req.params.id);
      return sendDownload(reply, { fileName: f.fileName, contentType: f.contentType, body: Buffer.from(f.bytes) });
    },
  );

  r.post(
    '/report-tasks/:id/units/:unit/entry',
    {
      config: {
        ...SUBMIT,
        audit: {
          action: 'collect.submit',
          unless: { reason: 'a dry run only previews', when: (req) => (req.body as { dryRun?: boolean }).dryRun === true },
        },
      },
      schema: {
        summary:
          'Submit values filled in on screen (在线填报) as 初步 values of the task, checked like an upload; problems name the field path',
        params: UnitParams,
        body: EntryBody,
        response: { 200: ImportPreview, ...errorResponses },
      },
    },
    async (req) =>
      submitEntry(db, ctx.actorOf(req), req.params.id, req.params.unit, {
        values: req.body.values,
        note: req.body.note,
        dryRun: req.body.dryRun,
        maxBytes: ctx.config.importMaxBytes,
      }),
  );

  r.post(
    '/report-tasks/:id/units/:unit/withdraw',
    {
      config: { ...SUBMIT, audit: { action: 'collect.withdraw' } },
      schema: {
        summary: 'The unit withdraws its submission before review (撤回)',
        params: UnitParams,
        body: Reason,
        response: { 200: Moved, ...errorResponses },
      },
    },
    async (req) => withdrawSubmission(db, ctx.actorOf(req), req.params.id, req.params.unit, req.body.reason),
  );

  r.post(
    '/report-tasks/:id/units/:unit/return',
    {
      config: { ...MANAGE, audit: { action: 'collect.return' } },
      schema: {
        summary: 'Return a submission with a reason (退回)',
        params: UnitParams,
        body: Reason,
        response: { 200: Moved, ...errorResponses },
      },
    },
    async (req) => returnSubmission(db, ctx.actorOf(req), req.params.id, req.params.unit, req.body.reason),
  );

  r.post(
    '/report-tasks/:id/units/:unit/accept',
    {
      config: { ...MANAGE, audit: { action: 'collect.accept' } },
      schema: {
        summary: 'Accept a submission: its values are published as 正式',
        params: UnitParams,
        response: { 200: Moved, ...errorResponses },
      },
    },
    async (req) => accept(db, ctx.actorOf(req), req.params.id, req.params.unit),
  );
}
