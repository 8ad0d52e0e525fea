import { describe, expect, it } from 'vitest';
import {
  checkBreakdown,
  enteredShares,
  expectedValue,
  growthLight,
  neededPerRemainingMonth,
  projectLag,
  projectLagAt,
  redStreak,
  seasonalForecast,
  seasonalShares,
  straightShares,
  TargetsError,
  valueLight,
} from '@gongfu/engine/targets';

// year A: 10 a month (shares m/12); year B: 5 a month to June, then 15 a month (both total 120)
const A = Array.from({ length: 12 }, (_, i) => 10 * (i + 1));
const B = Array.from({ length: 12 }, (_, i) => (i < 6 ? 5 * (i + 1) : 30 + 15 * (i - 5)));

describe('expected progress', () => {
  it('straight: time elapsed, cumulative and point-in-time', () => {
    const s = straightShares();
    expect(s[5]).toBe(0.5);
    expect(expectedValue({ accumulation: 'cumulative', target: 2500, shares: s, month: 3 })).toBe(625);
    // point-in-time from base 50 to 80: half way by June
    expect(expectedValue({ accumulation: 'point', target: 80, base: 50, shares: s, month: 6 })).toBe(65);
  });
  it('seasonal: mean share of the annual total by month over past years', () => {
    const s = seasonalShares([A, B]);
    expect(s[5]).toBeCloseTo((0.5 + 0.25) / 2, 12); // June: A 60/120, B 30/120
    expect(s[8]).toBeCloseTo((90 / 120 + 75 / 120) / 2, 12); // September: B 30 + 3·15 = 75
    expect(s[11]).toBe(1);
    expect(expectedValue({ accumulation: 'cumulative', target: 200, shares: s, month: 6 })).toBeCloseTo(75, 9);
  });
  it('seasonal skips incomplete years and refuses no history', () => {
    const incomplete = [...A.slice(0, 11), null];
    expect(seasonalShares([incomplete, A])[5]).toBe(0.5);
    expect(() => seasonalShares([incomplete])).toThrow(TargetsError);
  });
  it('entered shares are checked', () => {
    expect(enteredShares(straightShares())[11]).toBe(1);
    expect(() => enteredShares([0.5, 0.4, ...Array(10).fill(1)])).toThrow(/Month 2/);
    expect(() => enteredShares(Array(11).fill(1))).toThrow(TargetsError);
  });
});

describe('lights', () => {
  it('value targets at each threshold (green ≥ 1, yellow ≥ 0.95)', () => {
    expect(valueLight(100, 100).light).toBe('green');
    expect(valueLight(95, 100).light).toBe('yellow');
    expect(valueLight(94.9, 100).light).toBe('red');
    expect(valueLight(90, 100, 'higher', { green: 0.9, yellow: 0.8 }).light).toBe('green');
    // lower is better: 105 against an expected 100 → ratio 100/105 = 0.952 → yellow
    expect(valueLight(105, 100, 'lower').ratio).toBeCloseTo(0.95238, 5);
    expect(valueLight(105, 100, 'lower').light).toBe('yellow');
    expect(() => valueLight(1, 1, 'higher', { green: 0.9, yellow: 0.95 })).toThrow(TargetsError);
  });
  it('growth-rate targets: growth to date against the target rate, gap in 个百分点', () => {
    // target +7.5 %: 108 on 100 is +8 % (+0.5 个百分点) green; 107 is −0.5 yellow; 106.5 is −1.0 yellow; 106 is −1.5 red
    const g = growthLight(108, 100, 0.075);
    expect(g.growth).toBeCloseTo(0.08, 12);
    expect(g.gapPp).toBeCloseTo(0.5, 9);
    expect(g.light).toBe('green');
    expect(growthLight(107, 100, 0.075).light).toBe('yellow');
    expect(growthLight(106.5, 100, 0.075).gapPp).toBe(-1);
    expect(growthLight(106.5, 100, 0.075).light).toBe('yellow');
    expect(growthLight(106, 100, 0.075).light).toBe('red');
    expect(() => growthLight(1, 0, 0.1)).toThrow(TargetsError);
  });
  it('red streaks count trailing reds', () => {
    expect(redStreak(['green', 'red', 'red'])).toBe(2);
    expect(redStreak(['red', 'yellow'])).toBe(0);
    expect(redStreak(['red', null, 'red'])).toBe(1);
  });
});

describe('year-end forecast by seasonal share', () => {
  it('made-up history: point, leave-one-year-out errors and interval', () => {
    // June share: (0.5 + 0.25)/2 = 0.375; actual 30 → 80
    const f = seasonalForecast([A, B], 30, 6);
    expect(f.point).toBeCloseTo(80, 9);
    // A from B's share 0.25: 60/0.25 = 240, +100 %; B from A's share 0.5: 30/0.5 = 60, −50 %
    expect(f.errors.map((e) => e.error)).toEqual([1, -0.5]);
    expect(f.mape).toBeCloseTo(0.75, 12);
    expect(f.low).toBeCloseTo(40, 9); // 80 / (1 + 1)
    expect(f.high).toBeCloseTo(160, 9); // 80 / (1 − 0.5)
  });
  it('a stable seasonality forecasts exactly, with zero error', () => {
    const f = seasonalForecast([B, B.map((v) => v * 2), B.map((v) => v * 3)], 45, 6); // 30/120 = 0.25 → 180
    expect(f.point).toBeCloseTo(180, 9);
    expect(f.mape).toBeCloseTo(0, 12);
    expect(f.high - f.low).toBeCloseTo(0, 9);
  });
  it('one past year: no interval, no error', () => {
    const f = seasonalForecast([A], 60, 6);
    expect(f.point).toBe(120);
    expect(f.mape).toBeNull();
  });
  it('needed per remaining month', () => {
    expect(neededPerRemainingMonth(120, 30, 6)).toBe(15);
    expect(neededPerRemainingMonth(120, 130, 6)).toBe(0);
    expect(neededPerRemainingMonth(120, 30, 12)).toBeNull();
  });
});

