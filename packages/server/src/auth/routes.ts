import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { SESSION_COOKIE } from '../http/guard.js';
import { errorResponses, Me } from '../http/schemas.js';
import { boundEnterpriseUnscoped, findUser, listTokens, revokeToken, sessionCsrf, type UserRecord } from './repository.js';
import type { Db } from '../db/store.js';
import type { Actor } from './actor.js';
import { audited } from '../audit/service.js';
import { changePassword, createApiToken, login, logout, mustEnrollSecondFactor, type AuthSettings } from './service.js';
import { AppError } from '../errors.js';
import { secondFactorRoutes } from './second-factor-routes.js';

const self = (extra: { allowWhilePasswordChangeRequired?: boolean } = {}) => ({
  access: { permission: null, scope: 'account' as const, ...extra },
});

/** The logged-in user as the web sees it (login and /auth/me answer the same). */
async function meOf(db: Db, settings: AuthSettings, user: UserRecord, actor: Actor, csrfToken: string | null): Promise<z.infer<typeof Me>> {
  const enterprise = user.enterpriseId === null ? null : ((await boundEnterpriseUnscoped(db, user.enterpriseId)) ?? null);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    regionCode: user.regionCode,
    departmentId: user.departmentId,
    roles: user.roles,
    permissions: [...actor.permissions].sort(),
    mustChangePassword: user.mustChangePassword,
    mustEnrollSecondFactor: await mustEnrollSecondFactor(db, settings, user.id, actor),
    enterprise,
    csrfToken,
  };
}

export async function authRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const setCookie = (reply: FastifyReply, value: string) =>
    reply.setCookie(SESSION_COOKIE, value, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.secureCookies,
      maxAge: Math.round(ctx.auth.maxAgeMs / 1000),
    });

  r.post(
    '/auth/login',
    {
      config: { access: { public: true }, audit: { action: 'auth.login' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets the HttpOnly session cookie and returns the CSRF token',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), totp: z.string().max(12).optional() }),
        response: { 200: Me, ...errorResponses, 401: errorResponses[400], 429: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const result = await login(db, ctx.auth, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
      setCookie(reply, result.sessionToken);
      return meOf(db, ctx.auth, result.user, result.actor, result.csrfToken);
    },
  );

  r.get(
    '/auth/me',
    {
      config: self({ allowWhilePasswordChangeRequired: true }),
      schema: { tags: ['auth'], summary: 'The logged-in user, permissions and CSRF token', response: { 200: Me, ...errorResponses } },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      const user = (await findUser(db, { id: actor.userId! }))!;
      const csrf = req.sessionId ? await sessionCsrf(db, req.sessionId) : null;
      return meOf(db, ctx.auth, user, actor, csrf);
    },
  );

  r.post(
    '/auth/logout',
    {
      config: { ...self({ allowWhilePasswordChangeRequired: true }), audit: { action: ['auth.logout', 'auth.logout_everywhere'] } },
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        body: z.object({ everywhere: z.boolean().default(false) }).optional(),
        response: { 200: z.object({ sessionsEnded: z.number() }) },
      },
    },
    async (req, reply) => {
      const n = await logout(db, ctx.actorOf(req), req.sessionId ?? '', req.body?.everywhere ?? false);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { sessionsEnded: n };
    },
  );

  r.post(
    '/auth/password',
    {
      config: { ...self({ allowWhilePasswordChangeRequired: true }), audit: { action: 'auth.password_change' } },
      schema: {
        tags: ['auth'],
        summary: 'Change your password (required after a one-time password); ends your other sessions',
        body: z.object({ current: z.string().min(1), next: z.string().min(1).max(256) }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      await changePassword(db, ctx.actorOf(req), req.body.current, req.body.next, req.sessionId);
      return { ok: true as const };
    },
  );

  r.get(
    '/auth/tokens',
    {
      config: self(),
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens (never the secrets)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                name: z.string(),
                prefix: z.string(),
                createdAt: z.string(),
                lastUsedAt: z.string().nullable(),
                expiresAt: z.string().nullable(),
                revoked: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: (await listTokens(db, ctx.actorOf(req).userId!)).map(({ userId: _u, ...t }) => t) }),
  );

  r.post(
    '/auth/tokens',
    {
      config: { ...self(), audit: { action: 'token.create' } },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for the CLI or automation; the secret is shown once',
        body: z.object({ name: z.string().min(1).max(100), expiresDays: z.number().int().min(1).max(3650).optional() }),
        response: { 200: z.object({ token: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      const user = (await findUser(db, { id: actor.userId! }))!;
      return { token: await createApiToken(db, actor, user.username, req.body.name, req.body.expiresDays) };
    },
  );

  r.delete(
    '/auth/tokens/:id',
    {
      config: { ...self(), audit: { action: 'token.revoke' } },
      schema: {
        tags: ['auth'],
        params: z.object({ id: z.coerce.number().int() }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = ctx.actorOf(req);
      await audited(db, actor, async (tx) => {
        if (!(await revokeToken(tx, actor.userId!, req.params.id))) {
          throw new AppError('NOT_FOUND', 404, { zh: '令牌不存在', en: 'Token not found' });
        }
        return { result: undefined, audit: { action: 'token.revoke', target: actor.id, after: { id: req.params.id } } };
      });
      return { ok: true as const };
    },
  );

  await secondFactorRoutes(app, ctx);
}
