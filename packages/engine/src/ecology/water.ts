/**
 * Surface-water quality class by GB 3838-2002《地表水环境质量标准》, Table 1 (基本项目标准限值),
 * with the single-factor method of 《地表水环境质量评价办法（试行）》(环办〔2011〕22号):
 *
 *   class(item) = the best class I…V whose limit the value meets (≤ the limit; ≥ for 溶解氧;
 *                 pH within 6–9 for every class); 劣V (6) when it meets none;
 *   class(sample) = max over the items measured (the worst item decides); the worst items are
 *                 those reaching that class.
 *
 * Rivers are evaluated without water temperature, total nitrogen (湖、库 only) and fecal coliform
 * (they are reported but not rated, 环办〔2011〕22号 §3.1); `lake: true` rates total nitrogen and
 * uses the 湖、库 total-phosphorus limits. Units: mg/L, fecal coliform 个/L, pH dimensionless.
 */
import { fail } from './errors.js';

export type WaterItem =
  | 'ph'
  | 'do'
  | 'codmn'
  | 'cod'
  | 'bod5'
  | 'nh3n'
  | 'tp'
  | 'tn'
  | 'cu'
  | 'zn'
  | 'fluoride'
  | 'se'
  | 'as'
  | 'hg'
  | 'cd'
  | 'cr6'
  | 'pb'
  | 'cn'
  | 'phenol'
  | 'oil'
  | 'las'
  | 'sulfide'
  | 'fecal';

export interface WaterLimit {
  zh: string;
  en: string;
  unit: 'mg/L' | '个/L' | '';
  /** limits of classes I…V */
  limits: readonly [number, number, number, number, number];
  /** 'min' (溶解氧: at least), 'range' (pH 6–9), else at most */
  kind?: 'min' | 'range';
  /** reported but not rated for rivers */
  riverRated?: false;
}

/** GB 3838-2002 Table 1 (basic items; water temperature is not classed). */
export const GB3838_LIMITS: Readonly<Record<WaterItem, WaterLimit>> = {
  ph: { zh: 'pH', en: 'pH', unit: '', limits: [6, 6, 6, 6, 6], kind: 'range' }, // 6–9 for every class
  do: { zh: '溶解氧', en: 'Dissolved oxygen', unit: 'mg/L', limits: [7.5, 6, 5, 3, 2], kind: 'min' },
  codmn: { zh: '高锰酸盐指数', en: 'Permanganate index', unit: 'mg/L', limits: [2, 4, 6, 10, 15] },
  cod: { zh: '化学需氧量', en: 'COD', unit: 'mg/L', limits: [15, 15, 20, 30, 40] },
  bod5: { zh: '五日生化需氧量', en: 'BOD5', unit: 'mg/L', limits: [3, 3, 4, 6, 10] },
  nh3n: { zh: '氨氮', en: 'Ammonia nitrogen', unit: 'mg/L', limits: [0.15, 0.5, 1.0, 1.5, 2.0] },
  tp: { zh: '总磷', en: 'Total phosphorus', unit: 'mg/L', limits: [0.02, 0.1, 0.2, 0.3, 0.4] },
  tn: { zh: '总氮', en: 'Total nitrogen', unit: 'mg/L', limits: [0.2, 0.5, 1.0, 1.5, 2.0], riverRated: false },
  cu: { zh: '铜', en: 'Copper', unit: 'mg/L', limits: [0.01, 1.0, 1.0, 1.0, 1.0] },
  zn: { zh: '锌', en: 'Zinc', unit: 'mg/L', limits: [0.05, 1.0, 1.0, 2.0, 2.0] },
  fluoride: { zh: '氟化物', en: 'Fluoride', unit: 'mg/L', limits: [1.0, 1.0, 1.0, 1.5, 1.5] },
  se: { zh: '硒', en: 'Selenium', unit: 'mg/L', limits: [0.01, 0.01, 0.01, 0.02, 0.02] },
  as: { zh: '砷', en: 'Arsenic', unit: 'mg/L', limits: [0.05, 0.05, 0.05, 0.1, 0.1] },
  hg: { zh: '汞', en: 'Mercury', unit: 'mg/L', limits: [0.00005, 0.00005, 0.0001, 0.001, 0.001] },
  cd: { zh: '镉', en: 'Cadmium', unit: 'mg/L', limits: [0.001, 0.005, 0.005, 0.005, 0.01] },
  cr6: { zh: '铬（六价）', en: 'Chromium (VI)', unit: 'mg/L', limits: [0.01, 0.05, 0.05, 0.05, 0.1] },
  pb: { zh: '铅', en: 'Lead', unit: 'mg/L', limits: [0.01, 0.01, 0.05, 0.05, 0.1] },
  cn: { zh: '氰化物', en: 'Cyanide', unit: 'mg/L', limits: [0.005, 0.05, 0.2, 0.2, 0.2] },
  phenol: { zh: '挥发酚', en: 'Volatile phenol', unit: 'mg/L', limits: [0.002, 0.002, 0.005, 0.01, 0.1] },
  oil: { zh: '石油类', en: 'Petroleum', unit: 'mg/L', limits: [0.05, 0.05, 0.05, 0.5, 1.0] },
  las: { zh: '阴离子表面活性剂', en: 'Anionic surfactant', unit: 'mg/L', limits: [0.2, 0.2, 0.2, 0.3, 0.3] },
  sulfide: { zh: '硫化物', en: 'Sulfide', unit: 'mg/L', limits: [0.05, 0.1, 0.2, 0.5, 1.0] },
  fecal: { zh: '粪大肠菌群', en: 'Fecal coliform', unit: '个/L', limits: [200, 2000, 10000, 20000, 40000], riverRated: false },
};
/** 湖、库 total phosphorus, GB 3838-2002 Table 1 item 9. */
export const GB3838_TP_LAKE = [0.01, 0.025, 0.05, 0.1, 0.2] as const;
export const WATER_ITEMS = Object.keys(GB3838_LIMITS) as WaterItem[];

