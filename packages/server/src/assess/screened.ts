/**
 * A run's outputs by the snapshot's units. The engine's result lists only the units a scheme's
 * screening kept (COINr `Screen`); everything the server stores and reads (assess_run_unit, the
 * ranking, scorecards, exports) indexes outputs by the snapshot's unit list. Aligning once, when
 * the outputs are computed, keeps every reader right: a screened-out unit has null scores, rank
 * and grade, and its reason in `outputs.screening`.
 */
import { AppError } from '../errors.js';
import type { PlainResult } from './tables.js';

type Column = (number | null)[];

/** Per-unit arrays of a result, by key; records of per-unit arrays under the second list. */
const UNIT_ARRAYS = ['final', 'rank', 'peerRank', 'bonus', 'penalty', 'grade', 'explanations'] as const;
const UNIT_RECORDS = ['base', 'treated', 'normalised', 'scores', 'adjustmentItems', 'vetoes', 'change'] as const;

export function alignToUnits(out: PlainResult, unitCodes: readonly string[]): PlainResult {
  if (out.unitIds.length === unitCodes.length && out.unitIds.every((u, i) => u === unitCodes[i])) return out;
  const at = new Map(out.unitIds.map((u, i) => [u, i]));
  const spread = <T>(a: readonly T[], empty: T): T[] => unitCodes.map((u) => (at.has(u) ? a[at.get(u)!]! : empty));
  const aligned: Record<string, unknown> = { ...out, unitIds: [...unitCodes] };
  for (const key of UNIT_ARRAYS) {
    const a = out[key] as unknown[] | null | undefined;
    if (Array.isArray(a)) aligned[key] = spread(a, null);
  }
  for (const key of UNIT_RECORDS) {
    const rec = out[key] as Record<string, Column> | null | undefined;
    if (rec) aligned[key] = Object.fromEntries(Object.entries(rec).map(([k, a]) => [k, spread(a, key === 'vetoes' ? 0 : null)]));
  }
  if (out.grades) aligned.grades = { ...out.grades, codes: spread(out.grades.codes as Column, 255) };
  return aligned as PlainResult;
}

/** The error for a unit the scheme's screening dropped, or null when it was kept. */
export function screenedOutError(out: PlainResult, unit: string): AppError | null {
  const dropped = out.screening?.removed.find((u) => u.unit === unit);
  if (!dropped) return null;
  return new AppError(
    'SCREENED_OUT',
    422,
    { zh: `该单位已在筛选中剔除：${dropped.zh}`, en: `this unit was screened out: ${dropped.en}` },
    { unit, reason: dropped.reason },
  );
}
