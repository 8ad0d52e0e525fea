/**
 * Missing energy or emission data (单位能耗增加值, 单位排放增加值), one of three stated rules:
 *   'average' : the item scores the group's average (Huangyan 2022: "无排放数据的规上企业按规上平均得分计").
 *               Implemented as imputation of the ratio by the mean of the others (within `groupBy` if
 *               given): without a cap, mean ratio / B × points = the mean item score exactly; with a
 *               cap it is the capped score of the mean ratio, which can differ from the mean of
 *               capped scores.
 *   'zero'    : the item scores 0 (Yueqing 2016: "空缺的，该项得分为零"); the `sum` aggregation adds
 *               nothing for a missing item, so this is no imputation.
 *   'exclude' : the firm is not rated (不参评) with the reason; `excludeMissing` lists them and
 *               `keepUnits` drops them from the data before scoring.
 * A value is missing when it is not a positive finite number (zero energy or emissions cannot be
 * divided by, and the denomination step turns it into a missing ratio anyway).
 */

import { copyScheme, type SchemeJson } from './scheme-json.js';
import { fail } from './errors.js';

export type MissingRule = 'average' | 'zero' | 'exclude';

/** The indicators of the Huangyan 规上 preset that depend on energy and emission data. */
export const ENERGY_EMISSION_INDICATORS: readonly string[] = ['va_per_energy', 'va_per_emission'];

/** Sets the imputation of the named indicators to the rule (see the header). */
export function withMissingRule(
  scheme: unknown,
  rule: MissingRule,
  options: { indicators?: readonly string[]; groupBy?: string } = {},
): SchemeJson {
  const s = copyScheme(scheme);
  const ids = options.indicators ?? ENERGY_EMISSION_INDICATORS;
  for (const id of ids) {
    const ind = s.indicators.find((i) => i.id === id);
    if (!ind) fail('INVALID_ARGUMENT', `方案中没有指标 ${id}`, `the scheme has no indicator ${id}`, { indicator: id });
    ind.impute =
      rule !== 'average'
        ? { method: 'none' }
        : options.groupBy
          ? { method: 'groupMean', groupBy: options.groupBy, fallback: 'mean' }
          : { method: 'mean' };
  }
  return s;
}

export interface NotRated {
  unitId: string;
  /** The columns that are missing. */
  columns: string[];
  zh: string;
  en: string;
}

/** Units missing any of `columns` (not a positive finite number): keep = 0 and a reason. */
export function excludeMissing(
  unitIds: readonly string[],
  values: Record<string, ArrayLike<number> | undefined>,
  columns: readonly string[],
): { keep: Uint8Array; notRated: NotRated[] } {
  const keep = new Uint8Array(unitIds.length).fill(1);
  const notRated: NotRated[] = [];
  for (let i = 0; i < unitIds.length; i++) {
    const miss = columns.filter((c) => {
      const v = values[c]?.[i];
      return !(v !== undefined && v > 0 && Number.isFinite(v));
    });
    if (miss.length === 0) continue;
    keep[i] = 0;
    notRated.push({
      unitId: unitIds[i],
      columns: miss,
      zh: `缺少 ${miss.join('、')} 数据，不参评`,
      en: `not rated: no ${miss.join(', ')} data`,
    });
  }
  return { keep, notRated };
}

export interface UnitTable {
  unitIds: readonly string[];
  values: Record<string, Float64Array>;
  attributes?: Record<string, readonly (string | null)[]>;
  previous?: Record<string, Float64Array>;
}

/** The units with keep[i] ≠ 0, every column subset in the same order. */
export function keepUnits<T extends UnitTable>(data: T, keep: ArrayLike<number>): T {
  const idx: number[] = [];
  for (let i = 0; i < data.unitIds.length; i++) if (keep[i]) idx.push(i);
  const num = (cols: Record<string, Float64Array>) =>
    Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(idx, (i) => v[i])]));
  return {
    ...data,
    unitIds: idx.map((i) => data.unitIds[i]),
    values: num(data.values),
    ...(data.attributes && {
      attributes: Object.fromEntries(Object.entries(data.attributes).map(([k, v]) => [k, idx.map((i) => v[i])])),
    }),
    ...(data.previous && { previous: num(data.previous) }),
  };
}
