/**
 * 一票否决 (veto) items. No official text on veto rules was retrieved (docs/reference/composite.md
 * A4(g)); this implements the usual forms as a rule layer after aggregation:
 *   capScore  : final score = min(score, cap)           (applied before grading)
 *   capGrade  : grade = the worse of (grade, cap grade) (e.g. cannot be 优秀)
 *   forceGrade: grade = the given grade                 (e.g. 不合格 whatever the score)
 * A unit is vetoed when its cell in `column` is ≥ threshold (default: > 0); missing = not vetoed.
 * Grade order for "worse" is the grading's order, best first.
 */

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

export function applyGradeVeto(
  grades: (string | null)[],
  mask: Uint8Array,
  effect: { type: 'capGrade' | 'forceGrade'; grade: string },
  order: readonly string[],
): void {
  const capIdx = order.indexOf(effect.grade);
  for (let i = 0; i < grades.length; i++) {
    if (!mask[i]) continue;
    if (effect.type === 'forceGrade') grades[i] = effect.grade;
    else {
      const g = grades[i];
      const gi = g === null ? -1 : order.indexOf(g);
      if (gi < capIdx) grades[i] = effect.grade;
    }
  }
}
