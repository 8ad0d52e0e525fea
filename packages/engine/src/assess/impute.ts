/**
 * Missing-data imputation per indicator column, COINr `i_mean` / `i_median` / `i_mean_grp` /
 * `i_median_grp` [bluefoxr/COINr R/impute.R], plus previous-period carry-forward
 * (COINr `impute_panel(imp_type = "latest")` for two periods):
 *   mean        : NaN → mean of the non-missing values
 *   median      : NaN → median (R `median`, average of the two middle values for even n)
 *   groupMean   : NaN → mean of the non-missing values of the unit's group (a unit attribute);
 *   groupMedian : same with the median. Units whose group is null are left missing (COINr
 *                 `skip_f_na = TRUE`); a group with no values leaves its gaps missing (R's NaN).
 *   previous    : NaN → the same unit's previous-period value (if that is present).
 * `fallback` (mean/median) then fills whatever is still missing. Non-missing values never change.
 */

import { median } from './select.js';
import { mean } from './stats.js';

export type ImputeMethod = 'none' | 'mean' | 'median' | 'groupMean' | 'groupMedian' | 'previous';

export interface ImputeSpec {
  method: ImputeMethod;
  groupBy?: string;
  fallback?: 'none' | 'mean' | 'median';
}

export interface ImputeInput {
  groups?: readonly (string | null)[];
  previous?: Float64Array;
}

function fillConstant(x: Float64Array, c: number): void {
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) x[i] = c;
}

function fillByGroup(x: Float64Array, groups: readonly (string | null)[], stat: (v: ArrayLike<number>) => number): void {
  const members = new Map<string, number[]>();
  for (let i = 0; i < x.length; i++) {
    const g = groups[i];
    if (g === null || g === undefined) continue;
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(i);
  }
  for (const list of members.values()) {
    let missing = false;
    const vals = new Float64Array(list.length);
    for (let k = 0; k < list.length; k++) {
      vals[k] = x[list[k]];
      if (vals[k] !== vals[k]) missing = true;
    }
    if (!missing) continue;
    const c = stat(vals);
    for (const i of list) if (x[i] !== x[i]) x[i] = c;
  }
}

/** Returns a new column and the number of cells that were filled. */
export function impute(x0: Float64Array, spec: ImputeSpec, input: ImputeInput = {}): { x: Float64Array; filled: number } {
  const x = x0.slice();
  switch (spec.method) {
    case 'none':
      break;
    case 'mean':
      fillConstant(x, mean(x));
      break;
    case 'median':
      fillConstant(x, median(x));
      break;
    case 'groupMean':
    case 'groupMedian':
      if (input.groups) fillByGroup(x, input.groups, spec.method === 'groupMean' ? mean : median);
      break;
    case 'previous':
      if (input.previous) {
        const p = input.previous;
        for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) x[i] = p[i];
      }
      break;
  }
  if (spec.fallback === 'mean') fillConstant(x, mean(x));
  else if (spec.fallback === 'median') fillConstant(x, median(x));
  let filled = 0;
  for (let i = 0; i < x.length; i++) if (x0[i] !== x0[i] && x[i] === x[i]) filled++;
  return { x, filled };
}
