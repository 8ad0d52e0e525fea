/**
 * The subjects registry: enterprises, platforms, projects, stations and departments, each bound to
 * a region (which decides who may see and change it), with kind-specific attributes as data.
 * Region subjects come from the region registry and are not written here. Every write is
 * all-or-nothing and audited in the same transaction.
 */
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import type { ImportIssue } from '../imports/issues.js';
import { MAX_REPORTED_ISSUES } from '../imports/issues.js';
import { currentRegionsUnscoped, regionsInScope, upsertSubjects, type SubjectInput } from './repository.js';

export { listSubjects, type Subject, type SubjectFilter, type SubjectInput } from './repository.js';

export interface WriteReport {
  inserted: number;
  updated: number;
}

/** Problems of one item, by field: region not found or out of scope, subject owned by another region. */
type ItemProblem = { index: number; field: 'regionCode' | 'code'; code: string; zh: string; en: string };

async function checkScope(db: Db, actor: Actor, items: SubjectInput[]): Promise<ItemProblem[]> {
  const regions = await regionsInScope(db, actor, [...new Set(items.map((i) => i.regionCode))]);
  const current = await currentRegionsUnscoped(db, items);
  const movable = await regionsInScope(db, actor, [...new Set(current.values())]);
  const problems: ItemProblem[] = [];
  items.forEach((item, index) => {
    if (!regions.has(item.regionCode)) {
      problems.push({
        index,
        field: 'regionCode',
        code: 'OUT_OF_SCOPE',
        zh: `地区「${item.regionCode}」不存在或超出你的数据范围`,
        en: `Region "${item.regionCode}" does not exist or is outside your data scope`,
      });
    }
    const was = current.get(`${item.kind}:${item.code}`);
    if (was && !movable.has(was)) {
      problems.push({
        index,
        field: 'code',
        code: 'OUT_OF_SCOPE',
        zh: `主体「${item.code}」属于你数据范围以外的地区`,
        en: `Subject "${item.code}" belongs to a region outside your data scope`,
      });
    }
  });
  return problems;
}

async function write(
  db: Db,
  actor: Actor,
  items: SubjectInput[],
  audit: { action: string; after: Record<string, unknown> },
): Promise<WriteReport> {
  return db.transaction(async (t) => {
    const tx = t as Db;
    const report = await upsertSubjects(tx, actor, items);
    await appendAudit(tx, actor, {
      action: audit.action,
      target: items.length === 1 ? `subject:${items[0].kind}:${items[0].code}` : `subjects:${items.length}`,
      after: { ...audit.after, ...report, subjects: items.slice(0, 200).map((i) => `${i.kind}:${i.code}`) },
    });
    return report;
  });
}

/** Creates or updates one subject. */
export async function saveSubject(db: Db, actor: Actor, item: SubjectInput): Promise<WriteReport> {
  const [problem] = await checkScope(db, actor, [item]);
  if (problem) throw new AppError(problem.code, 403, { zh: problem.zh, en: problem.en });
  return write(db, actor, [item], {
    action: 'subjects.upsert',
    after: { name: item.name, regionCode: item.regionCode, attributes: item.attributes },
  });
}

/** Creates or updates several subjects at once (e.g. a module's demo content), all in scope or none. */
export async function saveSubjects(db: Db, actor: Actor, items: SubjectInput[]): Promise<WriteReport> {
  const [problem] = await checkScope(db, actor, items);
  if (problem) throw new AppError(problem.code, 403, { zh: problem.zh, en: problem.en });
  return write(db, actor, items, { action: 'subjects.upsert', after: {} });
}

/** Checks a roster's items against the actor's scope and writes them all, or reports every problem. */
export async function saveRoster(
  db: Db,
  actor: Actor,
  items: SubjectInput[],
  where: (index: number, field: ItemProblem['field']) => Pick<ImportIssue, 'sheet' | 'row' | 'column'>,
  options: { fileName: string; dryRun: boolean },
): Promise<WriteReport & { dryRun: boolean; rows: number }> {
  const issues: ImportIssue[] = (await checkScope(db, actor, items)).map((p) => ({
    ...where(p.index, p.field),
    code: p.code,
    zh: p.zh,
    en: p.en,
  }));
  if (issues.length) throw rosterInvalid(issues);
  if (options.dryRun) {
    const existing = await currentRegionsUnscoped(db, items);
    const updated = items.filter((i) => existing.has(`${i.kind}:${i.code}`)).length;
    return { dryRun: true, rows: items.length, inserted: items.length - updated, updated };
  }
  const report = await write(db, actor, items, { action: 'subjects.import', after: { file: options.fileName, rows: items.length } });
  return { dryRun: false, rows: items.length, ...report };
}

export function rosterInvalid(issues: ImportIssue[]): AppError {
  return new AppError(
    'IMPORT_INVALID',
    422,
    { zh: `名册有 ${issues.length} 处错误，未写入任何数据`, en: `The roster has ${issues.length} problems; nothing was written` },
    { issues: issues.slice(0, MAX_REPORTED_ISSUES), issueCount: issues.length },
  );
}
