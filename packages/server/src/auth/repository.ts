/** SQL for users, roles, departments, sessions, API tokens and login attempts. */
import { sql } from 'drizzle-orm';
import { isoTime, one, rows, type Db } from '../db/store.js';
import { inScope, regionNameOf, regionPathOf } from './scope.js';
import type { Actor } from './actor.js';

export type DataScopeKind = 'all' | 'region_and_below' | 'region' | 'self' | 'department';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  regionCode: string | null;
  regionName: string | null;
  regionPath: string | null;
  passwordHash: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  roles: string[];
  /** the enterprise (subject) an enterprise account represents */
  enterpriseId: number | null;
  /** the names of the account's department, its ancestors and its sub-departments (a department data scope's) */
  departmentNames: string[];
}

export interface RoleRecord {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
  dataScope: DataScopeKind;
  builtin: boolean;
}

const USER_COLUMNS = sql`u.id, u.username, u.display_name as "displayName", u.department_id as "departmentId",
  u.region_code as "regionCode", ${regionNameOf(sql`u.region_code`)} as "regionName", ${regionPathOf(sql`u.region_code`)} as "regionPath", u.password_hash as "passwordHash",
  u.must_change_password as "mustChangePassword", u.disabled, u.enterprise_id as "enterpriseId",
  coalesce((select array_agg(ro.code order by ro.code) from user_role ur join role ro on ro.id = ur.role_id
            where ur.user_id = u.id), '{}') as roles,
  coalesce((select array_agg(distinct d.name) from department ud join department d
              on d.id = ud.id or (ud.path <> '' and d.path <> '' and (ud.path like d.path || '%' or d.path like ud.path || '%'))
            where ud.id = u.department_id), '{}') as "departmentNames"`;

export async function findUser(db: Db, by: { id?: number; username?: string }): Promise<UserRecord | undefined> {
  const where = by.id !== undefined ? sql`u.id = ${by.id}` : sql`u.username = ${by.username ?? ''}`;
  return one<UserRecord>(db, sql`select ${USER_COLUMNS} from app_user u where ${where}`);
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  return rows<UserRecord>(db, sql`select ${USER_COLUMNS} from app_user u order by u.id`);
}

export async function countUsers(db: Db): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from app_user`))!.n;
}

export async function insertUser(
  db: Db,
  u: {
    username: string;
    displayName: string;
    departmentId: number | null;
    regionCode: string | null;
    passwordHash: string;
    mustChangePassword: boolean;
    enterpriseId?: number | null;
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into app_user (username, display_name, department_id, region_code, password_hash, must_change_password, password_changed_at, enterprise_id)
        values (${u.username}, ${u.displayName}, ${u.departmentId}, ${u.regionCode}, ${u.passwordHash}, ${u.mustChangePassword}, now(), ${u.enterpriseId ?? null})
        returning id`,
  );
  return r!.id;
}

export async function updateUser(
  db: Db,
  id: number,
  u: Partial<{ displayName: string; departmentId: number | null; regionCode: string | null; disabled: boolean }>,
): Promise<void> {
  const sets = [];
  if (u.displayName !== undefined) sets.push(sql`display_name = ${u.displayName}`);
  if (u.departmentId !== undefined) sets.push(sql`department_id = ${u.departmentId}`);
  if (u.regionCode !== undefined) sets.push(sql`region_code = ${u.regionCode}`);
  if (u.disabled !== undefined) sets.push(sql`disabled = ${u.disabled}`);
  if (sets.length) await db.execute(sql`update app_user set ${sql.join(sets, sql`, `)} where id = ${id}`);
}

export async function setPasswordHash(db: Db, id: number, hash: string, mustChange: boolean): Promise<void> {
  await db.execute(sql`update app_user set password_hash = ${hash}, must_change_password = ${mustChange},
                       password_changed_at = now() where id = ${id}`);
}

