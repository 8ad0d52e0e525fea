/** Unit screening, COINr `Screen` semantics: exactly the units below the threshold are dropped and reported. */
import { describe, expect, it } from 'vitest';
import {
  parseScheme,
  explainUnitAt,
  isAssessError,
  prepare,
  runScheme,
  score,
  screenUnits,
  sensitivity,
  whatIf,
  type AssessData,
} from '@gongfu/engine/assess';

const N = NaN;
// 6 indicators; datAvail = 1 - missing/6; nonZero = 1 - zeros/(6 - missing)
const rows: Record<string, number[]> = {
  full: [1, 2, 3, 4, 5, 6], // 6/6
  twoMissing: [1, N, 3, N, 5, 6], // 4/6 = 0.667 = threshold: kept (COINr drops only "<")
  threeMissing: [N, N, 3, N, 5, 6], // 3/6 = 0.5: dropped byNA
  allZero: [0, 0, 0, 0, 0, 0], // nonZero 0: dropped byZeros
  fiveMissing: [N, N, N, N, N, 0], // 1/6 and nonZero 0: dropped by both
  oneZero: [0, 2, 3, 4, 5, 6], // nonZero 5/6: kept
};
const cols = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6'];
const data: AssessData = {
  unitIds: Object.keys(rows),
  values: Object.fromEntries(cols.map((c, j) => [c, Float64Array.from(Object.values(rows).map((r) => r[j]))])),
  attributes: { kind: Object.keys(rows).map((u) => u.slice(0, 3)) },
};