describe('breakdown check', () => {
  it('sums and weighted rates', () => {
    expect(checkBreakdown(600, [{ value: 300 }, { value: 200 }, { value: 100 }], 'sum').ok).toBe(true);
    const short = checkBreakdown(600, [{ value: 300 }, { value: 200 }], 'sum');
    expect(short).toMatchObject({ ok: false, combined: 500, gap: -100 });
    // towns at 8 % (base 300) and 6 % (base 100): (0.08·300 + 0.06·100)/400 = 0.075
    const w = checkBreakdown(
      0.075,
      [
        { value: 0.08, weight: 300 },
        { value: 0.06, weight: 100 },
      ],
      'weighted',
    );
    expect(w.combined).toBeCloseTo(0.075, 12);
    expect(w.ok).toBe(true);
    expect(checkBreakdown(0.075, [{ value: 0.07, weight: 1 }], 'weighted').ok).toBe(false);
  });
});

describe('project lag warnings', () => {
  const base = {
    asOf: '2026-07-01',
    month: 6,
    plannedStart: '2026-03-01',
    actualStart: '2026-03-10' as string | null,
    milestones: [] as { kind: string; planned: string | null; actual: string | null }[],
    planByMonth: Array(12).fill(10),
    actualByMonth: [10, 10, 10, 10, 10, 10, null, null, null, null, null, null] as (number | null)[],
  };
  it('none when on plan', () => expect(projectLag(base)).toEqual([]));
  it('start late', () => expect(projectLag({ ...base, actualStart: null }).map((w) => w.kind)).toEqual(['start_late']));
  it('milestone late: passed without actual, or reached late', () => {
    const w = projectLag({
      ...base,
      milestones: [
        { kind: '施工许可', planned: '2026-02-01', actual: '2026-02-01' },
        { kind: '主体完工', planned: '2026-06-30', actual: null },
        { kind: '环评', planned: '2026-01-01', actual: '2026-01-15' },
        { kind: '竣工', planned: '2026-12-31', actual: null },
      ],
    });
    expect(w.map((x) => (x.kind === 'milestone_late' ? x.milestone : x.kind))).toEqual(['主体完工', '环评']);
  });
  it('investment below plan by more than the share', () => {
    // plan 60 to June; 54 is exactly 10 % short (not flagged); 53 is flagged
    expect(projectLag({ ...base, actualByMonth: [10, 10, 10, 10, 10, 4, ...Array(6).fill(null)] })).toEqual([]);
    const w = projectLag({ ...base, actualByMonth: [10, 10, 10, 10, 10, 3, ...Array(6).fill(null)] });
    expect(w).toEqual([{ kind: 'investment_low', plan: 60, invested: 53, shortfall: expect.closeTo(7 / 60, 12) }]);
  });
  it('no report this month', () => {
    const w = projectLag({ ...base, belowShare: 0.5, actualByMonth: [10, 10, 10, 10, 10, null, ...Array(6).fill(null)] });
    expect(w.map((x) => x.kind)).toEqual(['no_report']);
  });
  it('from totals to the reporting month: the same warnings as from the months', () => {
    const totals = { asOf: base.asOf, month: 6, plannedStart: base.plannedStart, actualStart: null, milestones: [] };
    // plan 60, actual 53 and June reported: start late and investment low
    expect(projectLagAt({ ...totals, planToDate: 60, actualToDate: 53, reported: true })).toEqual(
      projectLag({ ...base, actualStart: null, actualByMonth: [10, 10, 10, 10, 10, 3, ...Array(6).fill(null)] }),
    );
    expect(projectLagAt({ ...totals, planToDate: 60, actualToDate: 54, reported: false }).map((w) => w.kind)).toEqual([
      'start_late',
      'no_report',
    ]);
  });
});

describe('target status', () => {
  it('value target, seasonal plan: lights by month and red streak, forecast', async () => {
    const { targetStatus } = await import('@gongfu/engine/targets');
    // target 200, plan from A and B; actual 20, 40, 30, 40 (Jan–Apr)
    // expected shares Jan: (10/120 + 5/120)/2 = 0.0625 → 12.5; Mar 0.1875 → 37.5; Apr 0.25 → 50
    const s = targetStatus(
      { kind: 'value', target: 200, accumulation: 'cumulative', direction: 'higher', planMethod: 'seasonal' },
      [20, 40, 30, 40, ...Array(8).fill(null)],
      [A, B],
    );
    expect(s.planMethod).toBe('seasonal');
    expect(s.month).toBe(4);
    expect(s.expected).toBeCloseTo(50, 9);
    expect(s.months.map((m) => m.light).slice(0, 4)).toEqual(['green', 'green', 'red', 'red']);
    expect(s.redStreak).toBe(2);
    expect(s.forecast!.point).toBeCloseTo(160, 9); // 40 / 0.25
    expect(s.neededPerMonth).toBeCloseTo(20, 9); // (200 − 40) / 8
  });
  it('growth target against last year, seasonal without history falls back to straight', async () => {
    const { targetStatus } = await import('@gongfu/engine/targets');
    const s = targetStatus(
      { kind: 'growth', target: 0.075, accumulation: 'cumulative', direction: 'higher', planMethod: 'seasonal' },
      [10.7],
      [[10, ...Array(11).fill(null)]],
    );
    expect(s.planFallback).toBe(true);
    expect(s.gapPp).toBeCloseTo(-0.5, 9);
    expect(s.light).toBe('yellow');
    expect(s.forecast).toBeNull();
  });
});