export async function setUserRoles(db: Db, userId: number, roleCodes: string[]): Promise<void> {
  await db.execute(sql`delete from user_role where user_id = ${userId}`);
  if (roleCodes.length === 0) return;
  await db.execute(sql`insert into user_role (user_id, role_id)
                       select ${userId}, id from role where code = any(${sql.param(roleCodes)}::text[])`);
}

const ROLE_COLUMNS = sql`id, code, name_zh as "nameZh", name_en as "nameEn", permissions, data_scope as "dataScope", builtin`;

export async function listRoles(db: Db, codes?: string[]): Promise<RoleRecord[]> {
  const where = codes ? sql`where code = any(${sql.param(codes)}::text[])` : sql``;
  return rows<RoleRecord>(db, sql`select ${ROLE_COLUMNS} from role ${where} order by id`);
}

export async function upsertRole(db: Db, r: Omit<RoleRecord, 'id' | 'builtin'>): Promise<void> {
  await db.execute(sql`insert into role (code, name_zh, name_en, permissions, data_scope)
    values (${r.code}, ${r.nameZh}, ${r.nameEn}, ${sql.param(r.permissions)}::text[], ${r.dataScope})
    on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
      permissions = excluded.permissions, data_scope = excluded.data_scope`);
}

export interface DepartmentRecord {
  id: number;
  name: string;
  parentId: number | null;
  regionCode: string | null;
  path: string;
}

export async function listDepartments(db: Db): Promise<DepartmentRecord[]> {
  return rows<DepartmentRecord>(
    db,
    sql`select id, name, parent_id as "parentId", region_code as "regionCode", path
                                        from department order by path`,
  );
}

