import { describe, expect, it } from 'vitest';
import { compareGroups } from '../../src/assess/group-compare.js';

describe('compareGroups', () => {
  const groups = ['先行村', '其他', '先行村', '其他', null, '其他'];
  const final = [80, 50, 70, null, 99, 60];
  const health = [60, 70, null, 40, 10, 70];
  const grades = ['示范', '达标', '示范', '培育', '示范', '达标'];

  it('means, counts and the gap to all other units, per series; grades counted per group', () => {
    const [pilot, other] = compareGroups(groups, { final, health }, { grades }); // sorted by name: 先 (U+5148) before 其
    expect(pilot).toEqual({
      group: '先行村',
      units: 2,
      series: { final: { n: 2, mean: 75, gap: 75 - 55 }, health: { n: 1, mean: 60, gap: 60 - 60 } },
      grades: { 示范: 2 },
    });
    expect(other!.group).toBe('其他');
    expect(other!.series.final).toEqual({ n: 2, mean: 55, gap: 55 - 75 });
    expect(other!.series.health).toEqual({ n: 3, mean: 60, gap: 0 });
    expect(other!.grades).toEqual({ 达标: 2, 培育: 1 });
  });

  it('leaves out units without a group and units outside `keep`', () => {
    const keep = [true, true, false, true, true, true];
    const [pilot] = compareGroups(groups, { final }, { keep });
    expect(pilot).toMatchObject({ units: 1, series: { final: { n: 1, mean: 80, gap: 80 - 55 } } });
    expect(compareGroups([null, null], { final: [1, 2] })).toEqual([]);
  });

  it('a group without values has a null mean and gap; a short series is refused', () => {
    const [a] = compareGroups(['a', 'b'], { x: [null, 3] });
    expect(a!.series.x).toEqual({ n: 0, mean: null, gap: null });
    expect(() => compareGroups(['a', 'b'], { x: [1] })).toThrow(/series "x"/);
  });
});
