/**
 * Authentication and user administration: argon2id passwords, server-side sessions (the cookie
 * holds a random token, the database its SHA-256), login throttling, hashed API tokens, forced
 * change of one-time passwords, and the rule that an administrator can only grant what they hold.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import { appendAudit, audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { ALL_PERMISSIONS, type Actor, type RegionScope } from './actor.js';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, oneTimePassword, verifyPassword } from './passwords.js';
import {
  countUsers,
  findEnterprise,
  findTokenUser,
  findUser,
  insertSession,
  insertToken,
  insertUser,
  listRoles,
  recordLoginAttempt,
  revokeSessions,
  revokeUserTokens,
  setPasswordHash,
  setUserRoles,
  touchSession,
  updateUser,
  type RoleRecord,
  type UserRecord,
} from './repository.js';
import { assertAdministers } from './administration.js';
import { loginFailed, loginKeys, loginSucceeded, reserveLogin } from './throttle.js';
import { clearSecondFactor, consumeLoginCode, secondFactorEnabled } from './second-factor.js';
import { PASSWORD_HISTORY, passwordExpired, rememberReplacedPassword, requirePasswordChange, usedBefore } from './password-history.js';

export interface AuthSettings {
  idleMs: number;
  maxAgeMs: number;
  /** failed logins answered without delay within 15 minutes: per account and address, per address, per account */
  throttleFree: { pair: number; ip: number; account: number };
  /** a password older than this many days must be changed at the next login (0: never) */
  passwordMaxAgeDays: number;
  /** `required`: users who manage users must set up a TOTP second factor before anything else */
  secondFactorForAdmins: 'required' | 'optional';
}

export const DEFAULT_AUTH: AuthSettings = {
  idleMs: 30 * 60_000,
  maxAgeMs: 12 * 3600_000,
  throttleFree: { pair: 5, ip: 20, account: 50 },
  passwordMaxAgeDays: 90,
  secondFactorForAdmins: 'optional',
};

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const token = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Permissions are the union of the user's roles; so is the data scope, relative to the user's region
 * (a department scope also to the user's department: see RegionScope.department).
 */
export function actorFor(user: UserRecord, roles: RoleRecord[], ip?: string): Actor {
  const permissions = new Set<string>();
  const scope: RegionScope = {};
  for (const role of roles) {
    for (const p of role.permissions) permissions.add(p);
    if (role.dataScope === 'all') scope.all = true;
    else if (role.dataScope === 'region_and_below' && user.regionPath) (scope.subtrees ??= []).push(user.regionPath);
    else if (role.dataScope === 'region' && user.regionCode) (scope.exact ??= []).push(user.regionCode);
    else if (role.dataScope === 'self') scope.own = true;
    else if (role.dataScope === 'department' && user.regionPath) {
      scope.department ??= { names: [...user.departmentNames].sort(), subtrees: [] };
      scope.department.subtrees.push(user.regionPath);
    }
  }
  const actor: Actor = { id: `user:${user.username}`, userId: user.id, permissions, scope, ip };
  if (user.enterpriseId !== null) actor.enterpriseId = user.enterpriseId;
  return actor;
}

export async function loadActor(db: Db, userId: number, ip?: string): Promise<{ user: UserRecord; actor: Actor } | undefined> {
  const user = await findUser(db, { id: userId });
  if (!user || user.disabled) return undefined;
  return { user, actor: actorFor(user, await listRoles(db, user.roles), ip) };
}

const loginFailedError = () => new AppError('LOGIN_FAILED', 401, { zh: '用户名或密码错误', en: 'Wrong username or password' });

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  user: UserRecord;
  actor: Actor;
}