export async function insertDepartment(db: Db, d: { name: string; parentId: number | null; regionCode: string | null }): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into department (name, parent_id, region_code, path) values (${d.name}, ${d.parentId}, ${d.regionCode}, '')
        returning id`,
  );
  await db.execute(sql`update department set path = coalesce((select p.path from department p where p.id = ${d.parentId}), '/')
                       || id || '/' where id = ${r!.id}`);
  return r!.id;
}

export interface SessionRecord {
  userId: number;
  csrfToken: string;
  lastSeenAt: string;
  expiresAt: string;
  revoked: boolean;
}

export async function insertSession(
  db: Db,
  s: { id: string; userId: number; csrfToken: string; maxAgeMs: number; ip?: string; userAgent?: string },
) {
  await db.execute(sql`insert into session (id, user_id, csrf_token, expires_at, ip, user_agent)
    values (${s.id}, ${s.userId}, ${s.csrfToken}, now() + ${`${Math.round(s.maxAgeMs / 1000)} seconds`}::interval, ${s.ip ?? null}, ${s.userAgent ?? null})`);
}

/** The session if it is live: not revoked, not past its absolute expiry, not idle longer than `idleMs`. */
export async function touchSession(
  db: Db,
  id: string,
  idleMs: number,
): Promise<{ userId: number; csrfToken: string } | 'expired' | undefined> {
  const s = await one<{ userId: number; csrfToken: string; live: boolean }>(
    db,
    sql`select user_id as "userId", csrf_token as "csrfToken",
          (revoked_at is null and expires_at > now() and last_seen_at > now() - ${`${Math.round(idleMs / 1000)} seconds`}::interval) as live
        from session where id = ${id}`,
  );
  if (!s) return undefined;
  if (!s.live) return 'expired';
  await db.execute(sql`update session set last_seen_at = now() where id = ${id}`);
  return { userId: s.userId, csrfToken: s.csrfToken };
}

export async function revokeSessions(db: Db, by: { id?: string; userId?: number; exceptId?: string }): Promise<number> {
  const c = [sql`revoked_at is null`];
  if (by.id) c.push(sql`id = ${by.id}`);
  if (by.userId !== undefined) c.push(sql`user_id = ${by.userId}`);
  if (by.exceptId) c.push(sql`id <> ${by.exceptId}`);
  const r = await rows<{ id: string }>(db, sql`update session set revoked_at = now() where ${sql.join(c, sql` and `)} returning id`);
  return r.length;
}

export async function recordLoginAttempt(db: Db, username: string, ip: string | undefined, success: boolean) {
  await db.execute(sql`insert into login_attempt (username, ip, success) values (${username}, ${ip ?? null}, ${success})`);
}

/** Failures since the last success within the window, and when the oldest of them leaves the window. */
export interface TokenRecord {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revoked: boolean;
}

export async function insertToken(db: Db, t: { userId: number; name: string; hash: string; prefix: string; expiresAt: string | null }) {
  const r = await one<{ id: number }>(
    db,
    sql`insert into api_token (user_id, name, token_hash, prefix, expires_at) values (${t.userId}, ${t.name}, ${t.hash}, ${t.prefix}, ${t.expiresAt}::timestamptz) returning id`,
  );
  return r!.id;
}

export async function findTokenUser(db: Db, hash: string): Promise<{ userId: number; expiresAt: string | null } | undefined> {
  return one<{ userId: number; expiresAt: string | null }>(
    db,
    // "last used" is kept to the minute: a token in steady use is only read, so a request it signs
    // does not wait for a WAL flush of its own (bench/cases.ts: that flush was most of an intake's time)
    sql`with t as (select id, user_id, expires_at, last_used_at from api_token where token_hash = ${hash} and revoked_at is null
                     and (expires_at is null or expires_at > now())),
             touched as (update api_token a set last_used_at = now() from t
                          where a.id = t.id and (t.last_used_at is null or t.last_used_at < now() - interval '1 minute'))
        select user_id as "userId", ${isoTime(sql`expires_at`)} as "expiresAt" from t`,
  );
}

/** Revokes every live API token of a user (their credentials changed or ended); returns how many. */
export async function revokeUserTokens(db: Db, userId: number): Promise<number> {
  const r = await rows(db, sql`update api_token set revoked_at = now() where user_id = ${userId} and revoked_at is null returning id`);
  return r.length;
}

export async function listTokens(db: Db, userId: number): Promise<TokenRecord[]> {
  return rows<TokenRecord>(
    db,
    sql`select id, user_id as "userId", name, prefix, ${isoTime(sql`created_at`)} as "createdAt",
          ${isoTime(sql`last_used_at`)} as "lastUsedAt", ${isoTime(sql`expires_at`)} as "expiresAt", revoked_at is not null as revoked
        from api_token where user_id = ${userId} order by id`,
  );
}

export async function revokeToken(db: Db, userId: number, id: number): Promise<boolean> {
  const r = await rows(
    db,
    sql`update api_token set revoked_at = now() where id = ${id} and user_id = ${userId} and revoked_at is null returning id`,
  );
  return r.length > 0;
}

export async function sessionCsrf(db: Db, id: string): Promise<string | null> {
  return (await one<{ csrf: string }>(db, sql`select csrf_token as csrf from session where id = ${id}`))?.csrf ?? null;
}

/** An enterprise of the subjects registry by its 统一社会信用代码, if the actor's scope reaches it. */
export async function findEnterprise(db: Db, actor: Actor, code: string): Promise<{ id: number; regionCode: string } | undefined> {
  return one(
    db,
    sql`select s.id, s.region_code as "regionCode" from subject s
        where s.kind = 'enterprise' and s.code = ${code} and ${inScope(actor, 'subject', 's')}`,
  );
}

/** The enterprise an account is bound to (its own binding: the caller passes the account's enterprise id). */
export async function boundEnterpriseUnscoped(db: Db, enterpriseId: number): Promise<{ code: string; name: string } | undefined> {
  return one(db, sql`select s.code, s.name from subject s where s.id = ${enterpriseId}`);
}
