import { describe, expect, it } from 'vitest';
import { runScheme, type AssessData } from '@gongfu/engine/assess';
import {
  attributeLand,
  benchmarksByDivision,
  excludeMissing,
  industryDivision,
  keepUnits,
  landColumn,
  mainPollutants,
  ratioOfTotals,
  schemeBenchmarks,
  withBenchmarkCap,
  withBenchmarks,
  withMissingRule,
} from '@gongfu/engine/mujun';
import { cols, loadPreset } from './helpers.js';

const above = loadPreset('mujun-huangyan-above');
const below = loadPreset('mujun-huangyan-below');
// mujun.md §6 worked example: ratios 30, 150, 2.0, 6000, 20, 0.05
const worked = {
  tax: 300,
  value_added: 1500,
  land_mu: 10,
  energy_tce: 750,
  emission_t: 0.25,
  employees: 75,
  rd_expense: 500,
  revenue: 10000,
};

describe('Yueqing-style cap (1.5 × points, floor 0)', () => {
  it('caps the R&D item of the worked example: 113.982 − 16.556 + 15 = 112.426', () => {
    const capped = withBenchmarkCap(above);
    const res = runScheme(capped, { unitIds: ['f'], values: cols([worked]) });
    expect(res.normalised.rd_share[0]).toBe(15);
    const expected = (30 / 24.097) * 30 + (150 / 136.16) * 20 + (2 / 2.694) * 20 + (6000 / 4929.81) * 10 + (20 / 18.14) * 10 + 15;
    expect(res.final[0]).toBeCloseTo(expected, 10);
    expect(res.final[0].toFixed(3)).toBe('112.426');
    // the preset itself is left alone (no cap in Huangyan's note)
    expect(runScheme(above, { unitIds: ['f'], values: cols([worked]) }).final[0].toFixed(3)).toBe('113.982');
  });
  it('caps every item at 1.5 × points: a firm far above every benchmark scores 150', () => {
    const big = { tax: 1e6, value_added: 1e7, land_mu: 1, energy_tce: 1, emission_t: 1e-3, employees: 1, rd_expense: 1e4, revenue: 1e4 };
    expect(runScheme(withBenchmarkCap(above), { unitIds: ['f'], values: cols([big]) }).final[0]).toBe(150);
    expect(runScheme(withBenchmarkCap(below), { unitIds: ['f'], values: cols([{ tax: 1e4, land_mu: 1, electricity: 1 }]) }).final[0]).toBe(
      150,
    );
  });
  it('floor 0: a negative tax (net refund) scores 0, not negative; floor null lets it go below', () => {
    // 规下: tax −10 on 5 亩 and 100 万kWh → tax items −2/11.5932×50 and −0.1/0.2352×50 → floored at 0
    const firm = { tax: -10, land_mu: 5, electricity: 100 };
    expect(runScheme(withBenchmarkCap(below), { unitIds: ['f'], values: cols([firm]) }).final[0]).toBe(0);
    expect(runScheme(below, { unitIds: ['f'], values: cols([firm]) }).final[0]).toBe(0); // preset floor 0 too
    const noFloor = withBenchmarkCap(below, { cap: null, floor: null });
    expect(runScheme(noFloor, { unitIds: ['f'], values: cols([firm]) }).final[0]).toBeCloseTo(
      (-2 / 11.5932) * 50 + (-0.1 / 0.2352) * 50,
      10,
    );
  });
});