describe('screenUnits (COINr Screen)', () => {
  it('byNA drops exactly the units whose data availability is below datThresh', () => {
    const { data: kept, report } = screenUnits(data, cols, { unitScreen: 'byNA' });
    expect(report.removed.map((u) => u.unit)).toEqual(['threeMissing', 'fiveMissing']);
    expect(kept.unitIds).toEqual(['full', 'twoMissing', 'allZero', 'oneZero']);
    expect(report.removed[0]).toMatchObject({ missing: 3, datAvail: 0.5, reason: 'lowData' });
    expect(report.removed[0].en).toBe('data availability 50.0% below the threshold 66.7%');
    expect(report.units.find((u) => u.unit === 'twoMissing')).toMatchObject({ included: true, datAvail: expect.closeTo(4 / 6, 12) });
    expect(Array.from(kept.values.i3)).toEqual([3, 3, 0, 3]);
    expect(kept.attributes!.kind).toEqual(['ful', 'two', 'all', 'one']);
  });

  it('byZeros, byNAandZeros and custom thresholds', () => {
    expect(screenUnits(data, cols, { unitScreen: 'byZeros' }).report.removed.map((u) => [u.unit, u.reason])).toEqual([
      ['allZero', 'lowNonZero'],
      ['fiveMissing', 'lowNonZero'],
    ]);
    expect(screenUnits(data, cols, { unitScreen: 'byNAandZeros' }).report.removed.map((u) => [u.unit, u.reason])).toEqual([
      ['threeMissing', 'lowData'],
      ['allZero', 'lowNonZero'],
      ['fiveMissing', 'lowDataAndNonZero'],
    ]);
    expect(screenUnits(data, cols, { unitScreen: 'byNA', datThresh: 0.5 }).report.removed.map((u) => u.unit)).toEqual(['fiveMissing']);
    expect(screenUnits(data, cols, { unitScreen: 'byZeros', nonzeroThresh: 0.9 }).report.removed.map((u) => u.unit)).toEqual([
      'allZero',
      'fiveMissing',
      'oneZero',
    ]);
  });

  it('force includes or excludes whatever the data; an unknown unit is an error', () => {
    const r = screenUnits(data, cols, {
      unitScreen: 'byNA',
      force: [
        { unit: 'threeMissing', include: true },
        { unit: 'full', include: false },
      ],
    }).report;
    expect(r.removed.map((u) => [u.unit, u.reason, u.forced])).toEqual([
      ['full', 'forcedOut', true],
      ['fiveMissing', 'lowData', false],
    ]);
    expect(() => screenUnits(data, cols, { unitScreen: 'byNA', force: [{ unit: 'nobody', include: true }] })).toThrow(/nobody/);
  });

  it('is a scheme step: the run ranks only the kept units and lists the dropped ones', () => {
    const scheme = {
      schemaVersion: 1,
      id: 's',
      version: '1',
      name: 'screen',
      screening: { unitScreen: 'byNA' },
      indicators: cols.map((id) => ({ id })),
      nodes: [{ id: 'root', children: cols }],
      root: 'root',
      impute: { method: 'mean' },
      weighting: { method: 'equal' },
    };
    const res = runScheme(scheme, data);
    expect(res.unitIds).toEqual(['full', 'twoMissing', 'allZero', 'oneZero']);
    expect(res.final).toHaveLength(4);
    expect(res.screening!.removed.map((u) => u.unit)).toEqual(['threeMissing', 'fiveMissing']);
    try {
      runScheme(
        { ...scheme, screening: { unitScreen: 'byNA', datThresh: 1, force: [] } },
        { ...data, unitIds: data.unitIds.slice(), values: Object.fromEntries(cols.map((c) => [c, Float64Array.from([N, N, N, N, N, N])])) },
      );
      expect.unreachable();
    } catch (e) {
      expect(isAssessError(e) && e.code).toBe('DATA_EMPTY');
    }
  });

  const screenedScheme = {
    schemaVersion: 1,
    id: 's',
    version: '1',
    name: 'screen',
    screening: { unitScreen: 'byNA' },
    indicators: cols.map((id) => ({ id })),
    nodes: [{ id: 'root', children: cols }],
    root: 'root',
    impute: { method: 'mean' },
    weighting: { method: 'equal' },
  };

  it('sensitivity runs on the screened units only, and lists the dropped ones', () => {
    const res = sensitivity(screenedScheme, data, { runs: 20, weightShare: 0.2 });
    expect(res.unitIds).toEqual(['full', 'twoMissing', 'allZero', 'oneZero']);
    expect(res.nominalRank).toHaveLength(4);
    expect(res.screening!.removed.map((u) => u.unit)).toEqual(['threeMissing', 'fiveMissing']);
    expect(Array.from(res.nominalRank)).toEqual(Array.from(runScheme(screenedScheme, data).rank));
  });

  it('what-if finds the unit among the screened ones, and says when a change brings a dropped unit back in', () => {
    const base = runScheme(screenedScheme, data);
    // oneZero is 4th in the data but 4th of the kept units only because two before it were dropped
    const moved = whatIf(screenedScheme, data, 'oneZero', { i1: 100 });
    const at = base.unitIds.indexOf('oneZero');
    expect(moved.before).toMatchObject({ score: base.final[at], rank: base.rank[at] });
    expect(moved.after.score).toBeGreaterThan(moved.before.score);
    // threeMissing is screened out; filling one gap lifts its data availability to 4/6, so it is kept
    const back = whatIf(screenedScheme, data, 'threeMissing', { i1: 1 });
    expect(back.before).toMatchObject({ score: null, rank: null, screenedOut: { reason: 'lowData' } });
    expect(back.after.screenedOut).toBeUndefined();
    expect(back.after.rank).toBeGreaterThan(0);
    const still = whatIf(screenedScheme, data, 'fiveMissing', { i1: 1 });
    expect(still.after).toMatchObject({ score: null, rank: null, screenedOut: { reason: 'lowData' } });
  });

  it('explaining a dropped unit says why it was screened out', () => {
    const plan = parseScheme(screenedScheme);
    const res = runScheme(plan, data);
    const kept = screenUnits(data, cols, { unitScreen: 'byNA' }).data;
    const sc = score(prepare(plan, kept));
    expect(explainUnitAt(plan, res, sc, 'twoMissing').unitId).toBe('twoMissing');
    try {
      explainUnitAt(plan, res, sc, 'threeMissing');
      expect.unreachable();
    } catch (e) {
      expect(isAssessError(e) && e.code).toBe('SCREENED_OUT');
      expect((e as Error & { zh: string }).zh).toMatch(/threeMissing.*数据可得率 50.0% 低于阈值 66.7%/);
    }
  });
});
