/**
 * A section's water class over a period (a month, a year) by 《地表水环境质量评价办法（试行）》
 * (环办〔2011〕22号) §3.1: when a section is sampled several times in the period, each item is
 * evaluated by the arithmetic mean of its measured values, then classed by GB 3838-2002 as one
 * sample (`waterClass`, the worst rated item decides):
 *
 *   mean(item) = Σ values(item) / n(item)   over the samples that measured the item
 *
 * An item no sample measured stays missing (not measured ≠ clean); no samples → class null.
 */
import { WATER_ITEMS, waterClass, type WaterClass, type WaterItem, type WaterResult } from './water.js';

export function waterPeriodMean(samples: readonly Partial<Record<WaterItem, number | null>>[]): Partial<Record<WaterItem, number>> {
  const mean: Partial<Record<WaterItem, number>> = {};
  for (const item of WATER_ITEMS) {
    let sum = 0;
    let n = 0;
    for (const s of samples) {
      const v = s[item];
      if (v === undefined || v === null) continue;
      sum += v;
      n++;
    }
    if (n > 0) mean[item] = sum / n;
  }
  return mean;
}

export function waterPeriodClass(
  samples: readonly Partial<Record<WaterItem, number | null>>[],
  opts: { lake?: boolean; target?: WaterClass } = {},
): WaterResult & { samples: number } {
  return { ...waterClass(waterPeriodMean(samples), opts), samples: samples.length };
}
