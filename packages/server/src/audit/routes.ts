import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { listAudit, verifyAudit } from './service.js';
import { AuditEntry, AuditVerification } from '../http/schemas.js';

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
        querystring: z.object({
          actor: z.string().optional(),
          action: z.string().optional(),
          before: z.coerce.number().int().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(AuditEntry) }) },
      },
    },
    async (req) => ({
      items: await listAudit(db, { actor: req.query.actor, action: req.query.action, beforeSeq: req.query.before, limit: req.query.limit }),
    }),
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
