import { describe, expect, it } from 'vitest';
import { gradeWithinGroups, groupKey, runScheme, type AssessData } from '@gongfu/engine/assess';
import { cols, loadPreset } from './helpers.js';

// illustrative shares: A 20 %, B 40 %, C 30 %, D the rest (10 %)
const SHARES = [
  { grade: 'A', share: 0.2 },
  { grade: 'B', share: 0.4 },
  { grade: 'C', share: 0.3 },
  { grade: 'D', share: 0.1 },
];
const count = (g: (string | null)[], idx: number[]) =>
  idx.reduce<Record<string, number>>((m, i) => ((m[g[i] ?? '—'] = (m[g[i] ?? '—'] ?? 0) + 1), m), {});

describe('A/B/C/D by rank shares, separately per group', () => {
  // 10 规上 with scores 100…91 and 20 规下 with scores 60…41: ranked within their own group
  const scale = [...Array(10).fill('规上'), ...Array(20).fill('规下')] as string[];
  const score = [...Array.from({ length: 10 }, (_, i) => 100 - i), ...Array.from({ length: 20 }, (_, i) => 60 - i)];
  const above = [...Array(10).keys()];
  const belowAll = [...Array(20).keys()].map((i) => i + 10);
  it('shares hold within 规上 and within 规下', () => {
    const g = gradeWithinGroups(score, { type: 'shares', shares: SHARES }, { groups: scale });
    expect(count(g, above)).toEqual({ A: 2, B: 4, C: 3, D: 1 });
    expect(count(g, belowAll)).toEqual({ A: 4, B: 8, C: 6, D: 2 });
    // the best 规下 firm (60) is A although it is below every 规上 firm
    expect(g[10]).toBe('A');
  });
  it('a veto forces D and the others fill the shares', () => {
    const veto = new Uint8Array(30);
    veto[0] = 1; // best 规上 firm had a serious accident
    const g = gradeWithinGroups(score, { type: 'shares', shares: SHARES }, { groups: scale, force: [{ mask: veto, grade: 'D' }] });
    expect(g[0]).toBe('D');
    // 9 ranked: A ≤ 1.8 → 1, B ≤ 5.4 → 4, C ≤ 8.1 → 3, D 1; plus the vetoed one
    expect(count(g, above)).toEqual({ A: 1, B: 4, C: 3, D: 2 });
  });
  it('optionally per industry as well (group key 规上|17)', () => {
    const division = score.map((_, i) => (i % 2 ? '17' : '26'));
    const keys = groupKey(scale, division);
    expect(keys[0]).toBe('规上|26');
    const g = gradeWithinGroups(score, { type: 'shares', shares: SHARES }, { groups: keys });
    const group = (k: string) => keys.flatMap((x, i) => (x === k ? [i] : []));
    expect(count(g, group('规上|17'))).toEqual({ A: 1, B: 2, C: 1, D: 1 }); // 5: A ≤ 1, B ≤ 3, C ≤ 4.5
    expect(count(g, group('规下|26'))).toEqual({ A: 2, B: 4, C: 3, D: 1 });
  });
  it('by score thresholds, with different bands per group', () => {
    const g = gradeWithinGroups(
      [120, 90, 60, 40, 120, 90, 60, NaN],
      {
        type: 'bands',
        bands: [
          { grade: 'A', min: 110 },
          { grade: 'B', min: 80 },
          { grade: 'C', min: 50 },
        ],
        otherwise: 'D',
        bandsByGroup: {
          规下: [
            { grade: 'A', min: 100 },
            { grade: 'B', min: 60 },
            { grade: 'C', min: 30 },
          ],
        },
      },
      { groups: ['规上', '规上', '规上', '规上', '规下', '规下', '规下', '规下'] },
    );
    expect(g).toEqual(['A', 'B', 'C', 'D', 'A', 'B', 'B', null]);
  });
  it('the presets grade by shares per industry through the scheme itself (peerGroupBy)', () => {
    const scheme = { ...loadPreset('mujun-huangyan-below'), grading: { type: 'shares', shares: SHARES, peerGroupBy: 'division' } };
    const n = 20;
    const tax = Float64Array.from({ length: n }, (_, i) => 10 + i);
    const data: AssessData = {
      unitIds: Array.from({ length: n }, (_, i) => `e${i}`),
      values: { ...cols(Array.from({ length: n }, () => ({ land_mu: 1, electricity: 100 }))), tax },
      attributes: { division: Array.from({ length: n }, (_, i) => (i < 10 ? '17' : '18')) },
    };
    const g = runScheme(scheme, data).grade!;
    expect(count(g, [...Array(10).keys()])).toEqual({ A: 2, B: 4, C: 3, D: 1 });
    expect(g[9]).toBe('A'); // best of division 17
    expect(g[0]).toBe('D');
  });
});
