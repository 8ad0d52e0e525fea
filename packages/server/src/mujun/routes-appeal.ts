import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { sendDownload } from '../http/download.js';
import { errorResponses } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { attachToAppeal, decideAppeal, downloadAppealFile, enterpriseRecord, fileAppeal, myRecord } from './appeal.js';
import { appealsOfRun } from './appeal-repository.js';
import { Appeal, AppealStatus, EnterpriseRecord } from './schemas.js';
import { visibleRun } from './service.js';

/** The enterprise account's own routes: no region scope, only its bound enterprise. */
const OWN = { access: { permission: 'mujun:own' as const, scope: 'account' as const } };
const READ = { access: { permission: 'mujun:read' as const, scope: 'region' as const } };
const RUN = { access: { permission: 'mujun:run' as const, scope: 'region' as const } };
const Id = z.object({ id: z.coerce.number().int().positive() });
const FileParams = Id.extend({ file: z.coerce.number().int().positive() });
/** An appeal's attachment: scans and documents, not bulk data. */
const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export async function mujunAppealRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/mujun/mine',
    {
      config: OWN,
      schema: {
        summary: 'The enterprise account’s own record: published results explained item by item, what would raise the class, appeals',
        response: { 200: EnterpriseRecord, ...errorResponses },
      },
    },
    async (req) => myRecord(db, ctx.actorOf(req)),
  );

  r.post(
    '/mujun/mine/appeals',
    {
      config: { ...OWN, audit: { action: 'mujun.appeal.file' } },
      schema: {
        summary: 'File an appeal against a published result while the 公示 window is open (one pending appeal per run)',
        body: z.object({ runId: z.number().int().positive(), reason: z.string().trim().min(5).max(2000) }),
        response: { 200: z.object({ id: z.number(), status: z.string() }), ...errorResponses },
      },
    },
    async (req) => fileAppeal(db, ctx.actorOf(req), req.body.runId, req.body.reason),
  );

  r.post(
    '/mujun/mine/appeals/:id/files',
    {
      config: { ...OWN, audit: { action: 'mujun.appeal.attach' } },
      schema: {
        summary: 'Attach a file (PDF, image, OFD, Word, Excel; multipart field "file") to a pending appeal',
        consumes: ['multipart/form-data'],
        params: Id,
        response: { 200: z.object({ id: z.number(), fileName: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      const file = await readUpload(req, ATTACHMENT_MAX_BYTES, { zh: '作为申诉附件上传', en: 'attach' });
      return attachToAppeal(db, ctx.actorOf(req), req.params.id, file);
    },
  );

  r.get(
    '/mujun/mine/appeals/:id/files/:file',
    { config: OWN, schema: { summary: 'Download an attachment of the enterprise’s own appeal', params: FileParams } },
    async (req, reply) => {
      const f = await downloadAppealFile(db, ctx.actorOf(req), req.params.id, req.params.file, true);
      return sendDownload(reply, { fileName: f.fileName, contentType: f.contentType, body: f.bytes });
    },
  );

  r.get(
    '/mujun/enterprises/:code/record',
    {
      config: READ,
      schema: {
        summary: 'An enterprise’s record as the enterprise sees it (officers answering questions)',
        params: z.object({ code: z.string().min(1).max(32) }),
        response: { 200: EnterpriseRecord, ...errorResponses },
      },
    },
    async (req) => enterpriseRecord(db, ctx.actorOf(req), req.params.code),
  );

  r.get(
    '/mujun/runs/:id/appeals',
    {
      config: READ,
      schema: {
        summary: 'Appeals against a run, pending first',
        params: Id,
        querystring: z.object({ status: AppealStatus.optional() }),
        response: { 200: z.object({ items: z.array(Appeal) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      await visibleRun(db, actor, req.params.id);
      return { items: await appealsOfRun(db, actor, req.params.id, req.query.status) };
    },
  );

  r.get(
    '/mujun/appeals/:id/files/:file',
    {
      config: { ...READ, audit: { action: 'mujun.appeal.download' } },
      schema: { summary: 'Download an appeal’s attachment', params: FileParams },
    },
    async (req, reply) => {
      const f = await downloadAppealFile(db, ctx.actorOf(req), req.params.id, req.params.file, false);
      return sendDownload(reply, { fileName: f.fileName, contentType: f.contentType, body: f.bytes });
    },
  );

  r.post(
    '/mujun/appeals/:id/decision',
    {
      config: { ...RUN, audit: { action: ['mujun.appeal.accept', 'mujun.appeal.reject'] } },
      schema: {
        summary: 'Accept or reject an appeal (rejection needs a reason); the enterprise is notified',
        params: Id,
        body: z.object({ accept: z.boolean(), note: z.string().max(1000).default('') }),
        response: { 200: z.object({ id: z.number(), status: z.string() }), ...errorResponses },
      },
    },
    async (req) => decideAppeal(db, ctx.actorOf(req), req.params.id, req.body.accept, req.body.note),
  );
}
