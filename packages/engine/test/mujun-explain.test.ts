import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classAbove, classFloors, explainItems, withBenchmarkCap } from '../src/mujun/index.js';

const below = JSON.parse(fs.readFileSync(new URL('../src/assess/presets/mujun-huangyan-below.json', import.meta.url), 'utf8'));

describe('explainItems', () => {
  // 规下: tax 115.932 万元 on 20 mu → 5.7966 万元/亩 = half the benchmark 11.5932 → 25 of 50 points;
  // tax per electricity 115.932 / 492.9 = 0.2352 = the benchmark → 50 points; score 75 (C, B from 80)
  const inputs = { tax: 115.932, land_mu: 20, electricity: 492.9, safety_accident: 0, env_violation: 0 };
  const scores = { tax_per_mu: 25, tax_per_electricity: 50 };

  it('gives each item its value, benchmark and points, and what closes the gap to B alone', () => {
    const items = explainItems(below, inputs, scores, 80 - 75);
    expect(items.map((i) => i.id)).toEqual(['tax_per_mu', 'tax_per_electricity']);
    const perMu = items[0];
    expect(perMu.value).toBeCloseTo(5.7966, 10);
    expect(perMu.benchmark).toBe(11.5932);
    expect(perMu.points).toBe(50);
    expect(perMu.maxScore).toBeNull();
    // 30 points needed: 30/50 × 11.5932 = 6.95592 万元/亩 → × 20 mu = 139.1184 万元 tax, +23.1864
    expect(perMu.toNext!.value).toBeCloseTo(6.95592, 10);
    expect(perMu.toNext!.numerator).toBeCloseTo(139.1184, 9);
    expect(perMu.toNext!.numeratorIncrease).toBeCloseTo(23.1864, 9);
    expect(perMu.denominator).toEqual({ column: 'land_mu', value: 20 });
  });

  it('says an item cannot close the gap when its cap is in the way', () => {
    const capped = withBenchmarkCap(below, { cap: 1.5, floor: 0 });
    // tax per electricity at 50 of at most 75 points: a gap of 30 needs 80 > 75, impossible alone
    const items = explainItems(capped, inputs, scores, 30);
    expect(items[1].maxScore).toBe(75);
    expect(items[1].toNext).toBeNull();
    expect(items[0].toNext!.value).toBeCloseTo((55 / 50) * 11.5932, 10);
  });

  it('has no target without a gap and no value without a base', () => {
    const items = explainItems(below, { ...inputs, land_mu: null }, { tax_per_mu: null, tax_per_electricity: 50 }, null);
    expect(items[0].value).toBeNull();
    expect(items[0].toNext).toBeNull();
    expect(items[1].toNext).toBeNull();
  });
});

describe('class floors', () => {
  it('reads score bands, or the lowest score each class got when classes are by rank shares', () => {
    expect(classFloors(below.grading.bands, [])).toEqual({ A: 110, B: 80, C: 50 });
    const results = [
      { class: 'A', score: 130, vetoed: false },
      { class: 'A', score: 121.5, vetoed: false },
      { class: 'B', score: 90, vetoed: false },
      { class: 'D', score: 140, vetoed: true },
      { class: 'D', score: 20, vetoed: false },
    ];
    expect(classFloors(null, results)).toEqual({ A: 121.5, B: 90, D: 20 });
    expect(classAbove('C')).toBe('B');
    expect(classAbove('A')).toBeNull();
  });
});