export async function login(
  db: Db,
  settings: AuthSettings,
  input: { username: string; password: string; totp?: string; ip?: string; userAgent?: string },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const keys = loginKeys(username, input.ip, settings.throttleFree);
  await reserveLogin(db, keys);
  const user = await findUser(db, { username });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  let secondFactorOk = true;
  if (user && ok && !user.disabled && (await secondFactorEnabled(db, user.id))) {
    if (!input.totp) {
      throw new AppError('TOTP_REQUIRED', 401, {
        zh: '请输入身份验证器上的 6 位动态验证码',
        en: 'Enter the 6-digit code from your authenticator app',
      });
    }
    secondFactorOk = await db.transaction((tx) => consumeLoginCode(tx as Db, user.id, input.totp!));
  }
  if (!user || !ok || user.disabled || !secondFactorOk) {
    await db.transaction(async (tx) => {
      await recordLoginAttempt(tx as Db, username, input.ip, false);
      await loginFailed(tx as Db, keys);
      await appendAudit(
        tx as Db,
        { id: 'anonymous', ip: input.ip },
        { action: 'auth.login_failed', target: `user:${username}`, after: secondFactorOk ? null : { reason: 'totp' } },
      );
    });
    throw loginFailedError();
  }
  const sessionToken = token();
  const csrfToken = token(24);
  const actor = actorFor(user, await listRoles(db, user.roles), input.ip);
  const expired = !user.mustChangePassword && (await passwordExpired(db, user.id, settings.passwordMaxAgeDays));
  if (expired) user.mustChangePassword = true;
  await audited(db, actor, async (tx) => {
    await recordLoginAttempt(tx, username, input.ip, true);
    await loginSucceeded(tx, keys);
    if (expired) await requirePasswordChange(tx, user.id);
    await insertSession(tx, {
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      maxAgeMs: settings.maxAgeMs,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    return {
      result: undefined,
      audit: {
        action: 'auth.login',
        target: actor.id,
        after: { mustChangePassword: user.mustChangePassword, ...(expired ? { passwordExpired: true } : {}) },
      },
    };
  });
  return { sessionToken, csrfToken, user, actor };
}

export type Authenticated = {
  user: UserRecord;
  actor: Actor;
  sessionId?: string;
  csrfToken?: string;
  tokenExpiresAt?: string | null;
  /** an administrator who must set up the second factor before anything else */
  mustEnrollSecondFactor?: boolean;
};

/** Administrators (who manage users) must use a second factor when the setting requires it. */
export async function mustEnrollSecondFactor(db: Db, settings: AuthSettings, userId: number, actor: Actor): Promise<boolean> {
  if (settings.secondFactorForAdmins !== 'required' || !actor.permissions.has('user:manage')) return false;
  return !(await secondFactorEnabled(db, userId));
}

/** API tokens expire after this many days unless created with another lifetime. */
export const TOKEN_DEFAULT_DAYS = 90;
/** A token used within this many days of its expiry gets a warning (HTTP `Warning`, printed by the CLI). */
export const TOKEN_WARN_DAYS = 14;

/**
 * Ends a user's credentials: sessions (all, or all but the one kept) and every API token. Called
 * whenever the password changes, an administrator resets it, the account is disabled, or the user
 * logs out everywhere — a token must not outlive the credentials that made it.
 */
async function endCredentials(tx: Db, userId: number, keepSessionId?: string): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const sessionsEnded = await revokeSessions(tx, { userId, exceptId: keepSessionId });
  const tokensRevoked = await revokeUserTokens(tx, userId);
  return { sessionsEnded, tokensRevoked };
}

export async function authenticateSession(
  db: Db,
  settings: AuthSettings,
  sessionToken: string,
  ip?: string,
): Promise<Authenticated | 'expired' | undefined> {
  const id = sha256(sessionToken);
  const s = await touchSession(db, id, settings.idleMs);
  if (!s || s === 'expired') return s;
  const loaded = await loadActor(db, s.userId, ip);
  return (
    loaded && {
      ...loaded,
      sessionId: id,
      csrfToken: s.csrfToken,
      mustEnrollSecondFactor: await mustEnrollSecondFactor(db, settings, s.userId, loaded.actor),
    }
  );
}

export async function authenticateToken(db: Db, bearer: string, ip?: string): Promise<Authenticated | undefined> {
  const found = await findTokenUser(db, sha256(bearer));
  if (!found) return undefined;
  const loaded = await loadActor(db, found.userId, ip);
  return loaded && { ...loaded, tokenExpiresAt: found.expiresAt };
}

export async function logout(db: Db, actor: Actor, sessionId: string, everywhere: boolean): Promise<number> {
  return audited(db, actor, async (tx) => {
    if (!everywhere) {
      const n = await revokeSessions(tx, { id: sessionId });
      return { result: n, audit: { action: 'auth.logout', target: actor.id, after: { sessionsEnded: n } } };
    }
    const ended = await endCredentials(tx, actor.userId!);
    return { result: ended.sessionsEnded, audit: { action: 'auth.logout_everywhere', target: actor.id, after: ended } };
  });
}

export async function changePassword(db: Db, actor: Actor, current: string, next: string, keepSessionId?: string): Promise<void> {
  const user = (await findUser(db, { id: actor.userId! }))!;
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw new AppError('PASSWORD_WRONG', 400, { zh: '当前密码不正确', en: 'Current password is wrong' });
  }
  if (current === next)
    throw new AppError('PASSWORD_REUSED', 400, { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' });
  checkPasswordPolicy(next, user.username);
  if (await usedBefore(db, user.id, next)) {
    throw new AppError('PASSWORD_REUSED', 400, {
      zh: `新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`,
      en: `The new password must differ from your last ${PASSWORD_HISTORY} passwords`,
    });
  }
  const hash = await hashPassword(next);
  await audited(db, actor, async (tx) => {
    await rememberReplacedPassword(tx, user.id, user.passwordHash);
    await setPasswordHash(tx, user.id, hash, false);
    const ended = await endCredentials(tx, user.id, keepSessionId);
    return {
      result: undefined,
      audit: {
        action: 'auth.password_change',
        target: actor.id,
        after: { otherSessionsEnded: ended.sessionsEnded, tokensRevoked: ended.tokensRevoked },
      },
    };
  });
}

export interface NewUser {
  username: string;
  displayName: string;
  regionCode?: string | null;
  departmentId?: number | null;
  roles: string[];
  /** 统一社会信用代码: the account represents this enterprise and holds only the enterprise role */
  enterprise?: string | null;
}

/** An enterprise account: the enterprise must be in the administrator's scope; the account gets its town and only the enterprise role. */
async function enterpriseBinding(db: Db, actor: Actor, input: NewUser): Promise<{ id: number; regionCode: string } | null> {
  if (!input.enterprise) {
    if (input.roles.includes(ENTERPRISE_ROLE))
      throw new AppError('ENTERPRISE_REQUIRED', 400, {
        zh: '企业用户须绑定企业的统一社会信用代码',
        en: 'An enterprise user must be bound to an enterprise (its unified social credit code)',
      });
    return null;
  }
  const code = input.enterprise.trim().toUpperCase();
  const found = await findEnterprise(db, actor, code);
  if (!found)
    throw new AppError('ENTERPRISE_NOT_FOUND', 404, {
      zh: `企业名册中没有统一社会信用代码为 ${code} 的企业（或不在您的数据范围内）`,
      en: `No enterprise with credit code ${code} in the roster (or outside your scope)`,
    });
  if (input.roles.length !== 1 || input.roles[0] !== ENTERPRISE_ROLE)
    throw new AppError('ENTERPRISE_ROLES', 400, {
      zh: '企业用户只能拥有“企业用户”角色',
      en: 'An enterprise account holds the enterprise role and no other',
    });
  return found;
}
const ENTERPRISE_ROLE = 'enterprise';

/** An administrator may grant only permissions they hold, and only within their own data scope. */
async function assertCanGrant(db: Db, actor: Actor, regionCode: string | null | undefined, roleCodes: string[]): Promise<void> {
  // a region-less target is county level: outside every town administrator's scope
  if (regionCode !== undefined) await assertAdministers(db, actor, regionCode);
  const roles = await listRoles(db, roleCodes);
  const unknown = roleCodes.filter((c) => !roles.some((r) => r.code === c));
  if (unknown.length)
    throw new AppError('UNKNOWN_ROLE', 400, { zh: `未知角色：${unknown.join('、')}`, en: `Unknown roles: ${unknown.join(', ')}` });
  const beyond = roles.flatMap((r) => r.permissions).filter((p) => !actor.permissions.has(p));
  const scopeTooWide = !actor.scope.all && roles.some((r) => r.dataScope === 'all');
  if (beyond.length || scopeTooWide) {
    throw new AppError(
      'GRANT_EXCEEDS_OWN',
      403,
      {
        zh: '不能授予超出自身权限或数据范围的角色',
        en: 'You cannot grant roles beyond your own permissions or data scope',
      },
      { permissions: [...new Set(beyond)] },
    );
  }
}

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<{ id: number; password: string }> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_.-]{1,63}$/.test(username)) {
    throw new AppError('USERNAME_INVALID', 400, {
      zh: '用户名只能包含小写字母、数字和 _ . -（2–64 位）',
      en: 'Username: 2–64 of a–z, 0–9, _ . -',
    });
  }
  if (await findUser(db, { username }))
    throw new AppError('USERNAME_TAKEN', 409, { zh: `用户名 ${username} 已存在`, en: `Username ${username} is taken` });
  const enterprise = await enterpriseBinding(db, actor, input);
  const regionCode = enterprise ? enterprise.regionCode : (input.regionCode ?? null);
  await assertCanGrant(db, actor, regionCode, input.roles);
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  const id = await audited(db, actor, async (tx) => {
    const id = await insertUser(tx, {
      username,
      displayName: input.displayName,
      departmentId: input.departmentId ?? null,
      regionCode,
      passwordHash: hash,
      mustChangePassword: true,
      enterpriseId: enterprise?.id ?? null,
    });
    await setUserRoles(tx, id, input.roles);
    return {
      result: id,
      audit: { action: 'user.create', target: `user:${username}`, after: { ...input, username, password: '[one-time]' } },
    };
  });
  return { id, password };
}

