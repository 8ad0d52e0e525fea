/**
 * The "661" major-project board: projects (subjects of kind project) with their planned investment
 * by month, milestones and monthly actual investment (PRJ_INVEST observations); lag warnings from
 * the engine; groups by special action, department and 镇街; the share of the 600亿 goal (the
 * district target on TG_FAI661_CUM of the year, when there is one); the monthly investment import
 * (table reader → observation writer, one transaction with its audit entry); 要素保障 problems.
 */
import { createHash } from 'node:crypto';
import { projectLag, projectLagAt, type LagWarning } from '@gongfu/engine/targets';
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import { writeObservations } from '../observations/writer.js';
import { cellText, matchColumns, nonEmptyRows, parseNumber, readRecords, readTable, type TableSpec } from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import {
  deleteProblemUnscoped,
  latestMonth,
  insertProblemUnscoped,
  problemsOf,
  projectCodes,
  projectsWithActuals,
  projectTotals,
  targetsOf,
  updateProblemUnscoped,
  type ProblemRow,
  type ProjectRow,
  type ProjectTotalsRow,
  type ProjectWithActual,
} from './repository.js';

export const INVEST = 'PRJ_INVEST';
export const FAI_INDICATOR = 'TG_FAI661_CUM';
const round = (v: number) => Math.round(v * 1e4) / 1e4;
const attr = (p: ProjectRow, key: string) => (typeof p.attributes[key] === 'string' ? (p.attributes[key] as string) : '');

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export const shanghaiDate = (now = new Date()) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Projects with their months (the detail page): lag warnings from the monthly series. */
function withActuals(year: number, projects: ProjectWithActual[], month?: number, reportedMonth?: number | null) {
  // the reporting month is the district's latest, so a project silent this month is flagged
  const reported = month ?? reportedMonth ?? null;
  const m = reported ?? 1;
  const asOf = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  const items = projects.map((p) => {
    const a = p.actual;
    const warnings: LagWarning[] = projectLag({
      asOf,
      month: m,
      plannedStart: p.milestones.find((x) => x.kind === '开工')?.planned ?? null,
      actualStart: p.milestones.find((x) => x.kind === '开工')?.actual ?? null,
      // the start has its own warning
      milestones: p.milestones.filter((x) => x.kind !== '开工'),
      planByMonth: p.plan,
      actualByMonth: a,
    });
    const total = Number(p.attributes.totalInvestment);
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      action: attr(p, 'action'),
      department: attr(p, 'department'),
      regionCode: p.regionCode,
      regionName: p.regionName,
      status: attr(p, 'status'),
      leader: attr(p, 'leader'),
      totalInvestment: Number.isFinite(total) && p.attributes.totalInvestment !== undefined ? total : null,
      yearPlan: round(p.plan.reduce((s, v) => s + v, 0)),
      planToDate: round(p.plan.slice(0, m).reduce((s, v) => s + v, 0)),
      actualToDate: round(a.slice(0, m).reduce<number>((s, v) => s + (v ?? 0), 0)),
      warnings,
      synthetic: p.attributes.synthetic === true,
      months: p.plan.map((plan, i) => ({ month: i + 1, plan, actual: a[i] })),
      milestones: p.milestones,
    };
  });
  return { month: m, items };
}

/** A board row: a project's totals to the reporting month and its lag warnings. */
function boardItem(year: number, m: number, p: ProjectTotalsRow) {
  const asOf = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  const milestones = p.milestones ?? [];
  const start = milestones.find((x) => x.kind === '开工');
  const warnings: LagWarning[] = projectLagAt({
    asOf,
    month: m,
    plannedStart: start?.planned ?? null,
    actualStart: start?.actual ?? null,
    // the start has its own warning
    milestones: milestones.filter((x) => x.kind !== '开工'),
    planToDate: p.planToDate,
    actualToDate: p.actualToDate,
    reported: p.reported,
  });
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    action: p.action,
    department: p.department,
    regionCode: p.regionCode,
    regionName: p.regionName,
    status: p.status,
    totalInvestment: p.totalInvestment,
    yearPlan: round(p.yearPlan),
    planToDate: round(p.planToDate),
    actualToDate: round(p.actualToDate),
    warnings,
    synthetic: p.synthetic,
  };
}

type Item = ReturnType<typeof boardItem>;