/** 1–5 = I–V, 6 = 劣V */
export type WaterClass = 1 | 2 | 3 | 4 | 5 | 6;
export const WATER_CLASS_NAMES: Readonly<Record<WaterClass, string>> = { 1: 'Ⅰ', 2: 'Ⅱ', 3: 'Ⅲ', 4: 'Ⅳ', 5: 'Ⅴ', 6: '劣Ⅴ' };

/** The class of one item's value. */
export function itemClass(item: WaterItem, value: number, opts: { lake?: boolean } = {}): WaterClass {
  const def = GB3838_LIMITS[item];
  if (!def) fail('UNKNOWN_POLLUTANT', `未知的水质项目：${item}`, `unknown water-quality item: ${item}`);
  if (!Number.isFinite(value) || value < 0)
    fail('INVALID_ARGUMENT', `${def.zh}的值无效：${value}`, `the value of ${def.en} is not valid: ${value}`);
  if (def.kind === 'range') return value >= 6 && value <= 9 ? 1 : 6;
  const limits = item === 'tp' && opts.lake ? GB3838_TP_LAKE : def.limits;
  for (let k = 0; k < 5; k++) {
    if (def.kind === 'min' ? value >= limits[k] : value <= limits[k]) return (k + 1) as WaterClass;
  }
  return 6;
}

export interface WaterResult {
  /** null when no rated item was measured */
  class: WaterClass | null;
  /** items reaching the sample's class (worst first by item order) */
  worst: WaterItem[];
  /** rated items worse than the target class (超标项目), when a target is given */
  exceeding: WaterItem[];
  items: Partial<Record<WaterItem, WaterClass>>;
}

/** Classes a sample: the worst rated item decides. Missing items are skipped (not measured ≠ clean). */
export function waterClass(
  values: Partial<Record<WaterItem, number | null>>,
  opts: { lake?: boolean; target?: WaterClass } = {},
): WaterResult {
  const items: Partial<Record<WaterItem, WaterClass>> = {};
  let worstClass = 0;
  for (const item of WATER_ITEMS) {
    const v = values[item];
    if (v === undefined || v === null) continue;
    const c = itemClass(item, v, opts);
    items[item] = c;
    const rated = GB3838_LIMITS[item].riverRated !== false || (opts.lake && item === 'tn');
    if (rated && c > worstClass) worstClass = c;
  }
  const ratedItems = (Object.keys(items) as WaterItem[]).filter((i) => GB3838_LIMITS[i].riverRated !== false || (opts.lake && i === 'tn'));
  return {
    class: worstClass === 0 ? null : (worstClass as WaterClass),
    worst: worstClass === 0 ? [] : ratedItems.filter((i) => items[i] === worstClass),
    exceeding: opts.target ? ratedItems.filter((i) => items[i]! > opts.target!) : [],
    items,
  };
}