export async function updateUserAccount(
  db: Db,
  actor: Actor,
  id: number,
  input: Partial<{ displayName: string; regionCode: string | null; departmentId: number | null; roles: string[]; disabled: boolean }>,
): Promise<void> {
  const before = await findUser(db, { id });
  if (!before) throw new AppError('NOT_FOUND', 404, { zh: `用户不存在：${id}`, en: `User not found: ${id}` });
  // the target must be inside the administrator's scope, and so must whatever it is given
  await assertCanGrant(db, actor, before.regionCode, before.roles);
  await assertCanGrant(db, actor, input.regionCode, input.roles ?? []);
  const roles = input.roles ?? before.roles;
  const changesBinding = input.regionCode !== undefined && input.regionCode !== before.regionCode;
  if (
    (before.enterpriseId !== null) !== roles.includes(ENTERPRISE_ROLE) ||
    (before.enterpriseId !== null && (roles.length !== 1 || changesBinding))
  )
    throw new AppError('ENTERPRISE_ROLES', 400, {
      zh: '企业用户只能拥有“企业用户”角色，所属镇街随企业；官员账号不能授予“企业用户”角色',
      en: 'An enterprise account holds the enterprise role only and its town follows the enterprise; officers cannot get the enterprise role',
    });
  await audited(db, actor, async (tx) => {
    await updateUser(tx, id, input);
    if (input.roles) await setUserRoles(tx, id, input.roles);
    const ended = input.disabled ? await endCredentials(tx, id) : undefined;
    const { passwordHash: _h, ...shown } = before;
    return {
      result: undefined,
      audit: {
        action: input.disabled ? 'user.disable' : 'user.update',
        target: `user:${before.username}`,
        before: shown,
        after: { ...input, ...ended },
      },
    };
  });
}

