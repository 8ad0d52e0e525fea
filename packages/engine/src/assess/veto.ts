/**
 * 一票否决 (veto) items. No official text on veto rules was retrieved (docs/reference/composite.md
 * A4(g)); this implements the usual forms as a rule layer after aggregation:
 *   capScore  : final score = min(score, cap)           (applied before grading)
 *   capGrade  : grade = the worse of (grade, cap grade) (e.g. cannot be 优秀)
 *   forceGrade: grade = the given grade                 (e.g. 不合格 whatever the score)
 * A unit is vetoed when its cell in `column` is ≥ threshold (default: > 0); missing = not vetoed.
 * Grade order for "worse" is the grading's order, best first.
 */

import { NO_GRADE, type GradeCodes } from './grade.js';
import type { VetoDef } from './scheme.js';

export function vetoMask(def: VetoDef, x: Float64Array): Uint8Array {
  const m = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    m[i] = (def.threshold === undefined ? v > 0 : v >= def.threshold) ? 1 : 0;
  }
  return m;
}

/** Applies a capGrade / forceGrade veto to coded grades; `order` ranks grade names, best first. */
export function applyGradeVeto(
  grades: GradeCodes,
  mask: Uint8Array,
  effect: { type: 'capGrade' | 'forceGrade'; grade: string },
  order: readonly string[],
): void {
  const { codes, labels } = grades;
  let target = labels.indexOf(effect.grade);
  if (target < 0) target = labels.push(effect.grade) - 1;
  const capIdx = order.indexOf(effect.grade);
  const rankOf = labels.map((l) => order.indexOf(l)); // −1 (better than any) for names outside the order
  for (let i = 0; i < codes.length; i++) {
    if (!mask[i]) continue;
    if (effect.type === 'forceGrade') codes[i] = target;
    else {
      const c = codes[i];
      const gi = c === NO_GRADE ? -1 : rankOf[c];
      if (gi < capIdx) codes[i] = target;
    }
  }
}
