import { describe, expect, it } from 'vitest';
import { parseScheme, runScheme, type AssessData } from '@gongfu/engine/assess';
import { cols, loadPreset } from './helpers.js';

describe('mujun-huangyan-above (规上, Huangyan 2022 data)', () => {
  const scheme = loadPreset('mujun-huangyan-above');
  it('parses, is illustrative, and sums the six items', () => {
    const plan = parseScheme(scheme);
    expect(plan.scheme.illustrative).toBe(true);
    expect(plan.indicators.map((i) => i.id)).toEqual([
      'tax_per_mu',
      'va_per_mu',
      'va_per_energy',
      'va_per_emission',
      'labour_productivity',
      'rd_share',
    ]);
  });
  it('a firm exactly at every benchmark scores 100.000', () => {
    // 10 亩: tax 240.97 万元 → 24.097 万元/亩; VA 1361.6 万元 → 136.16 万元/亩;
    // VA / energy = 1361.6 / 505.4157… = 2.694; VA / emissions = 4929.81; VA / employees = 18.14; R&D / revenue = 0.0302
    const va = 1361.6;
    const firm = {
      tax: 240.97,
      value_added: va,
      land_mu: 10,
      energy_tce: va / 2.694,
      emission_t: va / 4929.81,
      employees: va / 18.14,
      rd_expense: 302,
      revenue: 10000,
    };
    const res = runScheme(scheme, { unitIds: ['at-benchmark'], values: cols([firm]) });
    expect(res.final[0].toFixed(3)).toBe('100.000');
    expect(Math.abs(res.final[0] - 100)).toBeLessThan(1e-9);
    expect(res.grade).toEqual(['B']);
  });
  it('a hand-computed firm (mujun.md §6 worked example)', () => {
    // ratios 30, 150, 2.0, 6000, 20, 0.05 (land 10 亩, VA 1500, energy 750, emissions 0.25 t, 75 persons, R&D 500 of 10000):
    //   30/24.097×30   = 37.3490476…
    //   150/136.16×20  = 22.0329024…
    //   2.0/2.694×20   = 14.8478099…
    //   6000/4929.81×10= 12.1708554…
    //   20/18.14×10    = 11.0253583…
    //   0.05/0.0302×10 = 16.5562914…
    //   Σ              = 113.9822650… (mujun.md: 113.982) → band A (≥ 110)
    const firm = {
      tax: 300,
      value_added: 1500,
      land_mu: 10,
      energy_tce: 750,
      emission_t: 0.25,
      employees: 75,
      rd_expense: 500,
      revenue: 10000,
    };
    const res = runScheme(scheme, { unitIds: ['f'], values: cols([firm]) });
    const expected =
      (30 / 24.097) * 30 + (150 / 136.16) * 20 + (2 / 2.694) * 20 + (6000 / 4929.81) * 10 + (20 / 18.14) * 10 + (0.05 / 0.0302) * 10;
    expect(res.final[0]).toBeCloseTo(expected, 10);
    expect(res.final[0].toFixed(3)).toBe('113.982');
    expect(res.normalised.rd_share[0]).toBeCloseTo(16.5562914, 6);
    expect(res.grade).toEqual(['A']);
  });
  it('vetoes force D whatever the score', () => {
    const firm = {
      tax: 300,
      value_added: 1500,
      land_mu: 10,
      energy_tce: 750,
      emission_t: 0.25,
      employees: 75,
      rd_expense: 500,
      revenue: 10000,
    };
    const data: AssessData = {
      unitIds: ['f', 'g'],
      values: { ...cols([firm, firm]), safety_accident: Float64Array.of(0, 1), env_violation: Float64Array.of(0, 0) },
    };
    expect(runScheme(scheme, data).grade).toEqual(['A', 'D']);
  });
});

describe('mujun-huangyan-below (规下, Huangyan 2022 data)', () => {
  const scheme = loadPreset('mujun-huangyan-below');
  it('a firm exactly at every benchmark scores 100.000', () => {
    // 5 亩, tax 57.966 万元 → 11.5932 万元/亩; electricity 57.966 / 0.2352 万kWh → 0.2352 万元/万kWh
    const firm = { tax: 57.966, land_mu: 5, electricity: 57.966 / 0.2352 };
    const res = runScheme(scheme, { unitIds: ['at-benchmark'], values: cols([firm]) });
    expect(res.final[0].toFixed(3)).toBe('100.000');
    expect(Math.abs(res.final[0] - 100)).toBeLessThan(1e-9);
  });
  it('a hand-computed firm: 20/11.5932×50 + 0.3/0.2352×50 = 86.2574… + 63.7755… = 150.033', () => {
    const firm = { tax: 200, land_mu: 10, electricity: 200 / 0.3 };
    const res = runScheme(scheme, { unitIds: ['f'], values: cols([firm]) });
    expect(res.normalised.tax_per_mu[0]).toBeCloseTo((20 / 11.5932) * 50, 10);
    expect(res.final[0].toFixed(3)).toBe('150.033');
  });
});