export async function resetPassword(db: Db, actor: Actor, username: string, password?: string): Promise<string> {
  const user = await findUser(db, { username });
  if (!user) throw new AppError('NOT_FOUND', 404, { zh: `用户不存在：${username}`, en: `User not found: ${username}` });
  await assertCanGrant(db, actor, user.regionCode, user.roles);
  const chosen = password ?? oneTimePassword();
  if (password) checkPasswordPolicy(password, username);
  const hash = await hashPassword(chosen);
  await audited(db, actor, async (tx) => {
    await rememberReplacedPassword(tx, user.id, user.passwordHash);
    await setPasswordHash(tx, user.id, hash, true);
    // a reset is also how a user who lost their authenticator gets back in: they set it up again
    const factorCleared = await clearSecondFactor(tx, user.id);
    const ended = { ...(await endCredentials(tx, user.id)), ...(factorCleared ? { secondFactorCleared: true } : {}) };
    return { result: undefined, audit: { action: 'user.password_reset', target: `user:${username}`, after: ended } };
  });
  return chosen;
}

export async function createApiToken(db: Db, actor: Actor, username: string, name: string, expiresDays?: number): Promise<string> {
  const user = await findUser(db, { username });
  if (!user) throw new AppError('NOT_FOUND', 404, { zh: `用户不存在：${username}`, en: `User not found: ${username}` });
  if (user.id !== actor.userId) await assertCanGrant(db, actor, user.regionCode, user.roles);
  const prefix = token(6);
  const secret = `gf_${prefix}_${token(32)}`;
  const expiresAt = new Date(Date.now() + (expiresDays ?? TOKEN_DEFAULT_DAYS) * 86400_000).toISOString();
  await audited(db, actor, async (tx) => {
    const id = await insertToken(tx, { userId: user.id, name, hash: sha256(secret), prefix, expiresAt });
    return { result: id, audit: { action: 'token.create', target: `user:${username}`, after: { id, name, prefix, expiresAt } } };
  });
  return secret;
}

/**
 * On the very first start: an `admin` user with a random one-time password that must be changed at
 * first login. Returns the password once (to print), or null when users exist already.
 */
export async function ensureAdmin(db: Db): Promise<{ username: string; password: string } | null> {
  if ((await countUsers(db)) > 0) return null;
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  await db.transaction(async (t) => {
    const tx = t as Db;
    const id = await insertUser(tx, {
      username: 'admin',
      displayName: '系统管理员',
      departmentId: null,
      regionCode: null,
      passwordHash: hash,
      mustChangePassword: true,
    });
    await setUserRoles(tx, id, ['admin']);
    await appendAudit(
      tx,
      { id: 'system' },
      { action: 'user.create', target: 'user:admin', after: { roles: ['admin'], password: '[one-time]' } },
    );
  });
  return { username: 'admin', password };
}

export { ALL_PERMISSIONS };