function groupBy(items: Item[], key: (i: Item) => string, name: (i: Item) => string = key) {
  const groups = new Map<string, { key: string; name: string; projects: number; plan: number; actual: number; laggards: number }>();
  for (const i of items) {
    const k = key(i);
    const g = groups.get(k) ?? { key: k, name: name(i), projects: 0, plan: 0, actual: 0, laggards: 0 };
    g.projects++;
    g.plan += i.planToDate;
    g.actual += i.actualToDate;
    if (i.warnings.length) g.laggards++;
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => ({ ...g, plan: round(g.plan), actual: round(g.actual) })).sort((a, b) => b.plan - a.plan);
}

/**
 * The board: two queries at once (per-project totals and the monthly chart aggregated in SQL, the
 * goal target), lag warnings from the engine on the totals; nothing per project beyond one row.
 */
export async function projectBoard(db: Db, actor: Actor, year: number, month?: number) {
  const [totals, goalTargets] = await Promise.all([
    projectTotals(db, actor, year, INVEST, month ?? null),
    targetsOf(db, actor, { year, top: true, indicator: FAI_INDICATOR, kind: 'value' }),
  ]);
  const m = totals.month;
  const items = totals.projects.map((p) => boardItem(year, m, p));
  const goal = goalTargets[0]?.targetValue ?? null;
  const sum = (f: (i: Item) => number) => round(items.reduce((s, i) => s + f(i), 0));
  const actual = sum((i) => i.actualToDate);
  return {
    year,
    month: m,
    goal,
    projects: items.length,
    plan: sum((i) => i.yearPlan),
    planToDate: sum((i) => i.planToDate),
    actual,
    goalShare: goal ? actual / goal : null,
    byAction: groupBy(items, (i) => i.action),
    byDepartment: groupBy(items, (i) => i.department),
    byTown: groupBy(
      items,
      (i) => i.regionCode,
      (i) => i.regionName,
    ),
    monthly: totals.monthly.map((r) => ({ month: r.month, plan: round(r.plan), actual: round(r.actual) })),
    laggards: items.filter((i) => i.warnings.length),
    synthetic: items.length > 0 && items.every((i) => i.synthetic),
  };
}

const withOverdue = (p: ProblemRow, today = shanghaiDate()) => {
  const { regionCode: _r, ...rest } = p;
  return { ...rest, overdue: p.status !== 'resolved' && p.dueDate < today };
};

export async function projectDetail(db: Db, actor: Actor, year: number, id: number, month?: number) {
  const found = await projectsWithActuals(db, actor, year, INVEST, id);
  if (found.length === 0) throw notFound({ zh: '重大项目', en: 'Project' }, String(id));
  const reported = month ?? (await latestMonth(db, actor, INVEST, year));
  const { items } = withActuals(year, found, month, reported);
  const problems = (await problemsOf(db, actor, { projectId: id })).map((p) => withOverdue(p));
  return { ...items[0], problems };
}

// ---------------------------------------------------------------- investment import

type Field = 'code' | 'name' | 'month' | 'amount';
const SPEC: TableSpec<Field> = {
  code: { aliases: ['项目编号', '项目代码', 'code'], required: true },
  name: { aliases: ['项目名称', 'name'] },
  month: { aliases: ['月份', '统计月份', 'month'], required: true },
  amount: { aliases: ['当月完成投资（亿元）', '当月完成投资', '入库投资（亿元）', 'amount'], required: true },
};

/** The month of a cell: 3, '3', '3月', '2026-03', '2026年3月'; null when unreadable or another year. */
function monthOf(text: string, year: number): number | null {
  const full = /^(\d{4})\s*(?:-|年|\/|\.)\s*(\d{1,2})\s*月?$/.exec(text);
  const bare = /^(\d{1,2})\s*月?$/.exec(text);
  const [y, m] = full ? [Number(full[1]), Number(full[2])] : bare ? [year, Number(bare[1])] : [NaN, NaN];
  return y === year && m >= 1 && m <= 12 ? m : null;
}

