import { describe, expect, it } from 'vitest';
import { distanceMetres, eventIndicators, eventIndicatorsBy, suggestDuplicates, type IndicatorCase } from '@gongfu/engine/events';

const d = (day: string): number => Date.parse(`2026-${day}T00:00:00+08:00`);
const base: IndicatorCase = {
  unit: 'U1',
  town: 'T1',
  category: 'C1',
  filedAt: null,
  dispatched: true,
  handleDueAt: null,
  handledAt: null,
  closeDueAt: null,
  closedAt: null,
  checked: false,
  reworked: false,
  extended: false,
  parked: false,
  dispatches: 1,
  misdispatches: 0,
  rating: null,
};
// hand-counted set, period March 2026, as of 1 April
const cases: IndicatorCase[] = [
  // A: on time throughout
  {
    ...base,
    filedAt: d('03-02'),
    handleDueAt: d('03-05'),
    handledAt: d('03-04'),
    closeDueAt: d('03-10'),
    closedAt: d('03-08'),
    checked: true,
    rating: 5,
  },
  // B: handled late, closed late, reworked, extended
  {
    ...base,
    category: 'C2',
    filedAt: d('03-03'),
    handleDueAt: d('03-06'),
    handledAt: d('03-07'),
    closeDueAt: d('03-12'),
    closedAt: d('03-13'),
    checked: true,
    reworked: true,
    extended: true,
    // sent back once (回退) and re-dispatched once (改派): 3 dispatches, 2 inaccurate
    dispatches: 3,
    misdispatches: 2,
    rating: 2,
  },
  // C: overdue, never handled
  { ...base, unit: 'U2', town: 'T2', filedAt: d('03-10'), handleDueAt: d('03-12'), closeDueAt: d('03-20') },
  // D: not yet due; rated 4 (基本满意) at intake follow-up
  { ...base, unit: 'U2', town: 'T2', filedAt: d('03-30'), handleDueAt: d('04-03'), closeDueAt: d('04-10'), rating: 4 },
  // E: filed in February, still overdue (counts only in 超期未处置数)
  { ...base, unit: 'U2', town: 'T2', filedAt: d('02-20'), handleDueAt: d('02-25'), closeDueAt: d('03-05') },
  // F: parked 挂账 past its deadline
  { ...base, unit: 'U2', town: 'T2', filedAt: d('03-15'), handleDueAt: d('03-18'), closeDueAt: d('03-25'), parked: true },
  // G: 不予立案 (never filed)
  { ...base, dispatched: false, dispatches: 0, rating: 1 },
];
const period = { from: d('03-01'), to: d('04-01') };

describe('indicators with explicit denominators', () => {
  it('all cases', () => {
    expect(eventIndicators(cases, period)).toEqual({
      cases: 5, // A B C D F
      onTimeHandling: { numerator: 1, denominator: 4, rate: 0.25 }, // due: A B C F; on time: A
      closure: { numerator: 2, denominator: 4, rate: 0.5 }, // due: A B C F; closed: A B
      onTimeClosure: { numerator: 1, denominator: 4, rate: 0.25 }, // A
      rework: { numerator: 1, denominator: 2, rate: 0.5 }, // checked A B; reworked B
      extension: { numerator: 1, denominator: 5, rate: 0.2 }, // dispatched A B C D F; extended B
      accurateDispatch: { numerator: 5, denominator: 7, rate: 5 / 7 }, // dispatches A1 B3 C1 D1 F1 (E, G outside P); B's 2 sent back
      satisfaction: { numerator: 2, denominator: 3, rate: 2 / 3 }, // rated A5 B2 D4 (G never filed); ≥ 4: A D
      overdueUnhandled: 2, // C and E (D not yet due, F parked)
    });
  });
  it('per town', () => {
    const t = eventIndicatorsBy(cases, period, 'town');
    expect([...t.keys()]).toEqual(['T1', 'T2']);
    expect(t.get('T1')!.onTimeHandling).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(t.get('T1')!.overdueUnhandled).toBe(0);
    expect(t.get('T2')!.cases).toBe(3);
    expect(t.get('T2')!.overdueUnhandled).toBe(2);
    expect(t.get('T2')!.rework).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(t.get('T1')!.accurateDispatch).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
    expect(t.get('T1')!.satisfaction).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(t.get('T2')!.satisfaction).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });
  it('per category', () => {
    const c = eventIndicatorsBy(cases, period, 'category');
    expect(c.get('C2')!.closure).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(c.get('C2')!.onTimeClosure.rate).toBe(0);
  });
  it('an empty set has null rates, not 0', () => {
    expect(eventIndicators([], period).closure.rate).toBeNull();
  });
});

describe('duplicates', () => {
  it('0.001° of latitude is about 111 m', () => {
    expect(distanceMetres(120.5, 30.0, 120.5, 30.001)).toBeCloseTo(111.19, 1);
  });
  it('same category, near and recent, open → suggested; far, old, closed or other category → not', () => {
    const t = d('03-10');
    const got = suggestDuplicates(
      { category: 'C1', lon: 120.5, lat: 30, reportedAt: t },
      [
        { id: 'near', category: 'C1', state: 'handling', lon: 120.5, lat: 30.0005, reportedAt: t - 3600_000 },
        { id: 'far', category: 'C1', state: 'handling', lon: 120.5, lat: 30.01, reportedAt: t },
        { id: 'old', category: 'C1', state: 'filed', lon: 120.5, lat: 30, reportedAt: t - 3 * 86_400_000 },
        { id: 'closed', category: 'C1', state: 'closed', lon: 120.5, lat: 30, reportedAt: t },
        { id: 'other', category: 'C2', state: 'filed', lon: 120.5, lat: 30, reportedAt: t },
        { id: 'same', category: 'C1', state: 'reported', lon: 120.5, lat: 30, reportedAt: t },
      ],
      { maxMetres: 100, maxMs: 86_400_000 },
    );
    expect(got.map((g) => g.id)).toEqual(['same', 'near']);
  });
});
