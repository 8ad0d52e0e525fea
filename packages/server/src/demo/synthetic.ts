/**
 * Deterministic synthetic series for the demo where no public per-town data exists. Every value
 * produced here is loaded in a batch flagged `synthetic` and labelled so on screen.
 * PRNG: mulberry32 seeded from an FNV-1a hash of the series key, so output never changes between runs.
 */
import { fnv1a, mulberry32 } from '@gongfu/engine';
import type { SourcedFigure } from './figures.js';

export const SYNTHETIC_SOURCE = '合成演示数据（synthetic demo data, deterministic）';

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** Monthly series for each town from `firstYear`-01 up to the last complete month before `today`. */
export function townMonthlySeries(towns: string[], firstYear: number, today: Date): SourcedFigure[] {
  const out: SourcedFigure[] = [];
  const lastYear = today.getUTCFullYear();
  const lastMonth = today.getUTCMonth(); // previous month, 0 = none this year
  for (const town of towns) {
    const rnd = mulberry32(fnv1a(`town-monthly:${town}`));
    const scale = 5 + rnd() * 45; // 亿元 per month of industrial output
    const investScale = 1 + rnd() * 6;
    for (let y = firstYear; y <= lastYear; y++) {
      let ytd = 0;
      const months = y === lastYear ? lastMonth : 12;
      for (let m = 1; m <= months; m++) {
        const seasonal = m === 2 ? 0.7 : m === 12 ? 1.15 : 1;
        const growth = 1 + 0.06 * (y - firstYear);
        ytd += scale * seasonal * growth * (0.9 + rnd() * 0.2);
        const period = `${y}-${String(m).padStart(2, '0')}`;
        out.push({ indicator: 'INDUSTRIAL_OUTPUT', region: town, period, value: round(ytd, 2), source: SYNTHETIC_SOURCE });
        out.push({
          indicator: 'FIXED_INVESTMENT',
          region: town,
          period,
          value: round(investScale * (0.6 + rnd() * 0.8), 2),
          source: SYNTHETIC_SOURCE,
        });
      }
    }
  }
  return out;
}

/** Annual per-town income and 15-minute-circle coverage, anchored near the district figure. */
export function townAnnualSeries(towns: string[], years: number[]): SourcedFigure[] {
  const out: SourcedFigure[] = [];
  for (const town of towns) {
    const rnd = mulberry32(fnv1a(`town-annual:${town}`));
    const income0 = 55000 + rnd() * 25000;
    const coverage0 = 70 + rnd() * 20;
    years.forEach((year, i) => {
      out.push({
        indicator: 'INCOME_PC',
        region: town,
        period: String(year),
        value: Math.round(income0 * 1.065 ** i),
        source: SYNTHETIC_SOURCE,
      });
      out.push({
        indicator: 'SERVICE_CIRCLE_COVERAGE',
        region: town,
        period: String(year),
        value: round(Math.min(100, coverage0 + i * (1 + rnd() * 2.5)), 1),
        source: SYNTHETIC_SOURCE,
      });
    });
  }
  return out;
}
