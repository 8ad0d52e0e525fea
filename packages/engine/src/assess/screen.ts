/**
 * Unit screening before anything else is computed, COINr `Screen` [bluefoxr/COINr R/screen_units.R,
 * `Screen.data.frame` and `get_data_avail.data.frame`], on the scheme's raw indicator columns:
 *   datAvail(u) = 1 − (missing cells of u) / (number of indicators)
 *   nonZero(u)  = 1 − (zero cells of u) / (number of indicators − missing cells of u)
 *   byNA         : keep u iff datAvail(u) ≥ datThresh          (COINr unit_screen = "byNA")
 *   byZeros      : keep u iff nonZero(u)  ≥ nonzeroThresh      ("byzeros")
 *   byNAandZeros : keep u iff both hold                         ("byNAandzeros")
 * Defaults as COINr: datThresh = 2/3, nonzeroThresh = 0.05. `force` then includes or excludes listed
 * units whatever their data (COINr `Force`, uCode + Include; an unknown unit is an error, as in COINr).
 * A unit with no data at all has nonZero = NaN in R; here it counts as 0 (it fails byZeros).
 * Returns the kept units' data and, for every unit, the figures and, for a dropped one, the reason.
 */
import { column, type AssessData } from './data.js';
import { fail } from './errors.js';

export type UnitScreen = 'byNA' | 'byZeros' | 'byNAandZeros';

export interface ScreenSpec {
  unitScreen: UnitScreen;
  datThresh?: number;
  nonzeroThresh?: number;
  force?: readonly { unit: string; include: boolean }[];
}

export type ScreenReason = 'lowData' | 'lowNonZero' | 'lowDataAndNonZero' | 'forcedOut';

export interface ScreenedUnit {
  unit: string;
  missing: number;
  zeros: number;
  datAvail: number;
  nonZero: number;
  included: boolean;
  forced: boolean;
  reason?: ScreenReason;
  zh?: string;
  en?: string;
}

export interface ScreenReport {
  unitScreen: UnitScreen;
  datThresh: number;
  nonzeroThresh: number;
  units: ScreenedUnit[];
  removed: ScreenedUnit[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function screenUnits(data: AssessData, columns: readonly string[], spec: ScreenSpec): { data: AssessData; report: ScreenReport } {
  const datThresh = spec.datThresh ?? 2 / 3;
  const nonzeroThresh = spec.nonzeroThresh ?? 0.05;
  const k = columns.length;
  const cols = columns.map((c) => column(data, c, '筛选 screening'));
  const units: ScreenedUnit[] = data.unitIds.map((unit, i) => {
    let missing = 0;
    let zeros = 0;
    for (const c of cols) {
      const v = c[i];
      if (v !== v) missing++;
      else if (v === 0) zeros++;
    }
    const datAvail = 1 - missing / k;
    const nonZero = k - missing > 0 ? 1 - zeros / (k - missing) : 0;
    const lowData = datAvail < datThresh;
    const lowNonZero = nonZero < nonzeroThresh;
    const out = spec.unitScreen === 'byNA' ? lowData : spec.unitScreen === 'byZeros' ? lowNonZero : lowData || lowNonZero;
    const reason: ScreenReason | undefined = !out
      ? undefined
      : spec.unitScreen === 'byNAandZeros' && lowData && lowNonZero
        ? 'lowDataAndNonZero'
        : lowData && spec.unitScreen !== 'byZeros'
          ? 'lowData'
          : 'lowNonZero';
    return { unit, missing, zeros, datAvail, nonZero, included: !out, forced: false, reason };
  });
  const index = new Map(data.unitIds.map((u, i) => [u, i]));
  for (const f of spec.force ?? []) {
    const i = index.get(f.unit);
    if (i === undefined)
      fail('UNKNOWN_UNIT', `筛选的强制名单中有数据里没有的单位：${f.unit}`, `screening.force lists a unit not in the data: ${f.unit}`, {
        unit: f.unit,
      });
    units[i] = { ...units[i], included: f.include, forced: true, reason: f.include ? undefined : 'forcedOut' };
  }
  for (const u of units) {
    if (u.included) continue;
    const text: Record<ScreenReason, [string, string]> = {
      lowData: [
        `数据可得率 ${pct(u.datAvail)} 低于阈值 ${pct(datThresh)}`,
        `data availability ${pct(u.datAvail)} below the threshold ${pct(datThresh)}`,
      ],
      lowNonZero: [
        `非零值比例 ${pct(u.nonZero)} 低于阈值 ${pct(nonzeroThresh)}`,
        `share of non-zero values ${pct(u.nonZero)} below the threshold ${pct(nonzeroThresh)}`,
      ],
      lowDataAndNonZero: [
        `数据可得率 ${pct(u.datAvail)} 低于 ${pct(datThresh)}，且非零值比例 ${pct(u.nonZero)} 低于 ${pct(nonzeroThresh)}`,
        `data availability ${pct(u.datAvail)} below ${pct(datThresh)} and non-zero share ${pct(u.nonZero)} below ${pct(nonzeroThresh)}`,
      ],
      forcedOut: ['方案强制排除', 'excluded by the scheme (force)'],
    };
    [u.zh, u.en] = text[u.reason!];
  }
  const keep = units.map((u, i) => (u.included ? i : -1)).filter((i) => i >= 0);
  if (keep.length === 0) fail('DATA_EMPTY', '筛选后没有剩下任何单位', 'no unit is left after screening', { screened: units.length });
  const take = <T>(a: ArrayLike<T>) => keep.map((i) => a[i]);
  const sub = (rec: Readonly<Record<string, Float64Array>> | undefined) =>
    rec && Object.fromEntries(Object.entries(rec).map(([c, v]) => [c, Float64Array.from(take(v))]));
  const screened: AssessData = {
    ...data,
    unitIds: take(data.unitIds),
    values: sub(data.values)!,
    attributes: data.attributes && Object.fromEntries(Object.entries(data.attributes).map(([c, v]) => [c, take(v)])),
    previous: sub(data.previous),
  };
  return {
    data: screened,
    report: { unitScreen: spec.unitScreen, datThresh, nonzeroThresh, units, removed: units.filter((u) => !u.included) },
  };
}
