/** A section's class over a period: the arithmetic mean of each item over the period's samples, then GB 3838. */
import { describe, expect, it } from 'vitest';
import { waterPeriodClass, waterPeriodMean } from '@gongfu/engine/ecology';

describe('water class over a period', () => {
  it('means each item over the samples that measured it', () => {
    // nh3n (0.4 + 1.2) / 2 = 0.8; do only in the first sample → 6.5; tp (0.1 + 0.3) / 2 = 0.2
    expect(
      waterPeriodMean([
        { nh3n: 0.4, do: 6.5, tp: 0.1 },
        { nh3n: 1.2, do: null, tp: 0.3 },
      ]),
    ).toEqual({ nh3n: 0.8, do: 6.5, tp: 0.2 });
  });
  it('classes the means, not the worst sample', () => {
    // one sample is Ⅳ (nh3n 1.2 > 1.0) but the mean 0.8 is Ⅲ; tp mean 0.2 is Ⅲ (≤ 0.2); do 6.5 is Ⅱ
    const r = waterPeriodClass(
      [
        { nh3n: 0.4, do: 6.5, tp: 0.1 },
        { nh3n: 1.2, tp: 0.3 },
      ],
      { target: 2 },
    );
    expect(r.class).toBe(3);
    expect(r.worst).toEqual(['nh3n', 'tp']);
    expect(r.exceeding).toEqual(['nh3n', 'tp']);
    expect(r.samples).toBe(2);
  });
  it('no samples: no class (not Ⅰ)', () => {
    expect(waterPeriodClass([]).class).toBeNull();
  });
});
