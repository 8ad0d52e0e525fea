/**
 * A scheme from an indicator-metadata table, the shape analysts keep and COINr reads as `iMeta`
 * (`new_coin(iData, iMeta)`, R/coins.R and check_iMeta() in R/checks.R): one row per indicator or
 * aggregate with its code, name, level (1 = indicator, higher = aggregates, the root highest),
 * parent, direction (indicators), weight within the parent, and optionally target, unit and
 * denominator: the data column an indicator is divided by (COINr's iMeta `Denominator`, which
 * names a column of type "Denominator" in iData). Every problem is reported at once with its row and column; the result is a plain scheme
 * object for `parseScheme`, which checks the rest (weights, cycles) as for a hand-written scheme.
 */
import { fail } from './errors.js';

export interface MetaRow {
  /** the row number in the source table, for messages */
  row: number;
  code: string;
  name?: string;
  level: number;
  parent?: string;
  direction?: number;
  weight?: number;
  target?: number;
  unit?: string;
  /** data column the indicator's value is divided by before anything else */
  denominator?: string;
}

export interface MetaHead {
  id: string;
  version?: string;
  name?: string;
}

interface Problem {
  row: number;
  column: string;
  zh: string;
  en: string;
}

export function schemeFromMeta(rows: readonly MetaRow[], head: MetaHead): Record<string, unknown> {
  const problems: Problem[] = [];
  const problem = (row: number, column: string, zh: string, en: string) => problems.push({ row, column, zh, en });
  const byCode = new Map<string, MetaRow>();
  for (const r of rows) {
    if (byCode.has(r.code))
      problem(
        r.row,
        'code',
        `代码 ${r.code} 重复（第 ${byCode.get(r.code)!.row} 行）`,
        `code ${r.code} repeats row ${byCode.get(r.code)!.row}`,
      );
    else byCode.set(r.code, r);
    if (!Number.isInteger(r.level) || r.level < 1) problem(r.row, 'level', '层级须为 ≥ 1 的整数', 'level must be an integer ≥ 1');
    if (r.level === 1 && r.direction !== 1 && r.direction !== -1)
      problem(r.row, 'direction', '指标的方向须为 1（正向）或 -1（逆向）', 'an indicator’s direction must be 1 or -1');
    if (r.weight !== undefined && !(r.weight >= 0)) problem(r.row, 'weight', '权重须为非负数', 'weight must be non-negative');
    if (r.denominator !== undefined && r.level !== 1)
      problem(r.row, 'denominator', '只有指标（层级 1）可以有分母', 'only an indicator (level 1) can have a denominator');
  }
  const roots = rows.filter((r) => !r.parent);
  for (const r of rows) {
    if (!r.parent) continue;
    const parent = byCode.get(r.parent);
    if (!parent) problem(r.row, 'parent', `上级 ${r.parent} 不在表中`, `parent ${r.parent} is not in the table`);
    else if (!(parent.level > r.level))
      problem(r.row, 'parent', `上级 ${r.parent} 的层级须高于本行`, `parent ${r.parent} must have a higher level than this row`);
  }
  if (roots.length !== 1)
    problem(
      roots[1]?.row ?? rows[0]?.row ?? 1,
      'parent',
      `须恰好有一行没有上级（总指数），现有 ${roots.length} 行`,
      `exactly one row must have no parent (the index); ${roots.length} do`,
    );
  const children = new Map<string, MetaRow[]>();
  for (const r of rows) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  for (const r of rows)
    if (r.level > 1 && !children.has(r.code)) problem(r.row, 'code', `汇总项 ${r.code} 没有下级`, `aggregate ${r.code} has no children`);
  if (problems.length)
    fail('META_INVALID', `指标表有 ${problems.length} 处问题`, `the indicator table has ${problems.length} problems`, {
      issues: problems,
      issueCount: problems.length,
    });

  const indicators = rows
    .filter((r) => r.level === 1)
    .map((r) => ({
      id: r.code,
      ...(r.name ? { name: r.name } : {}),
      direction: r.direction,
      ...(r.unit ? { unit: r.unit } : {}),
      ...(r.target !== undefined ? { target: r.target } : {}),
      ...(r.denominator ? { denominator: r.denominator } : {}),
    }));
  const denominatorColumns = [...new Set(rows.flatMap((r) => (r.level === 1 && r.denominator ? [r.denominator] : [])))];
  const nodes = rows
    .filter((r) => r.level > 1)
    .sort((a, b) => a.level - b.level || a.row - b.row)
    .map((r) => ({
      id: r.code,
      ...(r.name ? { name: r.name } : {}),
      children: children.get(r.code)!.map((c) => (c.weight === undefined ? c.code : { id: c.code, weight: c.weight })),
    }));
  return {
    schemaVersion: 1,
    id: head.id,
    version: head.version ?? '1',
    name: head.name ?? head.id,
    ...(denominatorColumns.length ? { denominators: Object.fromEntries(denominatorColumns.map((c) => [c, { column: c }])) } : {}),
    indicators,
    nodes,
    root: roots[0].code,
  };
}
