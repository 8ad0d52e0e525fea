/**
 * The routing table (category × region → unit, or 属地: the case's own town or village) and the
 * administration department behind each 条线 unit, as the centre edits them. Every change is one
 * transaction with its audit entry (before and after); a region outside the editor's scope is
 * refused as if it did not exist.
 */
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, badRequest, notFound } from '../errors.js';
import * as repo from './repository.js';

export interface RoutingInput {
  categoryCode: string;
  regionCode: string;
  unitCode: string | null;
  locality: 'town' | 'village' | null;
}

const target = (category: string, region: string) => `event_routing:${category}:${region}`;

async function checkPlace(db: Db, actor: Actor, regionCode: string) {
  const place = await repo.placeOf(db, actor, regionCode);
  if (!place) throw notFound({ zh: '区域', en: 'region' }, regionCode);
  return place;
}

export async function routing(db: Db, actor: Actor) {
  return repo.routingRules(db, actor);
}

export async function setRouting(db: Db, actor: Actor, input: RoutingInput) {
  if ((input.unitCode === null) === (input.locality === null))
    throw badRequest(
      'EVENT_ROUTING_TARGET',
      { zh: '请选择处置单位或属地（二选一）', en: 'choose either a unit or the locality (属地), not both' },
      { path: ['unitCode'] },
    );
  if (!(await repo.categoriesUnscoped(db)).some((k) => k.code === input.categoryCode))
    throw badRequest(
      'EVENT_CATEGORY_UNKNOWN',
      { zh: `未知的事件类别：${input.categoryCode}`, en: `unknown category: ${input.categoryCode}` },
      { path: ['categoryCode'] },
    );
  await checkPlace(db, actor, input.regionCode);
  if (input.unitCode !== null && !(await repo.unitUnscoped(db, input.unitCode)))
    throw badRequest(
      'EVENT_UNIT_UNKNOWN',
      { zh: `未知的处置单位：${input.unitCode}`, en: `unknown unit: ${input.unitCode}` },
      { path: ['unitCode'] },
    );
  return audited(db, actor, async (tx) => {
    const before = await repo.routingRuleUnscoped(tx, input.categoryCode, input.regionCode);
    await repo.upsertRoutingUnscoped(tx, input);
    return {
      result: (await repo.routingRules(tx, actor)).find((r) => r.categoryCode === input.categoryCode && r.regionCode === input.regionCode)!,
      audit: {
        action: 'events.routing.set',
        target: target(input.categoryCode, input.regionCode),
        before: before ?? null,
        after: { unitCode: input.unitCode, locality: input.locality },
      },
    };
  });
}

export async function deleteRouting(db: Db, actor: Actor, categoryCode: string, regionCode: string) {
  await checkPlace(db, actor, regionCode);
  const before = await repo.routingRuleUnscoped(db, categoryCode, regionCode);
  if (!before) throw notFound({ zh: '分拨规则', en: 'routing rule' }, `${categoryCode}@${regionCode}`);
  await audited(db, actor, async (tx) => {
    const gone = await repo.deleteRoutingUnscoped(tx, categoryCode, regionCode);
    if (!gone) throw notFound({ zh: '分拨规则', en: 'routing rule' }, `${categoryCode}@${regionCode}`);
    return { result: undefined, audit: { action: 'events.routing.delete', target: target(categoryCode, regionCode), before } };
  });
}

export async function departmentUnits(db: Db) {
  return repo.departmentUnitsUnscoped(db);
}

export async function setUnitDepartment(db: Db, actor: Actor, code: string, departmentId: number | null) {
  const unit = await repo.unitUnscoped(db, code);
  if (!unit) throw notFound({ zh: '处置单位', en: 'unit' }, code);
  await checkPlace(db, actor, unit.regionCode);
  if (departmentId !== null && !(await repo.departmentExistsUnscoped(db, departmentId)))
    throw badRequest('EVENT_DEPARTMENT_UNKNOWN', { zh: '未知的部门', en: 'unknown department' }, { path: ['departmentId'] });
  return audited(db, actor, async (tx) => {
    const before = await repo.setUnitDepartmentUnscoped(tx, code, departmentId);
    if (before === undefined) throw notFound({ zh: '处置单位', en: 'unit' }, code);
    return {
      result: (await repo.departmentUnitsUnscoped(tx)).find((u) => u.code === code)!,
      audit: { action: 'events.unit.department', target: `event_unit:${code}`, before: { departmentId: before }, after: { departmentId } },
    };
  });
}

/**
 * Creates or changes an event category (the district's list, so only an editor with district-wide
 * scope): a 大类 has no deadlines, a 小类 sits under a 大类 and has both stage deadlines. A change of
 * deadline applies to stages that start afterwards; due times already computed are stored state.
 */
export async function setCategory(db: Db, actor: Actor, code: string, input: repo.CategoryInput) {
  if (!actor.scope.all)
    throw new AppError('EVENT_CATEGORY_DISTRICT', 403, {
      zh: '事件类别由区级统一维护',
      en: 'event categories are kept by the district centre',
    });
  const all = await repo.categoriesUnscoped(db);
  const before = all.find((k) => k.code === code) ?? null;
  // a 大类 stays a 大类 and a 小类 a 小类: cases and routing rules refer to 小类
  if (before && (before.parentCode === null) !== (input.parentCode === null))
    throw badRequest(
      'EVENT_CATEGORY_LEVEL',
      { zh: '不能在大类和小类之间转换', en: 'a main category cannot become a sub-category or the other way round' },
      { path: ['parentCode'] },
    );
  if (input.parentCode === null) {
    if (input.handleLimit !== null || input.closeLimit !== null || input.handleUnit !== null || input.closeUnit !== null)
      throw badRequest(
        'EVENT_CATEGORY_LIMITS',
        { zh: '大类不设处置时限', en: 'a main category has no deadlines' },
        { path: ['handleLimit'] },
      );
  } else {
    const parent = all.find((k) => k.code === input.parentCode);
    if (!parent || parent.parentCode !== null || input.parentCode === code)
      throw badRequest(
        'EVENT_CATEGORY_PARENT',
        { zh: '请选择所属大类', en: 'choose the main category it belongs to' },
        { path: ['parentCode'] },
      );
    for (const [limit, unit, path] of [
      [input.handleLimit, input.handleUnit, 'handleLimit'],
      [input.closeLimit, input.closeUnit, 'closeLimit'],
    ] as const)
      if (limit === null || unit === null)
        throw badRequest(
          'EVENT_CATEGORY_LIMITS',
          { zh: '小类须设处置和结案时限', en: 'a sub-category needs both deadlines' },
          { path: [path] },
        );
  }
  return audited(db, actor, async (tx) => {
    await repo.upsertCategoryUnscoped(tx, code, input);
    return {
      result: (await repo.categoriesUnscoped(tx)).find((k) => k.code === code)!,
      audit: { action: 'events.category.set', target: `event_category:${code}`, before, after: input },
    };
  });
}
