/**
 * 大综合一体化执法 services: catalogue import and search, scenarios with their combined checklist,
 * 双随机 draws (candidate lists snapshotted, engine draw, stored and audited; verification re-runs
 * the stored input), inspections, the repeated-inspection monitor and enforcement cases. Every
 * write is one transaction with its audit entry.
 */
import {
  checkCaseTransition,
  combinedChecklist,
  nextStages,
  repeatedInspectionColumns,
  runDraw,
  verifyDraw,
  type DrawInput,
  type DrawResult,
  type InspectionColumns,
} from '@gongfu/engine/enforce';
import { isEngineError } from '@gongfu/engine';
import { addWorkingDays, type WorkCalendar } from '@gongfu/engine/calendar';
import { workCalendarUnscoped } from '../calendar/repository.js';
import { systemActor, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, fromEngineError } from '../errors.js';
import { readPage, type PageQuery } from '../http/schemas.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import { cellText, matchColumns, nonEmptyRows, readRecords, readTable, type TableSpec } from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import type { z } from 'zod';
import { getRegion } from '../regions/repository.js';
import * as repo from './repository.js';
import type * as S from './schemas.js';

const notFound = (what: { zh: string; en: string }) =>
  new AppError('NOT_FOUND', 404, { zh: `${what.zh}不存在或不在你的数据范围内`, en: `${what.en} not found or not in your scope` });

/**
 * A write must leave a row its writer can read back through the scope door: a department account
 * (data scope 本部门) records only plans, inspections and draws naming its department and cases of its
 * department's items. Checked inside the write's transaction, which the refusal rolls back.
 */
async function mustSeeWritten(found: Promise<unknown>, field: string): Promise<void> {
  if (!(await found))
    throw new AppError(
      'DEPARTMENT_OUT_OF_SCOPE',
      403,
      {
        zh: '所涉部门不在你的数据范围内：部门账号只能记录本部门的计划、检查、抽取和案件',
        en: 'The departments named are outside your scope: a department account records only its own department’s plans, inspections, draws and cases',
      },
      { field },
    );
}

/** One transaction: the write and its audit entry commit or roll back together. */
const inTx = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> => db.transaction(async (t) => work(t as Db));

function engine<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (isEngineError(e)) throw fromEngineError(e, 422);
    throw e;
  }
}

// ---- catalogue -------------------------------------------------------------------------------

export const listItems = (db: Db, q: PageQuery & repo.ItemFilter) =>
  readPage(
    q,
    (w) => repo.listItems(db, q, w),
    () => repo.countItems(db, q),
  );

type Field = 'code' | 'name' | 'department' | 'type' | 'basis' | 'subjects' | 'risk' | 'transferred';
const SPEC: TableSpec<Field> = {
  code: { aliases: ['事项编码', '事项代码', '编码', 'code'], required: true },
  name: { aliases: ['事项名称', '名称', 'name'], required: true },
  department: { aliases: ['实施部门', '部门', '主管部门', 'department'], required: true },
  type: { aliases: ['事项类型', '类型', 'type'], required: true },
  basis: { aliases: ['法律依据', '设定依据', '实施依据', 'legal_basis'] },
  subjects: { aliases: ['适用对象', '对象类型', 'subject_types'] },
  risk: { aliases: ['风险等级', 'risk_level'] },
  transferred: { aliases: ['是否划转', '划转综合执法', 'transferred'] },
};
const TYPES: Record<string, repo.ItemType> = {
  检查: 'inspect',
  监管: 'inspect',
  行政检查: 'inspect',
  inspect: 'inspect',
  处罚: 'penalty',
  行政处罚: 'penalty',
  penalty: 'penalty',
  强制: 'coercion',
  行政强制: 'coercion',
  coercion: 'coercion',
  其他: 'other',
  other: 'other',
};
const RISKS: Record<string, repo.ItemRow['riskLevel']> = {
  '': '',
  高: 'high',
  中: 'medium',
  低: 'low',
  high: 'high',
  medium: 'medium',
  low: 'low',
};
const YES = new Set(['是', 'y', 'yes', 'true', '1', '划转']);
const NO = new Set(['', '否', 'n', 'no', 'false', '0', '不划转']);

