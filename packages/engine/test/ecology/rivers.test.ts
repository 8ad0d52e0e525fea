/** 河长制 patrol completion and GB 3838-2002 water-quality classes on hand-computed samples. */
import { describe, expect, it } from 'vitest';
import { itemClass, patrolCompletion, sumPatrolTallies, waterClass } from '@gongfu/engine/ecology';

describe('patrol completion', () => {
  it('counts at most one patrol per period, the short last period included', () => {
    // 30 days, weekly → periods 0–6, 7–13, 14–20, 21–27, 28–29: expected 5
    // patrols on days 1, 3 (same period), 8, 29 → periods 0, 1, 4 → done 3 → 60 %
    expect(patrolCompletion([1, 3, 8, 29, 40, -2], 0, 29, 7)).toEqual({ expected: 5, done: 3, rate: 60 });
    // ten-day rule over 31 days: expected 4 (0–9, 10–19, 20–29, 30); patrol on day 30 only → 25 %
    expect(patrolCompletion([30], 100, 130, 10).rate).toBe(100 * 0); // day 30 is outside 100–130
    expect(patrolCompletion([130], 100, 130, 10)).toEqual({ expected: 4, done: 1, rate: 25 });
    expect(patrolCompletion([], 0, 29, 30)).toEqual({ expected: 1, done: 0, rate: 0 });
  });
  it('a group is Σ done / Σ expected, not the mean of rates', () => {
    // 3/5 and 1/1 → 4/6 = 66.7 % (the mean of rates would be 80 %)
    expect(sumPatrolTallies([patrolCompletion([1, 3, 8, 29], 0, 29, 7), patrolCompletion([5], 0, 29, 30)])).toEqual({
      expected: 6,
      done: 4,
      rate: 66.7,
    });
    expect(sumPatrolTallies([]).rate).toBeNull();
  });
  it('refuses a bad period', () => {
    expect(() => patrolCompletion([], 0, 9, 0)).toThrow(/period/);
    expect(() => patrolCompletion([], 9, 0, 7)).toThrow(/span/);
  });
});

describe('GB 3838-2002 classes', () => {
  it('takes the best class whose limit the value meets, limits inclusive', () => {
    expect(itemClass('nh3n', 0.15)).toBe(1);
    expect(itemClass('nh3n', 0.16)).toBe(2);
    expect(itemClass('nh3n', 1.0)).toBe(3);
    expect(itemClass('nh3n', 2.0)).toBe(5);
    expect(itemClass('nh3n', 2.01)).toBe(6);
    // COD: I and II share 15 → 15 is class I
    expect(itemClass('cod', 15)).toBe(1);
    expect(itemClass('cod', 15.1)).toBe(3);
    // dissolved oxygen is "at least"
    expect(itemClass('do', 7.5)).toBe(1);
    expect(itemClass('do', 5.9)).toBe(3);
    expect(itemClass('do', 1.9)).toBe(6);
    // pH 6–9 for every class
    expect(itemClass('ph', 6)).toBe(1);
    expect(itemClass('ph', 9.1)).toBe(6);
    // TP: river vs lake limits
    expect(itemClass('tp', 0.05)).toBe(2);
    expect(itemClass('tp', 0.05, { lake: true })).toBe(3);
  });
  it('the worst rated item decides; TN and fecal coliform are not rated for rivers', () => {
    // DO 6.2 (II), CODMn 4.5 (III), NH3-N 1.2 (IV), TP 0.18 (III), TN 3.0 (劣V, not rated) → IV by NH3-N
    const r = waterClass({ do: 6.2, codmn: 4.5, nh3n: 1.2, tp: 0.18, tn: 3.0, ph: 7.4 }, { target: 3 });
    expect(r.class).toBe(4);
    expect(r.worst).toEqual(['nh3n']);
    expect(r.exceeding).toEqual(['nh3n']);
    expect(r.items.tn).toBe(6);
    // lake: TN rated → 劣V
    expect(waterClass({ do: 6.2, tn: 3.0 }, { lake: true }).class).toBe(6);
    // ties: COD 25 (IV) and BOD5 5 (IV) both worst
    expect(waterClass({ cod: 25, bod5: 5, nh3n: 0.4 }).worst).toEqual(['cod', 'bod5']);
    expect(waterClass({}).class).toBeNull();
    expect(() => waterClass({ nh3n: -1 })).toThrow(/氨氮/);
  });
});
