/**
 * Access control and audit declarations for every /api/v1 route, in one place. Each route declares
 * `config: { access }`: public, or the permission it needs and what data it reaches (RouteScope). A route
 * without a declaration is refused (deny by default) and fails the route-declaration test.
 * Every write route (and every GET that hands data out as a file) also declares `config: { audit }`:
 * the audit action its success appends, or `{ none: 'why nothing needs auditing' }`. A fitness test
 * fails on a write route without one, and at run time a successful response whose declared action
 * was not appended is logged as an error (a 500 AUDIT_MISSING when `strictAudit` is on, as in tests).
 * Authentication: `Authorization: Bearer <API token>` or the HttpOnly session cookie; unsafe
 * methods authenticated by cookie must carry the session's CSRF token in `X-CSRF-Token`.
 */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { collectAuditActions } from '../audit/service.js';
import type { Actor, Permission } from '../auth/actor.js';
import { authenticateSession, authenticateToken, safeEqual, TOKEN_WARN_DAYS, type AuthSettings } from '../auth/service.js';
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
  | {
      permission: Permission | null;
      scope: RouteScope;
      allowWhilePasswordChangeRequired?: boolean;
      /** a `global` write open to every level because it stores nothing (e.g. validating a scheme) */
      anyLevel?: true;
    };

/**
 * Master data (the indicator catalogue and sets, assessment schemes, the enforcement catalogue,
 * roles, patrol rules) is shared by the whole county, so it belongs to the county level: a write to
 * a `global` route needs a caller whose data scope covers a county (or everything). A town officer
 * with the same permission reads it but cannot change it for everyone.
 */
export function coversCounty(actor: Actor): boolean {
  return !!actor.scope.all || (actor.scope.subtrees ?? []).some((path) => path.split('/').filter(Boolean).length <= 3);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * - `action`: a successful response must have appended an audit row with this action (or one of
 *   these, when the outcome decides, e.g. `role.create` / `role.update`); `unless` names requests
 *   that store nothing (a dry run) and why;
 * - `none`: the route changes nothing that needs an audit row; the reason is mandatory.
 */
export type RouteAudit =
  { action: string | readonly string[]; unless?: { reason: string; when: (request: FastifyRequest) => boolean } } | { none: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    audit?: RouteAudit;
  }
  interface FastifyRequest {
    actor?: Actor;
    sessionId?: string;
    /** audit actions appended while this request was handled */
    auditActions?: string[];
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
    if (!access)
      throw deny(403, 'ROUTE_NOT_DECLARED', '该接口未声明访问控制，已拒绝', 'This endpoint declares no access rule and is refused');
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
        throw deny(
          403,
          'CSRF_FAILED',
          '请求缺少有效的 CSRF 令牌，请刷新页面后重试',
          'Missing or wrong CSRF token; reload the page and try again',
        );
      }
    }
    if (auth.user.mustChangePassword && !access.allowWhilePasswordChangeRequired) {
      throw deny(403, 'PASSWORD_CHANGE_REQUIRED', '首次登录须先修改密码', 'You must change your password before continuing');
    }
    if (auth.mustEnrollSecondFactor && !access.allowWhilePasswordChangeRequired) {
      throw deny(
        403,
        'SECOND_FACTOR_REQUIRED',
        '管理员须先绑定身份验证器（动态验证码）',
        'Administrators must set up an authenticator app (second factor) first',
      );
    }
    if (access.permission && !auth.actor.permissions.has(access.permission)) {
      throw deny(403, 'FORBIDDEN', `没有权限（需要 ${access.permission}）`, `Not allowed (requires ${access.permission})`);
    }
    if (access.scope === 'global' && !READS.has(request.method) && !access.anyLevel && !coversCounty(auth.actor)) {
      throw deny(
        403,
        'MASTER_DATA_LEVEL',
        '指标、方案、目录等基础数据由区（县）统一维护，镇街账号只能查看',
        'Master data (indicators, schemes, catalogues) is maintained by the district; a town account can only read it',
      );
    }
    request.actor = routeActor(auth.actor, access.scope);
    request.sessionId = auth.sessionId;
    if (auth.tokenExpiresAt && Date.parse(auth.tokenExpiresAt) - Date.now() < TOKEN_WARN_DAYS * 86400_000) {
      reply.header('warning', `299 gongfu "API token expires at ${auth.tokenExpiresAt}; create a new one (gongfu user token)"`);
    }
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

