/**
 * Options on 亩均 scheme JSON (the `mujun-huangyan-*` presets of the assessment engine), as pure
 * copy-and-modify functions on plain JSON: this folder does not import the assessment engine
 * (eslint module boundaries), so it types only the fields it touches; `parseScheme` validates the rest.
 *   withBenchmarkCap : Yueqing 2016 (乐政发〔2016〕27号) "最高得分不超过该项权重的1.5倍，最低为零分":
 *                      every benchmark indicator gets cap × points and floor × points (default 1.5, 0);
 *                      "负值或者空缺的，该项得分为零" holds already (floor 0; a missing item adds 0 to the sum).
 *   withBenchmarks   : replace fixed benchmarks, e.g. by county totals (benchmarks.ts schemeBenchmarks)
 *                      or by one industry division's (run the scheme once per division).
 */

import { fail } from './errors.js';

export interface SchemeIndicatorJson {
  id: string;
  column?: string;
  denominator?: string;
  normalise?: { method: string; [key: string]: unknown };
  impute?: { method: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface SchemeJson {
  indicators: SchemeIndicatorJson[];
  denominators?: Record<string, { column: string; scale?: number; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** Scheme JSON as SchemeJson, checked to have an indicator list (not copied). */
export function asScheme(scheme: unknown): SchemeJson {
  if (!scheme || typeof scheme !== 'object' || !Array.isArray((scheme as { indicators?: unknown }).indicators))
    fail('INVALID_ARGUMENT', '方案 JSON 缺少指标列表', 'scheme JSON has no indicator list');
  return scheme as SchemeJson;
}

/** A deep copy of scheme JSON, checked to have an indicator list. */
export function copyScheme(scheme: unknown): SchemeJson {
  return JSON.parse(JSON.stringify(asScheme(scheme))) as SchemeJson;
}

function benchmarkIndicators(s: SchemeJson): SchemeIndicatorJson[] {
  return s.indicators.filter((i) => i.normalise?.method === 'benchmark');
}

/** Caps every benchmark item at cap × points and floors it at floor × points (Yueqing: 1.5 and 0). */
export function withBenchmarkCap(scheme: unknown, options: { cap?: number | null; floor?: number | null } = {}): SchemeJson {
  const cap = options.cap === undefined ? 1.5 : options.cap;
  const floor = options.floor === undefined ? 0 : options.floor;
  if (cap !== null && !(cap > 0)) fail('INVALID_ARGUMENT', '封顶倍数必须为正数', 'the cap multiple must be positive', { cap });
  const s = copyScheme(scheme);
  for (const ind of benchmarkIndicators(s)) ind.normalise = { ...ind.normalise!, cap, floor };
  if (typeof s.id === 'string') s.id = `${s.id}-capped`;
  return s;
}

/** Replaces the benchmarks of the named indicators (each must be a positive finite number). */
export function withBenchmarks(scheme: unknown, benchmarks: Readonly<Record<string, number>>): SchemeJson {
  const s = copyScheme(scheme);
  for (const [id, b] of Object.entries(benchmarks)) {
    const ind = s.indicators.find((i) => i.id === id);
    if (!ind || ind.normalise?.method !== 'benchmark')
      fail('INVALID_ARGUMENT', `方案中没有标杆值指标 ${id}`, `the scheme has no benchmark indicator ${id}`, { indicator: id });
    if (!(b > 0) || !Number.isFinite(b))
      fail('INVALID_ARGUMENT', `指标 ${id} 的标杆值必须为正数`, `the benchmark of ${id} must be a positive number`, {
        indicator: id,
        benchmark: b,
      });
    ind.normalise = { ...ind.normalise, benchmark: b };
  }
  return s;
}
