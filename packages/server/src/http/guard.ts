/**
 * Access control for every /api/v1 route, in one place. Each route declares
 * `config: { access }`: public, or the permission it needs and what data it reaches (RouteScope). A route
 * without a declaration is refused (deny by default) and fails the route-declaration test.
 * Authentication: `Authorization: Bearer <API token>` or the HttpOnly session cookie; unsafe
 * methods authenticated by cookie must carry the session's CSRF token in `X-CSRF-Token`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Actor, Permission } from '../auth/actor.js';
import { authenticateSession, authenticateToken, safeEqual, type AuthSettings } from '../auth/service.js';
import type { Db } from '../db/store.js';

/**
 * What data a route reaches:
 * - `region`: region-bound data, limited to the caller's data scope (the repositories' `inScope`);
 * - `global`: data not bound to a region (the indicator catalogue, schemes, roles, the audit log);
 * - `account`: the caller's own account (profile, password, sessions, API tokens).
 * The guard holds routes to it: a `global` or `account` handler gets an actor that reaches
 * region-bound rows only with full scope (see routeActor), so such a route that starts reading
 * region-bound data fails closed for scoped callers instead of leaking — declare it `region`.
 */
export type RouteScope = 'region' | 'global' | 'account';

export type RouteAccess =
  | { public: true }
  | { permission: Permission | null; scope: RouteScope; allowWhilePasswordChangeRequired?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor?: Actor;
    sessionId?: string;
  }
}

export const SESSION_COOKIE = 'gongfu_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const deny = (status: number, code: string, zh: string, en: string) => new AppError(code, status, { zh, en });

export function installAccessControl(app: FastifyInstance, db: Db, settings: AuthSettings): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/api/v1')) return; // web assets, API docs, unknown paths (404)
    const access = request.routeOptions.config.access;
    if (!access) throw deny(403, 'ROUTE_NOT_DECLARED', '该接口未声明访问控制，已拒绝', 'This endpoint declares no access rule and is refused');
    if ('public' in access) return;

    const header = request.headers.authorization;
    let auth;
    let byCookie = false;
    if (header?.startsWith('Bearer ')) {
      auth = await authenticateToken(db, header.slice(7).trim(), request.ip);
      if (!auth) throw deny(401, 'TOKEN_INVALID', 'API 令牌无效、已过期或已吊销', 'API token is invalid, expired or revoked');
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) throw deny(401, 'AUTH_REQUIRED', '请先登录', 'Please log in');
      const found = await authenticateSession(db, settings, cookie, request.ip);
      if (found === 'expired') {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        throw deny(401, 'SESSION_EXPIRED', '会话已超时，请重新登录', 'Your session has expired; please log in again');
      }
      if (!found) throw deny(401, 'AUTH_REQUIRED', '请先登录', 'Please log in');
      auth = found;
      byCookie = true;
    }
    if (byCookie && UNSAFE.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !auth.csrfToken || !safeEqual(sent, auth.csrfToken)) {
        throw deny(403, 'CSRF_FAILED', '请求缺少有效的 CSRF 令牌，请刷新页面后重试', 'Missing or wrong CSRF token; reload the page and try again');
      }
    }
    if (auth.user.mustChangePassword && !access.allowWhilePasswordChangeRequired) {
      throw deny(403, 'PASSWORD_CHANGE_REQUIRED', '首次登录须先修改密码', 'You must change your password before continuing');
    }
    if (access.permission && !auth.actor.permissions.has(access.permission)) {
      throw deny(403, 'FORBIDDEN', `没有权限（需要 ${access.permission}）`, `Not allowed (requires ${access.permission})`);
    }
    request.actor = routeActor(auth.actor, access.scope);
    request.sessionId = auth.sessionId;
  });
}

/** The actor a route's handler gets: outside `region` routes, region-bound rows only with full scope. */
export function routeActor(actor: Actor, scope: RouteScope): Actor {
  return scope === 'region' || actor.scope.all ? actor : { ...actor, scope: {} };
}

/** The authenticated caller of a request; routes reach data only through this. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw deny(401, 'AUTH_REQUIRED', '请先登录', 'Please log in');
  return request.actor;
}

/** Routes under /api/v1 that declare no access rule: must be empty (checked by a test). */
export function undeclaredRoutes(routes: { url: string; method: string | string[]; config?: { access?: RouteAccess } }[]): string[] {
  return routes
    .filter((r) => r.url.startsWith('/api/v1') && !r.config?.access)
    .map((r) => `${Array.isArray(r.method) ? r.method.join(',') : r.method} ${r.url}`);
}
