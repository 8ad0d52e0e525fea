/** Enrolment and removal of the TOTP second factor for the logged-in user. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { errorResponses } from '../http/schemas.js';
import { beginEnrolment, confirmEnrolment, disableSecondFactor, secondFactorEnabled } from './second-factor.js';

// reachable before the password change and before enrolment, like /auth/me
const own = { access: { permission: null, scope: 'account' as const, allowWhilePasswordChangeRequired: true } };
const Code = z.string().regex(/^\d{6}$/);

export async function secondFactorRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/auth/totp',
    {
      config: own,
      schema: {
        tags: ['auth'],
        summary: 'Whether your authenticator (second factor) is on',
        response: { 200: z.object({ enabled: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => ({ enabled: await secondFactorEnabled(db, ctx.actorOf(req).userId!) }),
  );

  r.post(
    '/auth/totp/setup',
    {
      config: { ...own, audit: { action: 'auth.totp_begin' } },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up an authenticator app: returns the secret and the otpauth:// URI to scan',
        response: { 200: z.object({ secret: z.string(), uri: z.string() }), ...errorResponses },
      },
    },
    async (req) => beginEnrolment(db, ctx.actorOf(req)),
  );

  r.post(
    '/auth/totp/confirm',
    {
      config: { ...own, audit: { action: 'auth.totp_enable' } },
      schema: {
        tags: ['auth'],
        summary: 'Turn the second factor on with a first code from the app',
        body: z.object({ code: Code }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      await confirmEnrolment(db, ctx.actorOf(req), req.body.code);
      return { ok: true as const };
    },
  );

  r.post(
    '/auth/totp/disable',
    {
      config: { ...own, audit: { action: 'auth.totp_disable' } },
      schema: {
        tags: ['auth'],
        summary: 'Turn the second factor off (needs your password and a current code)',
        body: z.object({ password: z.string().min(1), code: Code }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      await disableSecondFactor(db, ctx.actorOf(req), req.body.password, req.body.code);
      return { ok: true as const };
    },
  );
}
