import { describe, expect, it } from 'vitest';
import { districtFigures, type RatedFirm } from '../src/mujun/index.js';

const firm = (
  region: string,
  scale: RatedFirm['scale'],
  cls: RatedFirm['class'],
  landMu: number | null,
  tax: number | null,
  va: number | null,
): RatedFirm => ({
  region,
  scale,
  class: cls,
  landMu,
  tax,
  valueAdded: va,
});

describe('districtFigures', () => {
  it('gives each town and the county ratio-of-totals per mu, the A share, D count and C/D land', () => {
    const firms = [
      firm('T1', 'above', 'A', 10, 300, 1500),
      firm('T1', 'above', 'D', 30, 60, 600),
      firm('T1', 'below', 'C', 5, 20, null),
      firm('T2', 'above', 'B', 20, 400, null),
      firm('T2', 'below', null, 50, 1, null), // not rated: counted nowhere
    ];
    const f = districtFigures(firms, 'K');
    // T1: tax (300 + 60) / (10 + 30) = 9; value added (1500 + 600) / 40 = 52.5; A 1 of 3; D 1; C/D land 30 + 5
    expect(f.get('T1')).toEqual({ taxPerMuAbove: 9, valueAddedPerMuAbove: 52.5, shareA: (1 / 3) * 100, countD: 1, landCD: 35, rated: 3 });
    // county: tax 760 / 60; value added only where reported: 2100 / 40
    expect(f.get('K')).toEqual({ taxPerMuAbove: 760 / 60, valueAddedPerMuAbove: 2100 / 40, shareA: 25, countD: 1, landCD: 35, rated: 4 });
    expect(f.get('T2')!.valueAddedPerMuAbove).toBeNull();
    expect([...f.keys()]).toEqual(['T1', 'T2', 'K']);
  });
});