describe('benchmarks from data', () => {
  it('county benchmark Σvalue / Σland, ignoring missing', () => {
    // tax 100, 50, NaN, 30 on land 10, 5, 20, NaN → (100 + 50) / (10 + 5) = 10
    expect(ratioOfTotals([100, 50, NaN, 30], [10, 5, 20, NaN])).toBe(10);
    expect(ratioOfTotals([NaN], [1])).toBeNaN();
  });
  it('per GB/T 4754 division (2-digit prefix)', () => {
    expect(['1713', 'C1713', 'c17', '１８１０', 'C', null].map(industryDivision)).toEqual(['17', '17', '17', '18', null, null]);
    const b = benchmarksByDivision([100, 60, 40, 9], [10, 2, 8, 3], ['1713', '1752', '1810', null]);
    expect(Object.fromEntries(b)).toEqual({ '17': { benchmark: 160 / 12, n: 2 }, '18': { benchmark: 5, n: 1 } });
  });
  it('a county whose firms sum to the benchmarks: the aggregate firm scores 100', () => {
    const firms = [
      { tax: 200, land_mu: 10, electricity: 800 },
      { tax: 50, land_mu: 10, electricity: 400 },
    ];
    const values = cols(firms);
    const b = schemeBenchmarks(below, values);
    expect(b).toEqual({ tax_per_mu: 250 / 20, tax_per_electricity: 250 / 1200 });
    const scheme = withBenchmarks(below, b);
    const res = runScheme(scheme, { unitIds: ['whole-county'], values: cols([{ tax: 250, land_mu: 20, electricity: 1200 }]) });
    expect(res.final[0]).toBeCloseTo(100, 12);
    expect(() => withBenchmarks(below, { nope: 1 })).toThrow(/nope/);
    expect(() => withBenchmarks(below, { tax_per_mu: 0 })).toThrow(/positive/);
  });
});

describe('main pollutants and missing energy / emission data', () => {
  it('emission_t = COD + NH3-N + SO2 + NOx; a missing one counts 0 unless all are missing', () => {
    expect(mainPollutants([1, 2, NaN], [0.1, NaN, NaN], [0.5, NaN, NaN], [0.4, 1, NaN])).toEqual(Float64Array.of(2, 3, NaN));
  });
  const firms = [
    { ...worked }, // va_per_emission 6000
    { ...worked, emission_t: 1500 / 4000 }, // 4000
    { ...worked, emission_t: NaN }, // no emission data
  ];
  const data: AssessData = { unitIds: ['a', 'b', 'c'], values: cols(firms) };
  const emissionItem = (s: unknown) => runScheme(s, data).normalised.va_per_emission;
  it("'zero': the item scores 0 and the sum has five items", () => {
    const res = runScheme(withMissingRule(above, 'zero'), data);
    expect(res.final[0] - res.final[2]).toBeCloseTo((6000 / 4929.81) * 10, 10);
  });
  it("'average': the item scores the mean of the others ((6000 + 4000)/2 / 4929.81 × 10)", () => {
    expect(emissionItem(withMissingRule(above, 'average'))[2]).toBeCloseTo((5000 / 4929.81) * 10, 10);
    // within groups (e.g. industry division)
    const grouped: AssessData = { ...data, attributes: { division: ['17', '18', '17'] } };
    const res = runScheme(withMissingRule(above, 'average', { groupBy: 'division' }), grouped);
    expect(res.normalised.va_per_emission[2]).toBeCloseTo((6000 / 4929.81) * 10, 10);
  });
  it("'exclude': the firm is not rated, with the reason", () => {
    const { keep, notRated } = excludeMissing(data.unitIds, data.values, ['energy_tce', 'emission_t']);
    expect([...keep]).toEqual([1, 1, 0]);
    expect(notRated).toEqual([
      { unitId: 'c', columns: ['emission_t'], zh: '缺少 emission_t 数据，不参评', en: 'not rated: no emission_t data' },
    ]);
    const res = runScheme(withMissingRule(above, 'exclude'), keepUnits(data, keep));
    expect(res.unitIds).toEqual(['a', 'b']);
  });
});

describe('land from parcels into the 规下 preset', () => {
  it('a tenant is scored on its leased land', () => {
    const land = attributeLand([
      {
        id: 'P1',
        areaMu: 20,
        owner: 'OWNER',
        leases: [
          { tenant: 'T1', areaMu: 5 },
          { tenant: 'T2', areaMu: 5 },
        ],
      },
    ]);
    const unitIds = ['OWNER', 'T1', 'T2'];
    const values = {
      ...cols([{ tax: 0 }, { tax: 0 }, { tax: 0 }]),
      tax: Float64Array.of(115.932, 57.966, 11.5932),
      electricity: Float64Array.of(1e9, 1e9, 1e9),
    };
    const res = runScheme(below, { unitIds, values: { ...values, land_mu: landColumn(unitIds, land.byEnterprise) } });
    // 亩均税收: 115.932/10, 57.966/5, 11.5932/5 → 50, 50, 10 points (electricity item ≈ 0)
    expect(Array.from(res.normalised.tax_per_mu)).toEqual([50, 50, 10].map((x) => expect.closeTo(x, 10)));
  });
});
