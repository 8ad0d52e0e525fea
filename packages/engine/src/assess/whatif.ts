/**
 * What-if: change some input values of one unit and recompute everything (normalisation depends on
 * all units, so the whole pipeline is re-run on a modified copy of the data). Nothing is stored:
 * the caller's data and result are not modified.
 *   delta score = after − before;  delta rank = before − after (positive = moves up).
 */

import { gradeAt } from './grade.js';
import { fail } from './errors.js';
import type { AssessData } from './data.js';
import { runScheme, toPlan, type AssessResult } from './pipeline.js';

export interface WhatIfOutcome {
  unitId: string;
  changed: Record<string, { from: number; to: number }>;
  before: { score: number; rank: number; grade: string | null };
  after: { score: number; rank: number; grade: string | null };
  scoreDelta: number;
  rankDelta: number;
  /** After-change score of every aggregate node for this unit. */
  nodeScores: Record<string, number>;
}

export function whatIf(
  scheme: unknown,
  data: AssessData,
  unitId: string,
  changes: Readonly<Record<string, number>>,
  base?: AssessResult,
): WhatIfOutcome {
  const plan = toPlan(scheme);
  const i = data.unitIds.indexOf(unitId);
  if (i < 0) fail('UNKNOWN_UNIT', `未找到单位 ${unitId}`, `unknown unit ${unitId}`, { unit: unitId });
  const before = base ?? runScheme(plan, data, { explain: false, comparePrevious: false });
  const values: Record<string, Float64Array> = { ...data.values };
  const changed: WhatIfOutcome['changed'] = {};
  for (const [col, v] of Object.entries(changes)) {
    const c = data.values[col];
    if (!c) fail('DATA_MISSING_COLUMN', `数据缺少列：${col}`, `data has no column "${col}"`, { column: col });
    const copy = c.slice();
    changed[col] = { from: c[i], to: v };
    copy[i] = v;
    values[col] = copy;
  }
  const after = runScheme(plan, { ...data, values }, { explain: false, comparePrevious: false });
  const nodeScores: Record<string, number> = {};
  for (const [k, s] of Object.entries(after.scores)) nodeScores[k] = s[i];
  return {
    unitId,
    changed,
    before: { score: before.final[i], rank: before.rank[i], grade: gradeAt(before.grades, i) },
    after: { score: after.final[i], rank: after.rank[i], grade: gradeAt(after.grades, i) },
    scoreDelta: after.final[i] - before.final[i],
    rankDelta: before.rank[i] - after.rank[i],
    nodeScores,
  };
}
