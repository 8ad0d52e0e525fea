import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { auditActions, auditPage, verifyAudit } from './service.js';
import { CalendarDate } from '../util/local-time.js';
import { AuditEntry, AuditVerification, pageOf, PageQuery } from '../http/schemas.js';

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
        summary: 'Audit log, newest first',
        querystring: z
          .object({
            actor: z.string().optional(),
            action: z.string().optional().describe('an action, or the start of one (`auth.`)'),
            from: CalendarDate.optional().describe('first day, Asia/Shanghai'),
            to: CalendarDate.optional().describe('last day, Asia/Shanghai'),
            before: z.coerce
              .number()
              .int()
              .optional()
              .describe('only entries older than this seq: keeps pages stable while new entries arrive'),
          })
          .extend(PageQuery.shape),
        response: { 200: pageOf(AuditEntry) },
      },
    },
    async (req) => {
      const { page, pageSize, before, ...filter } = req.query;
      return auditPage(db, { ...filter, beforeSeq: before }, { page, pageSize });
    },
  );

  r.get(
    '/audit/actions',
    {
      config: access,
      schema: { tags: ['audit'], summary: 'The actions on record', response: { 200: z.object({ items: z.array(z.string()) }) } },
    },
    async () => ({ items: await auditActions(db) }),
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