export interface DeclaredRoute {
  url: string;
  method: string | string[];
  config?: { access?: RouteAccess; audit?: RouteAudit };
}

/** Routes under /api/v1 that write (any method but GET/HEAD/OPTIONS) and declare no audit: must be empty (checked by a test). */
export function unauditedWrites(routes: DeclaredRoute[]): string[] {
  const writes = (m: string | string[]) => (Array.isArray(m) ? m : [m]).some((x) => !['GET', 'HEAD', 'OPTIONS'].includes(x));
  return routes
    .filter((r) => r.url.startsWith('/api/v1') && writes(r.method) && !validAudit(r.config?.audit))
    .map((r) => `${Array.isArray(r.method) ? r.method.join(',') : r.method} ${r.url}`);
}

function validAudit(audit: RouteAudit | undefined): boolean {
  if (!audit) return false;
  if ('none' in audit) return typeof audit.none === 'string' && audit.none.trim().length > 0;
  const actions = typeof audit.action === 'string' ? [audit.action] : audit.action;
  return actions.length > 0 && actions.every((a) => a.length > 0) && (!audit.unless || audit.unless.reason.trim().length > 0);
}

/** The actions a request was declared to append and did not, or null when its audit is in order. */
function missingAudit(request: FastifyRequest, status: number): string[] | null {
  const audit = request.routeOptions.config?.audit;
  if (!audit || 'none' in audit || status < 200 || status >= 300) return null;
  if (audit.unless?.when(request)) return null;
  const expected = typeof audit.action === 'string' ? [audit.action] : [...audit.action];
  const appended = request.auditActions ?? [];
  return expected.some((a) => appended.includes(a)) ? null : expected;
}

/**
 * Collects the audit actions each request appends and checks them against the route's declaration.
 * Strict (tests): a miss replaces the response with a 500 AUDIT_MISSING; a streamed body is read to
 * its end first, since exports append their row (with the row count) when the stream is complete.
 * Otherwise a miss is logged as an error and the response goes out unchanged.
 */
export function installAuditCheck(app: FastifyInstance, options: { strict: boolean }): void {
  // preHandler rather than onRequest: multipart and body parsing run outside the request's async context.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!request.routeOptions.config?.audit) return done();
    const actions: string[] = [];
    request.auditActions = actions;
    collectAuditActions(actions, done);
  });
  const report = (request: FastifyRequest, missing: string[]) =>
    request.log.error(
      { route: request.routeOptions.url, method: request.method, expected: missing, appended: request.auditActions },
      'AUDIT_MISSING: a successful write appended no audit row',
    );
  if (!options.strict) {
    // after the response, so a streamed export has appended its row by then
    app.addHook('onResponse', async (request, reply) => {
      const missing = missingAudit(request, reply.statusCode);
      if (missing) report(request, missing);
    });
    return;
  }
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config?.audit) return payload;
    if (payload instanceof Readable) payload = await buffer(payload);
    const missing = missingAudit(request, reply.statusCode);
    if (!missing) return payload;
    report(request, missing);
    reply.code(500).removeHeader('content-disposition').header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({
      error: {
        code: 'AUDIT_MISSING',
        message: {
          zh: `该操作未写入审计记录（应为 ${missing.join(' / ')}）`,
          en: `The request appended no audit row (expected ${missing.join(' / ')})`,
        },
      },
    });
  });
}

/** Routes under /api/v1 that declare no access rule: must be empty (checked by a test). */
export function undeclaredRoutes(routes: { url: string; method: string | string[]; config?: { access?: RouteAccess } }[]): string[] {
  return routes
    .filter((r) => r.url.startsWith('/api/v1') && !r.config?.access)
    .map((r) => `${Array.isArray(r.method) ? r.method.join(',') : r.method} ${r.url}`);
}
