import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { auditActions, auditPage, auditReadScope, verifyAudit } from './service.js';
import { CalendarDate, shanghaiToday } from '../util/local-time.js';
import { PassThrough } from 'node:stream';
import { sendDownload } from '../http/download.js';
import { CONTENT_TYPES } from '../exports/table-writer.js';
import { exportAudit } from './export.js';
import { AuditEntry, AuditVerification, pageOf, PageQuery } from '../http/schemas.js';

const AuditQuery = z.object({
  actor: z.string().optional(),
  action: z.string().optional().describe('an action, or the start of one (`auth.`)'),
  from: CalendarDate.optional().describe('first day, Asia/Shanghai'),
  to: CalendarDate.optional().describe('last day, Asia/Shanghai'),
  before: z.coerce.number().int().optional().describe('only entries older than this seq: keeps pages stable while new entries arrive'),
});

export async function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const access = { access: { permission: 'audit:read' as const, scope: 'global' as const } };
  r.get(
    '/audit',
    {
      config: access,
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first; a caller whose home region is a town reads the entries about that town only',
        querystring: AuditQuery.extend(PageQuery.shape),
        response: { 200: pageOf(AuditEntry) },
      },
    },
    async (req) => {
      const { page, pageSize, before, ...filter } = req.query;
      const scope = await auditReadScope(db, ctx.actorOf(req));
      return auditPage(db, scope, { ...filter, beforeSeq: before }, { page, pageSize });
    },
  );

  r.get(
    '/audit/export',
    {
      config: { ...access, audit: { action: 'audit.export' } },
      schema: {
        tags: ['audit'],
        summary: 'The matching audit entries as .xlsx or .csv (times in Asia/Shanghai with offset, hashes included); audited',
        querystring: AuditQuery.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx'), lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (req, reply) => {
      const { format, lang, before, ...filter } = req.query;
      const actor = ctx.actorOf(req);
      const scope = await auditReadScope(db, actor);
      const out = new PassThrough();
      void exportAudit(db, actor, scope, { ...filter, beforeSeq: before }, format, lang, out).catch((e) => out.destroy(e));
      const fileName = `${lang === 'zh' ? '审计日志' : 'audit-log'}_${shanghaiToday()}.${format}`;
      return sendDownload(reply, { fileName, contentType: CONTENT_TYPES[format], body: out });
    },
  );

  r.get(
    '/audit/actions',
    {
      config: access,
      schema: { tags: ['audit'], summary: 'The actions on record', response: { 200: z.object({ items: z.array(z.string()) }) } },
    },
    async (req) => ({ items: await auditActions(db, await auditReadScope(db, ctx.actorOf(req))) }),
  );

  r.get(
    '/audit/verify',
    {
      config: access,
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and list rows that were edited, deleted or reordered',
        response: { 200: AuditVerification },
      },
    },
    async () => verifyAudit(db),
  );
}
