/**
 * Who may administer what. A town administrator (user:manage with a town scope) acts only on what
 * lies within the town: users whose region is inside it (a user without a region belongs to the
 * county, outside every town), departments of the town, and no roles — roles are shared by the
 * whole county, so only an administrator with county-wide scope may create or change one.
 */
import type { Actor } from './actor.js';
import { AppError } from '../errors.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { getRegion } from '../regions/repository.js';
import type { Page, PageQuery } from '../http/schemas.js';
import { visibleTo } from './scope.js';
import {
  insertDepartment,
  listDepartments,
  listRoles,
  listUsers,
  upsertRole,
  type UserRecord,
  type DataScopeKind,
  type DepartmentRecord,
} from './repository.js';

const outOfScope = (what: { zh: string; en: string }) =>
  new AppError('OUT_OF_SCOPE', 403, { zh: `${what.zh}不在你的管理范围内`, en: `${what.en} is outside your administration scope` });

/** The region of a user or department being administered must lie within the administrator's scope. */
export async function assertAdministers(db: Db, actor: Actor, regionCode: string | null): Promise<void> {
  if (actor.scope.all) return;
  if (!regionCode)
    throw outOfScope({ zh: '未指定地区的（区级）账号或部门', en: 'An account or department without a region (county level)' });
  if (!(await getRegion(db, actor, regionCode))) throw outOfScope({ zh: `地区 ${regionCode} `, en: `Region ${regionCode}` });
}

export async function saveRole(
  db: Db,
  actor: Actor,
  code: string,
  role: { nameZh: string; nameEn: string; permissions: string[]; dataScope: DataScopeKind },
): Promise<void> {
  if (!actor.scope.all) {
    throw new AppError('ROLE_COUNTY_LEVEL', 403, {
      zh: '角色为全区共用，只有全区范围的管理员可以新建或修改',
      en: 'Roles are shared by the whole county: only an administrator with county-wide scope may create or change one',
    });
  }
  const beyond = role.permissions.filter((p) => !actor.permissions.has(p));
  if (beyond.length) {
    throw new AppError(
      'GRANT_EXCEEDS_OWN',
      403,
      { zh: '角色不能超出自身权限或数据范围', en: 'A role cannot exceed your own permissions or data scope' },
      { permissions: beyond },
    );
  }
  const existing = (await listRoles(db, [code]))[0];
  if (existing?.builtin) throw new AppError('ROLE_BUILTIN', 409, { zh: '内置角色不能修改', en: 'Built-in roles cannot be changed' });
  await audited(db, actor, async (tx) => {
    await upsertRole(tx, { code, ...role });
    return {
      result: undefined,
      audit: { action: existing ? 'role.update' : 'role.create', target: `role:${code}`, before: existing ?? null, after: role },
    };
  });
}

/** Departments of the administrator's scope (all of them for county-wide scope). */
export async function departmentsFor(db: Db, actor: Actor): Promise<DepartmentRecord[]> {
  const all = await listDepartments(db);
  if (actor.scope.all) return all;
  const codes = [...new Set(all.map((d) => d.regionCode).filter((c): c is string => !!c))];
  const visible = new Set<string>();
  for (const c of codes) if (await getRegion(db, actor, c)) visible.add(c);
  return all.filter((d) => d.regionCode !== null && visible.has(d.regionCode));
}

export async function createDepartment(
  db: Db,
  actor: Actor,
  d: { name: string; parentId: number | null; regionCode: string | null },
): Promise<number> {
  await assertAdministers(db, actor, d.regionCode);
  if (d.parentId !== null && !(await departmentsFor(db, actor)).some((p) => p.id === d.parentId)) {
    throw outOfScope({ zh: `上级部门 ${d.parentId} `, en: `Parent department ${d.parentId}` });
  }
  return audited(db, actor, async (tx) => {
    const id = await insertDepartment(tx, d);
    return { result: id, audit: { action: 'department.create', target: `department:${id}`, after: d } };
  });
}

export type UserListing = Omit<UserRecord, 'passwordHash' | 'regionPath'>;

/**
 * Users within the caller's data scope, optionally matching `q` (user name, display name or
 * region name), one page and the total. A county has hundreds of accounts, not millions: the scope
 * rule is applied in code, as everywhere else for accounts (./scope.ts visibleTo).
 */
export async function userPage(db: Db, actor: Actor, q: string | undefined, p: PageQuery): Promise<Page<UserListing>> {
  const visible = visibleTo(actor, null);
  const needle = q?.trim().toLowerCase();
  const matching = (await listUsers(db))
    .filter((u) => visible({ regionPath: u.regionPath, regionCode: u.regionCode }))
    .filter((u) => !needle || [u.username, u.displayName, u.regionName ?? ''].some((s) => s.toLowerCase().includes(needle)))
    .map(({ passwordHash: _p, regionPath: _r, ...u }) => u);
  const start = (p.page - 1) * p.pageSize;
  return { items: matching.slice(start, start + p.pageSize), total: matching.length, ...p };
}
