/**
 * HJ 663-2013 §数据修约: concentrations are rounded by GB/T 8170 (四舍六入五成双, round half to
 * even) — SO2, NO2, PM10, PM2.5 and O3 to whole µg/m³, CO to one decimal of mg/m³. Applied to
 * daily, 8-hour and annual values and percentiles before they are evaluated or shown.
 */
import type { Pollutant } from './breakpoints.js';

/** Round half to even at `digits` decimals (GB/T 8170), tolerant of binary noise. NaN stays NaN. */
export function roundHalfEven(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  const y = x * f;
  const r = Math.round(y);
  const diff = Math.abs(y - Math.trunc(y));
  let out: number;
  if (Math.abs(diff - 0.5) < 1e-9) {
    const t = Math.trunc(y);
    const up = t + Math.sign(y);
    out = t % 2 === 0 ? t : up;
  } else out = r;
  return out / f;
}

/** The number of decimals HJ 663 keeps for a pollutant. */
export function decimalsOf(p: Pollutant): number {
  return p === 'co' ? 1 : 0;
}

export function roundConcentration(p: Pollutant, x: number): number {
  return roundHalfEven(x, decimalsOf(p));
}