export async function importInvestment(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  o: { fileName: string; year: number; dryRun: boolean; maxBytes: number; synthetic?: boolean },
) {
  const file = await readTable(bytes, o.fileName, o.maxBytes);
  const known = new Map((await projectCodes(db, actor)).map((p) => [p.code, p]));
  const issues: ImportIssue[] = [];
  const out = new Map<string, { code: string; month: number; value: number }>();
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing } = matchColumns(header, SPEC);
    if (missing.length) {
      issues.push(headerLacks(sheet.name, header, columnNames(SPEC, missing)));
      continue;
    }
    for (const rec of readRecords(body, columns, SPEC)) {
      const at = recordProblems(issues, sheet.name, rec);
      const code = cellText(rec.values.code as never);
      if (!known.has(code)) {
        at(
          'code',
          'UNKNOWN_PROJECT',
          `项目「${code}」不存在或超出你的数据范围`,
          `Project "${code}" does not exist or is outside your scope`,
        );
        continue;
      }
      const month = monthOf(cellText(rec.values.month as never), o.year);
      if (month === null) {
        at('month', 'BAD_MONTH', `月份「${cellText(rec.values.month as never)}」不是 ${o.year} 年的月份`, `Not a month of ${o.year}`);
        continue;
      }
      const amount = parseNumber(rec.values.amount as never);
      if (amount === null || amount < 0) {
        at('amount', 'BAD_AMOUNT', '当月完成投资须为非负数（亿元）', 'Investment must be a non-negative number (亿元)');
        continue;
      }
      const key = `${code}|${month}`;
      if (out.has(key)) {
        at('code', 'DUPLICATE_ROW', `项目「${code}」${month} 月重复`, `Project "${code}" month ${month} appears twice`);
        continue;
      }
      out.set(key, { code, month, value: amount });
    }
  }
  if (issues.length)
    throw new AppError(
      'IMPORT_INVALID',
      422,
      {
        zh: `投资文件有 ${issues.length} 处错误，未写入任何数据`,
        en: `The investment file has ${issues.length} problems; nothing was written`,
      },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  if (out.size === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有投资数据', en: 'The file has no investment rows' });
  const list = [...out.values()];
  const source = o.synthetic ? '重大项目月度投资（合成数据）' : '重大项目月度投资';
  const r = await writeObservations(db, actor, {
    batch: {
      fileName: o.fileName,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      format: file.format,
      layout: 'long',
      encoding: file.encoding,
      rowCount: list.length,
      source,
      synthetic: o.synthetic ?? false,
      note: o.synthetic ? 'synthetic demo data' : '',
    },
    rows: list.map((x) => {
      const period = `${o.year}-${String(x.month).padStart(2, '0')}`;
      return {
        indicatorCode: INVEST,
        subject: { kind: 'project' as const, code: x.code },
        period,
        periodStart: `${period}-01`,
        value: x.value,
        status: 'final' as const,
        source,
      };
    }),
    dryRun: o.dryRun,
    audit: { action: 'targets.investment.import', after: { year: o.year } },
  });
  return {
    dryRun: o.dryRun,
    year: o.year,
    rows: list.length,
    projects: new Set(list.map((x) => x.code)).size,
    inserted: r.inserted,
    revised: r.revised,
    unchanged: r.unchanged,
    batchId: r.batchId,
  };
}

// ---------------------------------------------------------------- problems

interface ProblemInput {
  kind: string;
  description: string;
  ownerDepartment: string;
  dueDate: string;
  status: string;
}

export async function listProblems(db: Db, actor: Actor, projectId?: number) {
  return (await problemsOf(db, actor, { projectId })).map((p) => withOverdue(p));
}

export async function createProblem(db: Db, actor: Actor, projectId: number, body: ProblemInput) {
  const project = (await projectCodes(db, actor)).find((p) => p.id === projectId);
  if (!project) throw notFound({ zh: '重大项目', en: 'Project' }, String(projectId));
  const id = await audited(db, actor, async (tx) => {
    const id = await insertProblemUnscoped(tx, { projectId, regionCode: project.regionCode, ...body }, actor.id);
    return { result: id, audit: { action: 'targets.problem.create', target: `project_problem:${id}`, after: { projectId, ...body } } };
  });
  return withOverdue((await problemsOf(db, actor, { id }))[0]);
}

async function visibleProblem(db: Db, actor: Actor, id: number) {
  const [p] = await problemsOf(db, actor, { id });
  if (!p) throw notFound({ zh: '要素保障问题', en: 'Problem' }, String(id));
  return p;
}

export async function updateProblem(db: Db, actor: Actor, id: number, body: ProblemInput) {
  const before = await visibleProblem(db, actor, id);
  await audited(db, actor, async (tx) => {
    await updateProblemUnscoped(tx, id, body, actor.id);
    return { result: null, audit: { action: 'targets.problem.update', target: `project_problem:${id}`, before, after: { ...body } } };
  });
  return withOverdue(await visibleProblem(db, actor, id));
}

export async function deleteProblem(db: Db, actor: Actor, id: number) {
  const before = await visibleProblem(db, actor, id);
  await audited(db, actor, async (tx) => {
    await deleteProblemUnscoped(tx, id);
    return { result: null, audit: { action: 'targets.problem.delete', target: `project_problem:${id}`, before } };
  });
  return { id, deleted: true };
}