/** Import the item catalogue from a spreadsheet: every problem with sheet, row and column; all or nothing. */
export async function importItems(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  options: { fileName: string; dryRun: boolean; maxBytes: number },
) {
  const file = await readTable(bytes, options.fileName, options.maxBytes);
  const issues: ImportIssue[] = [];
  const items = new Map<string, Omit<repo.ItemRow, 'synthetic'> & { row: number }>();
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing } = matchColumns(header, SPEC);
    if (missing.length) {
      issues.push(headerLacks(sheet.name, header, columnNames(SPEC, missing)));
      continue;
    }
    for (const rec of readRecords(body, columns, SPEC)) {
      const text = (f: Field) => cellText(rec.values[f] as never);
      const at = recordProblems(issues, sheet.name, rec);
      const code = text('code');
      const name = text('name');
      const department = text('department');
      if (!code) at('code', 'ITEM_CODE_MISSING', '事项编码为空', 'Item code is empty');
      else if (code.length > 64) at('code', 'ITEM_CODE_TOO_LONG', '事项编码超过 64 个字符', 'Item code is longer than 64 characters');
      if (!name) at('name', 'ITEM_NAME_MISSING', '事项名称为空', 'Item name is empty');
      if (!department) at('department', 'DEPARTMENT_MISSING', '实施部门为空', 'Department is empty');
      const itemType = TYPES[text('type').replace(/类$/, '')];
      if (!itemType)
        at(
          'type',
          'BAD_ITEM_TYPE',
          `事项类型「${text('type')}」应为 检查、处罚、强制 或 其他`,
          `Item type "${text('type')}" must be 检查, 处罚, 强制 or 其他`,
        );
      const riskLevel = RISKS[text('risk').replace(/风险$/, '')];
      if (riskLevel === undefined)
        at(
          'risk',
          'BAD_RISK_LEVEL',
          `风险等级「${text('risk')}」应为 高、中、低 或留空`,
          `Risk level "${text('risk')}" must be 高, 中, 低 or empty`,
        );
      const t = text('transferred').toLowerCase();
      if (!YES.has(t) && !NO.has(t))
        at(
          'transferred',
          'BAD_TRANSFERRED',
          `是否划转「${text('transferred')}」应为 是 或 否`,
          `Transferred "${text('transferred')}" must be 是 or 否`,
        );
      if (code && items.has(code)) {
        at(
          'code',
          'DUPLICATE_ITEM',
          `事项编码 ${code} 与第 ${items.get(code)!.row} 行重复`,
          `Item code ${code} repeats row ${items.get(code)!.row}`,
        );
        continue;
      }
      if (!code || !name || !department || !itemType || riskLevel === undefined) continue;
      items.set(code, {
        code,
        name,
        department,
        itemType,
        legalBasis: text('basis'),
        subjectTypes: text('subjects'),
        riskLevel,
        transferred: YES.has(t),
        row: rec.row,
      });
    }
  }
  if (issues.length)
    throw new AppError(
      'IMPORT_INVALID',
      422,
      { zh: `事项清单有 ${issues.length} 处错误，未写入任何数据`, en: `The item list has ${issues.length} problems; nothing was written` },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  if (items.size === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有事项', en: 'The file has no items' });
  const list = [...items.values()].map(({ row: _row, ...it }) => it);
  if (options.dryRun) return { dryRun: true, items: list.length, inserted: 0, updated: 0, unchanged: 0 };
  return inTx(db, async (tx) => {
    const counts = await repo.upsertItems(tx, list, actor.id, false, options.fileName);
    await appendAudit(tx, actor, {
      action: 'enforce.items.import',
      target: 'enforce_item',
      after: { file: options.fileName, items: list.length, ...counts },
    });
    return { dryRun: false, items: list.length, ...counts };
  });
}

const VERSION_FIELDS = ['name', 'department', 'itemType', 'legalBasis', 'subjectTypes', 'riskLevel', 'transferred'] as const;

/** An item's versions newest first, each with the fields that changed against the one before it. */
export async function itemVersions(db: Db, code: string) {
  if (!(await repo.itemExists(db, code))) throw notFound({ zh: '事项', en: 'The item' });
  const list = await repo.itemVersions(db, code);
  return list.map((v, i) => {
    const before = list[i + 1];
    return { ...v, changed: VERSION_FIELDS.filter((f) => !before || before[f] !== v[f]) };
  });
}

// ---- scenarios -------------------------------------------------------------------------------

export async function scenarios(db: Db) {
  const list = await repo.listScenarios(db);
  const items = new Map((await repo.itemsByCode(db, [...new Set(list.flatMap((s) => s.itemCodes))])).map((i) => [i.code, i]));
  return list.map((s) => {
    const own = s.itemCodes.map((c) => items.get(c)).filter((i) => i !== undefined);
    return { ...s, departments: [...new Set(own.map((i) => i.department))].sort(), checklist: combinedChecklist(own) };
  });
}

export async function saveScenario(
  db: Db,
  actor: Actor,
  body: { code: string; name: string; objectKind: string; leadDepartment: string; itemCodes: string[] },
) {
  const codes = [...new Set(body.itemCodes)];
  const known = new Set((await repo.itemsByCode(db, codes)).map((i) => i.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length)
    throw new AppError(
      'UNKNOWN_ITEM',
      400,
      { zh: `事项不存在：${unknown.join('、')}`, en: `Unknown items: ${unknown.join(', ')}` },
      { field: 'itemCodes', unknown },
    );
  await inTx(db, async (tx) => {
    await repo.saveScenario(tx, { ...body, itemCodes: codes }, actor.id);
    await appendAudit(tx, actor, {
      action: 'enforce.scenario.save',
      target: `enforce_scenario:${body.code}`,
      after: { ...body, itemCodes: codes },
    });
  });
  return (await scenarios(db)).find((s) => s.code === body.code)!;
}

// ---- objects enrolled in scenarios ----------------------------------------------------------

const outOfScope = () =>
  new AppError(
    'OUT_OF_SCOPE',
    403,
    { zh: '检查对象不存在或超出你的数据范围', en: 'The inspection object does not exist or is outside your scope' },
    { field: 'id' },
  );

async function knownScenario(db: Db, code: string): Promise<void> {
  if (!(await repo.scenarioExists(db, code))) throw notFound({ zh: '一件事场景', en: 'The scenario' });
}

/** Enrol an object of the caller's scope in a scenario, audited; enrolling twice adds no second row. */
export async function enrolObject(db: Db, actor: Actor, scenarioCode: string, subjectId: number) {
  await knownScenario(db, scenarioCode);
  const object = await repo.objectById(db, actor, subjectId);
  if (!object) throw outOfScope();
  await inTx(db, async (tx) => {
    const added = await repo.enrolObjectUnscoped(tx, scenarioCode, subjectId, actor.id);
    await appendAudit(tx, actor, {
      action: 'enforce.scenario.enrol',
      target: `enforce_scenario_object:${scenarioCode}:${object.code}`,
      after: { scenarioCode, subjectId, code: object.code, alreadyEnrolled: !added },
    });
  });
  return { items: await repo.scenarioObjects(db, actor, scenarioCode) };
}

/** Withdraw an object of the caller's scope from a scenario, audited. */
export async function withdrawObject(db: Db, actor: Actor, scenarioCode: string, subjectId: number) {
  await knownScenario(db, scenarioCode);
  const object = await repo.objectById(db, actor, subjectId);
  if (!object) throw outOfScope();
  await inTx(db, async (tx) => {
    if (!(await repo.withdrawObject(tx, actor, scenarioCode, subjectId)))
      throw new AppError('NOT_FOUND', 404, { zh: '该对象未纳入此场景', en: 'The object is not enrolled in this scenario' });
    await appendAudit(tx, actor, {
      action: 'enforce.scenario.withdraw',
      target: `enforce_scenario_object:${scenarioCode}:${object.code}`,
      before: { scenarioCode, subjectId, code: object.code },
    });
  });
  return { items: await repo.scenarioObjects(db, actor, scenarioCode) };
}

export async function scenarioObjects(db: Db, actor: Actor, scenarioCode: string) {
  await knownScenario(db, scenarioCode);
  return { items: await repo.scenarioObjects(db, actor, scenarioCode) };
}

/**
 * The one combined checklist of an object: every item of every scenario it is enrolled in, each
 * item once (whichever departments and scenarios name it), ordered by department then position.
 */
export async function objectChecklist(db: Db, actor: Actor, subjectId: number) {
  const object = await repo.objectById(db, actor, subjectId);
  if (!object) throw outOfScope();
  const { scenarios, items } = await repo.objectScenarioItems(db, actor, subjectId);
  const byCode = new Map<string, repo.ItemRow & { scenarios: string[] }>();
  for (const { scenarioCode, position: _position, ...item } of items) {
    const seen = byCode.get(item.code);
    if (seen) {
      if (!seen.scenarios.includes(scenarioCode)) seen.scenarios.push(scenarioCode);
    } else byCode.set(item.code, { ...item, scenarios: [scenarioCode] });
  }
  const list = [...byCode.values()];
  return { subjectId, scenarios, items: list, checklist: combinedChecklist(list) };
}

// ---- inspectors -----------------------------------------------------------------------------

export async function saveInspectors(db: Db, actor: Actor, items: Omit<repo.InspectorRow, 'townName' | 'synthetic'>[]) {
  const towns = await repo.regionCodesUnscoped(db, [...new Set(items.map((i) => i.townCode))]);
  const bad = items.findIndex((i) => !towns.has(i.townCode));
  if (bad >= 0)
    throw new AppError(
      'UNKNOWN_REGION',
      400,
      { zh: `地区代码不存在：${items[bad]!.townCode}`, en: `Unknown region code: ${items[bad]!.townCode}` },
      { field: `items.${bad}.townCode` },
    );
  await inTx(db, async (tx) => {
    for (const i of items) await repo.saveInspector(tx, i);
    await appendAudit(tx, actor, {
      action: 'enforce.inspectors.save',
      target: 'enforce_inspector',
      after: { codes: items.map((i) => i.code) },
    });
  });
  return repo.listInspectorsUnscoped(db);
}

/** Replace an object's listed relations (the object must be in the caller's scope). */
export async function saveConflicts(db: Db, actor: Actor, subjectId: number, codes: string[]) {
  const object = await repo.objectById(db, actor, subjectId);
  if (!object) throw notFound({ zh: '检查对象', en: 'The inspection object' });
  const wanted = [...new Set(codes)].sort();
  const known = new Set((await repo.listInspectorsUnscoped(db)).map((i) => i.code));
  const unknown = wanted.filter((c) => !known.has(c));
  if (unknown.length)
    throw new AppError(
      'UNKNOWN_INSPECTOR',
      400,
      { zh: `检查人员不存在：${unknown.join('、')}`, en: `Unknown inspectors: ${unknown.join(', ')}` },
      { field: 'inspectorCodes', unknown },
    );
  await inTx(db, async (tx) => {
    await repo.replaceConflictsUnscoped(tx, subjectId, wanted);
    await appendAudit(tx, actor, {
      action: 'enforce.conflicts.save',
      target: `enforce_conflict:${object.code}`,
      after: { inspectorCodes: wanted },
    });
  });
  return wanted;
}

// ---- draws -----------------------------------------------------------------------------------

async function detailOf(db: Db, actor: Actor, row: repo.DrawRow) {
  const result = row.result;
  const names = await repo.namesOf(
    db,
    actor,
    result.assignments.map((a) => a.objectId),
    [...new Set(result.assignments.flatMap((a) => a.inspectorIds))],
  );
  const { input, result: _r, ...summary } = row;
  return {
    ...summary,
    strata: result.strata,
    rules: { perObject: input.rules.perObject, departments: input.rules.departments, ratios: input.rules.ratios },
    candidates: { objects: input.objects.length, inspectors: input.inspectors.length, conflicts: input.rules.conflicts.length },
    assignments: result.assignments.map((a) => ({
      objectId: a.objectId,
      objectName: names.objects.get(a.objectId) ?? a.objectId,
      stratum: a.stratum,
      inspectors: a.inspectorIds.map((code) => ({
        code,
        name: names.inspectors.get(code)?.name ?? code,
        department: names.inspectors.get(code)?.department ?? '',
      })),
    })),
  };
}

/**
 * A draw or a plan belongs to the region it names: that region must lie in the caller's scope (a
 * town's objects alone do not make a plan of the county, which the town could then not even read).
 */
async function ownRegion(db: Db, actor: Actor, code: string): Promise<void> {
  if (!(await getRegion(db, actor, code)))
    throw new AppError(
      'OUT_OF_SCOPE',
      403,
      { zh: `地区 ${code} 不存在或超出你的数据范围`, en: `Region ${code} does not exist or is outside your scope` },
      { field: 'regionCode' },
    );
}

export async function runDrawFor(
  db: Db,
  actor: Actor,
  body: { name: string; regionCode: string; nonce: string; ratios: Record<string, number>; perObject: number; departments: string[] },
  options: { synthetic?: boolean } = {},
) {
  await ownRegion(db, actor, body.regionCode);
  const departments = [...new Set(body.departments)].sort();
  const c = await repo.drawCandidates(db, actor, body.regionCode, departments);
  if (c.objects.length === 0)
    throw new AppError(
      'NO_OBJECTS',
      422,
      { zh: '该地区没有你数据范围内的检查对象', en: 'No inspection objects in your scope in that region' },
      { field: 'regionCode' },
    );
  const input: DrawInput = {
    objects: c.objects,
    inspectors: c.inspectors,
    rules: { ratios: body.ratios, perObject: body.perObject, departments, conflicts: c.conflicts, lastInspectors: c.lastInspectors },
    nonce: body.nonce,
  };
  const result: DrawResult = engine(() => runDraw(input));
  const id = await inTx(db, async (tx) => {
    const id = await repo.insertDraw(tx, actor, {
      regionCode: body.regionCode,
      name: body.name,
      nonce: body.nonce,
      input,
      result,
      synthetic: options.synthetic,
    });
    await mustSeeWritten(repo.drawById(tx, actor, id), 'departments');
    await appendAudit(tx, actor, {
      action: 'enforce.draw',
      target: `enforce_draw:${id}`,
      after: {
        name: body.name,
        region: body.regionCode,
        nonce: body.nonce,
        seed: result.seed,
        strata: result.strata,
        objects: result.assignments.length,
      },
    });
    return id;
  });
  return detailOf(db, actor, (await repo.drawById(db, actor, id))!);
}

export async function drawDetail(db: Db, actor: Actor, id: number) {
  const row = await repo.drawById(db, actor, id);
  if (!row) throw notFound({ zh: '抽取记录', en: 'The draw' });
  return detailOf(db, actor, row);
}

export const listDraws = (db: Db, actor: Actor, q: PageQuery) =>
  readPage(
    q,
    (w) => repo.listDraws(db, actor, w),
    () => repo.countDraws(db, actor),
  );

/** Re-run a stored draw from its stored input and compare it with the stored result. */
export async function verify(db: Db, actor: Actor, id: number) {
  const row = await repo.drawById(db, actor, id);
  if (!row) throw notFound({ zh: '抽取记录', en: 'The draw' });
  const check = engine(() => verifyDraw(row.input, row.result));
  return { ...check, storedSeed: row.seed };
}

// ---- inspections and alerts ------------------------------------------------------------------

export const listObjects = (db: Db, actor: Actor, q: PageQuery & { region?: string; q?: string }) =>
  readPage(
    q,
    (w) => repo.listObjects(db, actor, q, w),
    () => repo.countObjects(db, actor, q),
  );

export const listInspections = (db: Db, actor: Actor, q: PageQuery & { subjectId?: number }) =>
  readPage(
    q,
    (w) => repo.listInspections(db, actor, q, w),
    () => repo.countInspections(db, actor, q),
  );

export async function recordInspection(
  db: Db,
  actor: Actor,
  body: Omit<repo.NewInspection, 'regionCode' | 'planId'>,
  plan?: { id: number },
) {
  const object = await repo.objectById(db, actor, body.subjectId);
  if (!object) throw notFound({ zh: '检查对象', en: 'The inspection object' });
  const codes = [...new Set([...body.itemCodes, ...body.findings.map((f) => f.item)])];
  const known = new Set((await repo.itemsByCode(db, codes)).map((i) => i.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length)
    throw new AppError(
      'UNKNOWN_ITEM',
      400,
      { zh: `事项不存在：${unknown.join('、')}`, en: `Unknown items: ${unknown.join(', ')}` },
      { field: 'itemCodes', unknown },
    );
  const id = await inTx(db, async (tx) => {
    const id = await repo.insertInspectionUnscoped(tx, actor.id, {
      ...body,
      planId: plan?.id ?? null,
      departments: [...new Set(body.departments)],
      regionCode: object.regionCode,
    });
    await mustSeeWritten(repo.inspectionById(tx, actor, id), 'departments');
    const failed = [...new Set(body.findings.filter((f) => f.result === 'fail').map((f) => f.item))];
    if (failed.length) {
      const { cal, settings } = await deadlineRules(tx);
      const start = inspectionStart(body.inspectedOn);
      const dueAt = new Date(engine(() => addWorkingDays(cal, start, settings.fileWorkDays))).toISOString();
      await repo.insertDeadlinesUnscoped(
        tx,
        actor.id,
        failed.map((itemCode) => ({
          kind: 'file' as const,
          regionCode: object.regionCode,
          subjectId: object.id,
          itemCode,
          inspectionId: id,
          caseId: null,
          workDays: settings.fileWorkDays,
          startAt: new Date(start).toISOString(),
          dueAt,
        })),
      );
    }
    await appendAudit(tx, actor, {
      action: 'enforce.inspection',
      target: `enforce_inspection:${id}`,
      after: {
        subject: object.code,
        date: body.inspectedOn,
        departments: body.departments,
        joint: body.joint,
        plan: plan?.id ?? null,
        failed: body.findings.filter((f) => f.result === 'fail').length,
      },
    });
    return id;
  });
  return (await repo.inspectionById(db, actor, id))!;
}

const daysAgo = (today: Date, n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Repeated-inspection alerts over the caller's inspections since a date (default one year back): the
 * inspections come as columns in one round trip (repo.inspectionColumns) and the engine scans them
 * (repeatedInspectionColumns: the rule of repeatedInspections, on typed arrays).
 */
export async function alerts(db: Db, actor: Actor, q: { days: number; maxDepartments: number; since?: string }, today = new Date()) {
  const since = q.since ?? daysAgo(today, 365);
  // numbered in code-unit order, so that an alert's departments (ascending numbers) come out sorted
  let departments = (await repo.departments(db)).sort();
  let packed = await repo.inspectionColumns(db, actor, since, departments);
  if (packed.unknown > 0) {
    departments = (await repo.inspectionDepartments(db, actor, since)).sort();
    packed = await repo.inspectionColumns(db, actor, since, departments);
  }
  const columns = unpack(packed);
  const found = engine(() => repeatedInspectionColumns(columns, { days: q.days, maxDepartments: q.maxDepartments }));
  const names = await repo.subjectNames(db, actor, [...new Set(found.map((a) => a.object))]);
  const dates = new Map<number, string>();
  const iso = (d: number) => {
    let s = dates.get(d);
    if (s === undefined) dates.set(d, (s = new Date(d * 86_400_000).toISOString().slice(0, 10)));
    return s;
  };
  return found.map((a) => ({
    objectId: String(a.object),
    objectName: names.get(a.object) ?? String(a.object),
    from: iso(a.fromDay),
    to: iso(a.toDay),
    departments: a.departments.map((k) => departments[k]!),
    inspectionIds: a.inspections.map(String),
  }));
}

const DAY_2000 = Date.UTC(2000, 0, 1) / 86_400_000;

/**
 * The packed columns (repo.inspectionColumns) sorted by object, day and inspection id, as the engine
 * wants them: a counting sort by object (dense numbers in first-seen order, then by subject id), then
 * an insertion sort of each object's few entries by day and id.
 */
function unpack(p: Awaited<ReturnType<typeof repo.inspectionColumns>>): InspectionColumns {
  const n = p.entries;
  const view = (b: Uint8Array | null) => (b ? new DataView(b.buffer, b.byteOffset, b.byteLength) : null);
  const [ov, dv, iv, kv] = [view(p.objects), view(p.days), view(p.ids), view(p.kinds)];
  if (n > 0 && (!ov || ov.byteLength !== 4 * n || dv!.byteLength !== 2 * n || iv!.byteLength !== 4 * n || kv!.byteLength !== 2 * n))
    throw new Error(`inspection columns: sizes do not match ${n} entries`);
  // each entry's object rank (subjects by id): a direct table when the ids are dense, else a map
  const raw = new Int32Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const o = (raw[i] = ov!.getInt32(4 * i));
    if (o < lo) lo = o;
    if (o > hi) hi = o;
  }
  const rankOf = new Int32Array(n);
  let subjects: number[];
  if (n > 0 && hi - lo < 4 * n + 1024) {
    const rank = new Int32Array(hi - lo + 1).fill(-1);
    for (let i = 0; i < n; i++) rank[raw[i]! - lo] = 0;
    subjects = [];
    for (let v = 0; v < rank.length; v++) if (rank[v] === 0) rank[v] = subjects.push(v + lo) - 1;
    for (let i = 0; i < n; i++) rankOf[i] = rank[raw[i]! - lo]!;
  } else {
    const dense = new Map<number, number>();
    for (let i = 0; i < n; i++) if (!dense.has(raw[i]!)) dense.set(raw[i]!, 0);
    subjects = [...dense.keys()].sort((a, b) => a - b);
    subjects.forEach((o, r) => dense.set(o, r));
    for (let i = 0; i < n; i++) rankOf[i] = dense.get(raw[i]!)!;
  }
  const start = new Int32Array(subjects.length + 1);
  for (let i = 0; i < n; i++) start[rankOf[i]! + 1]!++;
  for (let r = 0; r < subjects.length; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, subjects.length);
  const c: InspectionColumns = {
    n,
    object: new Int32Array(n),
    day: new Int32Array(n),
    visitor: new Int32Array(n),
    department: new Int32Array(n),
    inspection: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const at = fill[rankOf[i]!]!++;
    const kind = kv!.getInt16(2 * i);
    const id = iv!.getInt32(4 * i);
    c.object[at] = raw[i]!;
    c.day[at] = DAY_2000 + dv!.getInt16(2 * i);
    c.inspection[at] = id;
    c.department[at] = Math.abs(kind) - 1;
    c.visitor[at] = kind < 0 ? -id : kind;
  }
  // each object's entries by day, then inspection id
  for (let r = 0; r < subjects.length; r++) {
    for (let i = start[r]! + 1; i < start[r + 1]!; i++) {
      const d = c.day[i]!;
      const id = c.inspection[i]!;
      const v = c.visitor[i]!;
      const k = c.department[i]!;
      let j = i - 1;
      while (j >= start[r]! && (c.day[j]! > d || (c.day[j] === d && c.inspection[j]! > id))) {
        c.day[j + 1] = c.day[j]!;
        c.inspection[j + 1] = c.inspection[j]!;
        c.visitor[j + 1] = c.visitor[j]!;
        c.department[j + 1] = c.department[j]!;
        j--;
      }
      c.day[j + 1] = d;
      c.inspection[j + 1] = id;
      c.visitor[j + 1] = v;
      c.department[j + 1] = k;
    }
  }
  return c;
}

// ---- enforcement cases -----------------------------------------------------------------------

export const listCases = (db: Db, actor: Actor, q: PageQuery) =>
  readPage(
    q,
    (w) => repo.listCases(db, actor, w),
    () => repo.countCases(db, actor),
  );

export async function caseDetail(db: Db, actor: Actor, id: number) {
  const c = await repo.caseById(db, actor, id);
  if (!c) throw notFound({ zh: '执法案件', en: 'The case' });
  return {
    ...c,
    next: [...nextStages(c.stage)],
    actions: await repo.caseActions(db, actor, id),
    files: await repo.caseFiles(db, actor, id),
    deadlines: await repo.listDeadlines(db, actor, { caseId: id, state: 'all' }, { limit: 10, offset: 0 }),
  };
}

export async function openCase(
  db: Db,
  actor: Actor,
  body: { subjectId: number; itemCode: string; inspectionId: number | null; summary: string },
) {
  const id = await inTx(db, (tx) => openCaseIn(tx, actor, body));
  return caseDetail(db, actor, id);
}

/**
 * 立案 inside the caller's transaction: the object and (optional) inspection in the actor's scope, a
 * known item; the case, its first step, its 结案 deadline and its audit entry. A `source` (a referral
 * from another module) opens at most one case: a second referral of the same source is refused.
 */
export async function openCaseIn(
  tx: Db,
  actor: Actor,
  body: { subjectId: number; itemCode: string; inspectionId: number | null; summary: string; source?: string },
): Promise<number> {
  const object = await repo.objectById(tx, actor, body.subjectId);
  if (!object) throw notFound({ zh: '检查对象', en: 'The inspection object' });
  if ((await repo.itemsByCode(tx, [body.itemCode])).length === 0)
    throw new AppError(
      'UNKNOWN_ITEM',
      400,
      { zh: `事项不存在：${body.itemCode}`, en: `Unknown item: ${body.itemCode}` },
      { field: 'itemCode' },
    );
  if (body.inspectionId) {
    const x = await repo.inspectionById(tx, actor, body.inspectionId);
    if (!x || x.subjectId !== body.subjectId) throw notFound({ zh: '检查记录', en: 'The inspection' });
  }
  const id = await repo.insertCaseUnscoped(tx, actor.id, { ...body, regionCode: object.regionCode, source: body.source ?? null });
  if (id === undefined)
    throw new AppError(
      'ALREADY_REFERRED',
      409,
      { zh: '该来源已移送立案，不能重复移送', en: 'This source has already been referred to a case' },
      { source: body.source },
    );
  await mustSeeWritten(repo.caseById(tx, actor, id), 'itemCode');
  const now = Date.now();
  if (body.inspectionId) await repo.meetFileDeadlineUnscoped(tx, body.inspectionId, body.itemCode, id, new Date(now).toISOString());
  const { cal, settings } = await deadlineRules(tx);
  await repo.insertDeadlinesUnscoped(tx, actor.id, [
    {
      kind: 'close',
      regionCode: object.regionCode,
      subjectId: object.id,
      itemCode: body.itemCode,
      inspectionId: body.inspectionId,
      caseId: id,
      workDays: settings.closeWorkDays,
      startAt: new Date(now).toISOString(),
      dueAt: new Date(engine(() => addWorkingDays(cal, now, settings.closeWorkDays))).toISOString(),
    },
  ]);
  await appendAudit(tx, actor, {
    action: 'enforce.case.open',
    target: `enforce_case:${id}`,
    after: { subject: object.code, item: body.itemCode, inspection: body.inspectionId, source: body.source ?? null },
  });
  return id;
}

export async function moveCase(db: Db, actor: Actor, id: number, body: { to: repo.CaseRow['stage']; version: number; note: string }) {
  await inTx(db, async (tx) => {
    const c = await repo.caseById(tx, actor, id, true);
    if (!c) throw notFound({ zh: '执法案件', en: 'The case' });
    engine(() => checkCaseTransition(c.stage, body.to));
    if (body.to === 'closed') await repo.meetCloseDeadlineUnscoped(tx, id, new Date().toISOString());
    if (!(await repo.moveCaseUnscoped(tx, actor.id, id, c.stage, body.to, body.version, body.note)))
      throw new AppError(
        'VERSION_CONFLICT',
        409,
        { zh: '案件已被他人更新，请刷新后重试', en: 'Someone else updated the case; reload and retry' },
        { version: c.version },
      );
    await appendAudit(tx, actor, {
      action: 'enforce.case.transition',
      target: `enforce_case:${id}`,
      before: { stage: c.stage },
      after: { stage: body.to, note: body.note },
    });
  });
  return caseDetail(db, actor, id);
}

// ---- case deadlines in 工作日 ------------------------------------------------------------------

/** The shared working-time calendar (the events module's, holidays and 调休 included) and the limits. */
async function deadlineRules(db: Db): Promise<{ cal: WorkCalendar; settings: repo.DeadlineSettings }> {
  const [cal, settings] = await Promise.all([workCalendarUnscoped(db), repo.deadlineSettingsUnscoped(db)]);
  return { cal, settings };
}

/** An inspection's day starts the count: local midnight in Asia/Shanghai, counted from the next day (次日起算). */
const inspectionStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

export const listDeadlines = (db: Db, actor: Actor, q: PageQuery & repo.DeadlineFilter) =>
  readPage(
    q,
    (w) => repo.listDeadlines(db, actor, q, w),
    () => repo.countDeadlines(db, actor, q),
  );

/** Marks every deadline past due and not met overdue (idempotent), with one audit entry per sweep that marks any. */
export async function sweepDeadlines(db: Db, now = Date.now()): Promise<number> {
  return inTx(db, async (tx) => {
    const marked = await repo.markOverdueDeadlinesUnscoped(tx, new Date(now).toISOString());
    if (marked.length)
      await appendAudit(tx, systemActor('system:enforce-sweep'), {
        action: 'enforce.deadline.overdue',
        target: 'enforce_deadline',
        after: {
          file: marked.filter((m) => m.kind === 'file').map((m) => m.id),
          close: marked.filter((m) => m.kind === 'close').map((m) => m.id),
        },
      });
    return marked.length;
  });
}

/** Runs the sweep now and every `intervalMs`; the stored due_at is the truth, the timer only re-checks. */
export function startDeadlineSweep(db: Db, intervalMs: number, onError?: (err: unknown) => void) {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => (running = running.then(() => sweepDeadlines(db)).catch((err) => onError?.(err)));
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

// ---- 综合查一次 joint inspection plans --------------------------------------------------------------

const badPlan = (code: string, zh: string, en: string, details: Record<string, unknown>) => new AppError(code, 400, { zh, en }, details);

/** A joint plan: objects in the caller's scope, catalogue items of the participating departments, one date. */
export async function createPlan(db: Db, actor: Actor, body: z.infer<typeof S.PlanBody>) {
  await ownRegion(db, actor, body.regionCode);
  const departments = [...new Set(body.departments)];
  if (!departments.includes(body.leadDepartment))
    throw badPlan(
      'LEAD_NOT_PARTICIPATING',
      `牵头部门“${body.leadDepartment}”不在参与部门中`,
      `the lead department ${body.leadDepartment} is not a participant`,
      {
        field: 'leadDepartment',
      },
    );
  const codes = [...new Set(body.itemCodes)];
  const items = await repo.itemsByCode(db, codes);
  const unknown = codes.filter((c) => !items.some((i) => i.code === c));
  if (unknown.length)
    throw new AppError(
      'UNKNOWN_ITEM',
      400,
      { zh: `事项不存在：${unknown.join('、')}`, en: `Unknown items: ${unknown.join(', ')}` },
      { field: 'itemCodes', unknown },
    );
  const foreign = items.filter((i) => !departments.includes(i.department)).map((i) => i.code);
  if (foreign.length)
    throw badPlan(
      'ITEM_DEPARTMENT',
      `事项不属于参与部门：${foreign.join('、')}`,
      `items of no participating department: ${foreign.join(', ')}`,
      {
        field: 'itemCodes',
        items: foreign,
      },
    );
  const subjectIds = [...new Set(body.subjectIds)];
  for (const [k, sid] of subjectIds.entries()) {
    const o = await repo.objectById(db, actor, sid);
    if (!o) throw notFound({ zh: `检查对象（subjectIds[${k}]）`, en: `The inspection object (subjectIds[${k}])` });
    if (!o.regionCode.startsWith(body.regionCode.replace(/0+$/, '')))
      throw badPlan('OBJECT_OUTSIDE_REGION', `检查对象不在计划范围内：${o.name}`, `the object ${o.name} is outside the plan's region`, {
        field: `subjectIds[${k}]`,
      });
  }
  const id = await inTx(db, async (tx) => {
    const id = await repo.insertPlanUnscoped(tx, actor.id, { ...body, departments, itemCodes: codes, subjectIds });
    await mustSeeWritten(repo.planById(tx, actor, id), 'departments');
    await appendAudit(tx, actor, {
      action: 'enforce.plan.create',
      target: `enforce_plan:${id}`,
      after: { name: body.name, date: body.plannedOn, departments, items: codes, objects: subjectIds },
    });
    return id;
  });
  return planDetail(db, actor, id);
}

export async function planDetail(db: Db, actor: Actor, id: number) {
  const plan = await repo.planById(db, actor, id);
  if (!plan) throw notFound({ zh: '联合检查计划', en: 'The joint inspection plan' });
  const items = await repo.itemsByCode(db, plan.itemCodes);
  return {
    ...plan,
    checklist: plan.itemCodes.map((code) => {
      const i = items.find((x) => x.code === code)!;
      return { code, name: i.name, department: i.department, legalBasis: i.legalBasis };
    }),
    objects: await repo.planObjects(db, actor, id),
  };
}

export const listPlans = (db: Db, actor: Actor, q: PageQuery) =>
  readPage(
    q,
    (w) => repo.listPlans(db, actor, w),
    () => repo.countPlans(db, actor),
  );

/** The one visit of a plan to one of its objects: a result for every item of the checklist, no other item. */
export async function recordPlanInspection(db: Db, actor: Actor, planId: number, body: z.infer<typeof S.PlanInspectionBody>) {
  const plan = await planDetail(db, actor, planId);
  const object = plan.objects.find((o) => o.subjectId === body.subjectId);
  if (!object) throw notFound({ zh: '计划中的检查对象', en: 'The object in this plan' });
  if (object.inspectionId !== null)
    throw new AppError(
      'ALREADY_INSPECTED',
      409,
      { zh: '该对象已按本计划检查', en: 'This object has been inspected under this plan already' },
      {
        inspectionId: object.inspectionId,
      },
    );
  const stray = body.findings.map((f) => f.item).filter((c) => !plan.itemCodes.includes(c));
  const missing = plan.itemCodes.filter((c) => !body.findings.some((f) => f.item === c));
  if (stray.length || missing.length)
    throw new AppError(
      'CHECKLIST_INCOMPLETE',
      400,
      {
        zh: `检查表须逐项填写本计划事项${missing.length ? `，未填：${missing.join('、')}` : ''}${stray.length ? `，计划外：${stray.join('、')}` : ''}`,
        en: `the checklist takes a result for every item of the plan${missing.length ? `; missing: ${missing.join(', ')}` : ''}${stray.length ? `; not in the plan: ${stray.join(', ')}` : ''}`,
      },
      { field: 'findings', missing, stray },
    );
  return recordInspection(
    db,
    actor,
    {
      subjectId: body.subjectId,
      inspectedOn: body.inspectedOn,
      departments: plan.departments,
      itemCodes: plan.itemCodes,
      joint: true,
      drawId: null,
      inspectorCodes: body.inspectorCodes,
      findings: body.findings,
    },
    { id: planId },
  );
}
