/**
 * What-if: change some input values of one unit and recompute everything (normalisation depends on
 * all units, so the whole pipeline is re-run on a modified copy of the data). Nothing is stored:
 * the caller's data and result are not modified.
 *   delta score = after − before;  delta rank = before − after (positive = moves up).
 * With a screening step the unit is looked up among the kept units of each run: a change can bring
 * a screened-out unit back in (or drop one); a side where it is out has null score and rank and
 * says why.
 */

import { gradeAt } from './grade.js';
import { fail } from './errors.js';
import type { AssessData } from './data.js';
import { runScheme, toPlan, type AssessResult } from './pipeline.js';
import type { ScreenReason } from './screen.js';

export interface WhatIfSide {
  score: number | null;
  rank: number | null;
  grade: string | null;
  /** why the scheme's screening dropped the unit on this side */
  screenedOut?: { reason: ScreenReason; zh: string; en: string };
}

export interface WhatIfOutcome {
  unitId: string;
  changed: Record<string, { from: number; to: number }>;
  before: WhatIfSide;
  after: WhatIfSide;
  /** null when the unit is screened out on either side */
  scoreDelta: number | null;
  rankDelta: number | null;
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
  const b = sideOf(before, unitId);
  const a = sideOf(after, unitId);
  const j = after.unitIds.indexOf(unitId);
  const nodeScores: Record<string, number> = {};
  if (j >= 0) for (const [k, s] of Object.entries(after.scores)) nodeScores[k] = s[j];
  const both = b.score !== null && a.score !== null;
  return {
    unitId,
    changed,
    before: b,
    after: a,
    scoreDelta: both ? a.score! - b.score! : null,
    rankDelta: both ? b.rank! - a.rank! : null,
    nodeScores,
  };
}

function sideOf(result: AssessResult, unitId: string): WhatIfSide {
  const i = result.unitIds.indexOf(unitId);
  if (i >= 0) return { score: result.final[i], rank: result.rank[i], grade: gradeAt(result.grades, i) };
  const dropped = result.screening?.removed.find((u) => u.unit === unitId);
  return { score: null, rank: null, grade: null, screenedOut: { reason: dropped!.reason!, zh: dropped!.zh!, en: dropped!.en! } };
}
