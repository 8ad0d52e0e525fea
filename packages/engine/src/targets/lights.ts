/**
 * Lights (红黄绿灯) of a target against its expected progress.
 *
 * Value targets: ratio = actual / expected (direction higher) or expected / actual (lower);
 *   green when ratio ≥ green (default 1.00), yellow when ≥ yellow (default 0.95), else red.
 * Growth-rate targets: growth to date g = actual / same period last year − 1; gap = (g − r) × 100
 *   个百分点 against the target rate r (for direction lower the sign turns); green when
 *   gap ≥ −greenPp (default 0), yellow when gap ≥ −yellowPp (default 1.0), else red.
 * Streak: the number of trailing reds; two or more running is flagged (连续两月红灯).
 * Thresholds are configurable per target; these defaults follow common 序时进度 practice.
 */
import { fail } from './errors.js';

export type Light = 'green' | 'yellow' | 'red';

export interface ValueThresholds {
  green: number;
  yellow: number;
}
export interface GrowthThresholds {
  greenPp: number;
  yellowPp: number;
}
export const DEFAULT_VALUE_THRESHOLDS: ValueThresholds = { green: 1, yellow: 0.95 };
export const DEFAULT_GROWTH_THRESHOLDS: GrowthThresholds = { greenPp: 0, yellowPp: 1 };

export interface ValueLight {
  light: Light;
  ratio: number;
}

export function valueLight(
  actual: number,
  expected: number,
  direction: 'higher' | 'lower' = 'higher',
  t: ValueThresholds = DEFAULT_VALUE_THRESHOLDS,
): ValueLight {
  if (t.yellow > t.green)
    fail('INVALID_ARGUMENT', '黄灯阈值不能高于绿灯阈值', 'The yellow threshold cannot exceed the green one', { ...t });
  const num = direction === 'higher' ? actual : expected;
  const den = direction === 'higher' ? expected : actual;
  const ratio = den === 0 ? (num >= 0 ? Infinity : -Infinity) : num / den;
  return { ratio, light: ratio >= t.green ? 'green' : ratio >= t.yellow ? 'yellow' : 'red' };
}

export interface GrowthLight {
  light: Light;
  /** growth to date, a fraction (0.075 = 7.5 %) */
  growth: number;
  /** growth minus target rate, in 个百分点 (percentage points) */
  gapPp: number;
}

export function growthLight(
  actual: number,
  samePeriodLastYear: number,
  targetRate: number,
  direction: 'higher' | 'lower' = 'higher',
  t: GrowthThresholds = DEFAULT_GROWTH_THRESHOLDS,
): GrowthLight {
  if (!(samePeriodLastYear > 0))
    fail('INVALID_ARGUMENT', '上年同期值须为正数才能计算增速', 'Growth needs a positive value for the same period last year', {
      samePeriodLastYear,
    });
  const growth = actual / samePeriodLastYear - 1;
  const raw = (growth - targetRate) * 100;
  const gapPp = Math.round((direction === 'higher' ? raw : -raw) * 1e9) / 1e9;
  return { growth, gapPp, light: gapPp >= -t.greenPp ? 'green' : gapPp >= -t.yellowPp ? 'yellow' : 'red' };
}

/** The number of reds at the end of a monthly series of lights (null: no value that month, breaks the streak). */
export function redStreak(lights: (Light | null)[]): number {
  let n = 0;
  for (let i = lights.length - 1; i >= 0 && lights[i] === 'red'; i--) n++;
  return n;
}
