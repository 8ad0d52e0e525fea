import { describe, expect, it } from 'vitest';
import {
  ILLUSTRATIVE_POLICY_TABLE,
  NOT_RATED,
  applyPolicies,
  classStreak,
  measuresFor,
  migrationMatrix,
  policyTableFor,
  type ClassRecord,
  type PolicyTable,
} from '@gongfu/engine/mujun';

const surcharge = (ms: { kind: string; value: number }[]) => ms.find((m) => m.kind === 'electricity_surcharge')?.value ?? 0;

describe('streaks and surcharges (Fenghua 2022: D +0.1, two years +0.3, three +0.5)', () => {
  const history: ClassRecord[] = [
    { year: 2021, class: 'D' },
    { year: 2022, class: 'D' },
    { year: 2023, class: 'D' },
    { year: 2024, class: 'D' },
  ];
  it('the streak counts consecutive years in the same class', () => {
    expect([2021, 2022, 2023, 2024].map((y) => classStreak(history, y).streak)).toEqual([1, 2, 3, 4]);
    expect(classStreak(history, 2020)).toEqual({ class: null, streak: 0 });
  });
  it('surcharge across three years: 0.1, 0.3, 0.5, and 0.5 from then on; no stacking', () => {
    const t = ILLUSTRATIVE_POLICY_TABLE;
    const per = [2021, 2022, 2023, 2024].map((y) => {
      const { class: c, streak } = classStreak(history, y);
      return measuresFor(t, c, streak);
    });
    expect(per.map(surcharge)).toEqual([0.1, 0.3, 0.5, 0.5]);
    expect(per.every((ms) => ms.length === 1)).toBe(true);
  });
  it('a year in another class, or not rated, restarts the streak', () => {
    const h: ClassRecord[] = [
      { year: 2020, class: 'D' },
      { year: 2021, class: 'D' },
      { year: 2022, class: 'C' },
      { year: 2023, class: 'D' },
      { year: 2024, class: 'D' },
      { year: 2025, class: null },
      { year: 2026, class: 'D' },
    ];
    expect([2021, 2022, 2023, 2024, 2026].map((y) => classStreak(h, y).streak)).toEqual([2, 1, 1, 2, 1]);
    // a missing year (no record for 2028) breaks it too
    expect(
      classStreak(
        [
          { year: 2027, class: 'D' },
          { year: 2029, class: 'D' },
        ],
        2029,
      ).streak,
    ).toBe(1);
    expect(() =>
      classStreak(
        [
          { year: 2027, class: 'D' },
          { year: 2027, class: 'C' },
        ],
        2027,
      ),
    ).toThrow(/2027/);
  });
  it('per enterprise the applicable measures: land-use-tax relief A 100 %, B 80 %, C none; D surcharges', () => {
    const histories = new Map<string, ClassRecord[]>([
      ['EA', [{ year: 2024, class: 'A' }]],
      ['EB', [{ year: 2024, class: 'B' }]],
      ['EC', [{ year: 2024, class: 'C' }]],
      [
        'ED',
        [
          { year: 2022, class: 'D' },
          { year: 2023, class: 'D' },
          { year: 2024, class: 'D' },
        ],
      ],
      ['EN', [{ year: 2024, class: null }]],
    ]);
    const out = applyPolicies([ILLUSTRATIVE_POLICY_TABLE], histories, 2024);
    expect(out.map((p) => [p.enterprise, p.class, p.streak, p.measures.map((m) => `${m.kind}=${m.value}${m.unit}`)])).toEqual([
      ['EA', 'A', 1, ['land_use_tax_relief=100%']],
      ['EB', 'B', 1, ['land_use_tax_relief=80%']],
      ['EC', 'C', 1, []],
      ['ED', 'D', 3, ['electricity_surcharge=0.5元/kWh']],
      ['EN', null, 0, []],
    ]);
  });
  it('versioned tables: the one in force for the year (Haining 2025 draft: D +0.3, three years +0.4)', () => {
    const haining: PolicyTable = {
      id: 'haining-2025-draft',
      version: '2025-draft',
      from: 2025,
      illustrative: true,
      measures: [
        { id: 'd1', kind: 'electricity_surcharge', class: 'D', value: 0.3, unit: '元/kWh', name: { zh: 'D 类加价', en: 'D surcharge' } },
        {
          id: 'd3',
          kind: 'electricity_surcharge',
          class: 'D',
          minStreak: 3,
          value: 0.4,
          unit: '元/kWh',
          name: { zh: '连续三年 D 类加价', en: 'D 3 years' },
        },
      ],
    };
    const old = { ...ILLUSTRATIVE_POLICY_TABLE, to: 2024 };
    expect(policyTableFor([old, haining], 2024).id).toBe(old.id);
    expect(policyTableFor([old, haining], 2026).id).toBe('haining-2025-draft');
    expect(() => policyTableFor([haining], 2018)).toThrow(/2018/);
    const h = new Map([['ED', [2023, 2024, 2025, 2026].map((year) => ({ year, class: 'D' }))]]);
    expect(surcharge(applyPolicies([old, haining], h, 2024)[0].measures)).toBe(0.3); // Fenghua table, streak 2
    expect(surcharge(applyPolicies([old, haining], h, 2025)[0].measures)).toBe(0.4); // Haining, streak 3
  });
});

describe('year-on-year class migration matrix', () => {
  it('counts moves between classes, entries and exits', () => {
    const prev = new Map<string, string | null>([
      ['e1', 'A'],
      ['e2', 'B'],
      ['e3', 'B'],
      ['e4', 'D'],
      ['e5', 'C'],
      ['e6', 'C'],
    ]);
    const curr = new Map<string, string | null>([
      ['e1', 'B'],
      ['e2', 'B'],
      ['e3', 'A'],
      ['e4', 'C'],
      ['e5', null],
      ['e7', 'D'],
    ]);
    const m = migrationMatrix(prev, curr);
    expect(m.labels).toEqual(['A', 'B', 'C', 'D', NOT_RATED]);
    expect(m.counts).toEqual([
      [0, 1, 0, 0, 0],
      [1, 1, 0, 0, 0],
      [0, 0, 0, 0, 2],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 1, 0],
    ]);
    expect({ up: m.up, down: m.down, same: m.same, entered: m.entered, left: m.left }).toEqual({
      up: 2,
      down: 1,
      same: 1,
      entered: 1,
      left: 2,
    });
    expect(() => migrationMatrix(new Map([['x', 'E']]), new Map())).toThrow(/E/);
  });
});
