/** The seeded PRNG's outputs are pinned: demo data and sensitivity intervals are reproduced from them. */
import { describe, expect, it } from 'vitest';
import { fnv1a, mulberry32 } from '@gongfu/engine';
import { mulberry32 as fromAssess } from '@gongfu/engine/assess';

describe('random', () => {
  it('mulberry32 yields the same first values as ever', () => {
    const r = mulberry32(42);
    expect([r(), r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693]);
    const z = mulberry32(0);
    expect([z(), z()]).toEqual([0.26642920868471265, 0.0003297457005828619]);
  });

  it('seeds from a key through FNV-1a (the demos’ series keys)', () => {
    expect(fnv1a('town-annual:330603001000')).toBe(3294366775);
    expect(mulberry32(fnv1a('x:1'))()).toBe(0.9250194570049644);
  });

  it('is the one copy the assessment engine exports', () => {
    expect(fromAssess).toBe(mulberry32);
  });
});
