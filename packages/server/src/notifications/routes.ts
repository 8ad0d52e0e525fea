import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { errorResponses } from '../http/schemas.js';
import { listNotifications, markRead } from './repository.js';

export const Notification = z.object({
  id: z.number(),
  kind: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  bodyZh: z.string(),
  bodyEn: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const own = { access: { permission: null, scope: 'account' as const } };

export async function notificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  r.get(
    '/notifications',
    {
      config: own,
      schema: {
        summary: 'The signed-in account’s notifications, newest first, and how many are unread',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(30) }),
        response: { 200: z.object({ items: z.array(Notification), unread: z.number() }), ...errorResponses },
      },
    },
    async (req) => listNotifications(db, ctx.actorOf(req).userId ?? -1, req.query.limit),
  );
  r.post(
    '/notifications/read',
    {
      config: { ...own, audit: { none: 'marks the caller’s own notifications read; no shared data changes' } },
      schema: {
        summary: 'Mark one notification (id) or all of them (no id) read',
        body: z.object({ id: z.number().int().optional() }),
        response: { 200: z.object({ changed: z.number() }), ...errorResponses },
      },
    },
    async (req) => ({ changed: await markRead(db, ctx.actorOf(req).userId ?? -1, req.body.id ?? null) }),
  );
}
