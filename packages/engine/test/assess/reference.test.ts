import { describe, expect, it } from 'vitest';
import {
  aggregateRows,
  ahpWeights,
  bandCoefficient,
  checkSkewKurt,
  criticWeights,
  dist2Targ,
  efficacyBandScore,
  efficacyScore,
  entropyWeights,
  goalposts,
  kurt,
  minMax,
  percentileRank,
  borda,
  skew,
  topsis,
  treatColumn,
  winsorise,
  zScore,
  sd,
  mean,
} from '@gongfu/engine/assess';

/** Rows → column-major Float64Arrays. */
const cols = (rows: number[][]): Float64Array[] => rows[0].map((_, j) => Float64Array.from(rows.map((r) => r[j])));
const round = (xs: ArrayLike<number>, d: number) => Array.from(xs, (x) => Math.round(x * 10 ** d) / 10 ** d);

describe('entropy weights', () => {
  it('pymcdm fixture (Elsayed et al. 2017)', () => {
    const m = [
      [7, 312, 1891, 6613, 163],
      [72, 88, 728, 941804, 1078],
      [10, 252, 2594, 3466, 117471],
      [10, 145, 980, 2371, 86329],
      [65, 54, 350, 501, 29897],
      [29, 48, 380, 912, 34051],
      [7, 476, 3300, 78470, 2212],
      [70, 87, 650, 733, 819000],
      [4, 86, 591, 3015, 103],
      [12, 79, 579, 3240, 96098],
      [21, 45, 261, 1253, 453],
      [1, 72, 530, 4333, 0.1048],
    ];
    expect(round(entropyWeights(cols(m)), 6)).toEqual([0.104991, 0.069124, 0.071373, 0.449937, 0.304575]);
  });
  it('scikit-criteria fixture [[1,2],[4,16]]', () => {
    expect(
      round(
        entropyWeights(
          cols([
            [1, 2],
            [4, 16],
          ]),
        ),
        6,
      ),
    ).toEqual([0.358889, 0.641111]);
  });
  it('zero-share conventions are explicit (min-max data of the Elsayed matrix)', () => {
    const x = cols([
      [0, 1],
      [1, 0],
      [0.5, 0.5],
    ]);
    const pym = entropyWeights(x, { zeroShares: 'pymcdm' });
    expect(round(pym, 6)).toEqual([0.5, 0.5]);
    const zt = entropyWeights(x);
    expect(zt[0] + zt[1]).toBeCloseTo(1, 12);
  });
});

describe('CRITIC weights', () => {
  it('pymcdm fixture (Tuş & Adalı 2019)', () => {
    const m = [
      [5000, 3, 3, 4, 3, 2],
      [680, 5, 3, 2, 2, 1],
      [2000, 3, 2, 3, 4, 3],
      [600, 4, 3, 1, 2, 2],
      [800, 2, 4, 3, 3, 4],
    ];
    expect(round(criticWeights(cols(m)), 3)).toEqual([0.157, 0.249, 0.168, 0.121, 0.154, 0.151]);
  });
  it('scikit-criteria fixture (Diakoulaki et al. 1995), same weights with population SD', () => {
    const m = [
      [61, 1.08, 4.33],
      [20.7, 0.26, 4.34],
      [16.3, 1.98, 2.53],
      [9, 3.29, 1.65],
      [5.4, 2.77, 2.33],
      [4, 4.12, 1.21],
      [-6.1, 3.52, 2.1],
      [-34.6, 3.31, 0.98],
    ];
    expect(round(criticWeights(cols(m)), 8)).toEqual([0.20222554, 0.48090173, 0.31687273]);
    expect(round(criticWeights(cols(m), { sdKind: 'population' }), 8)).toEqual([0.20222554, 0.48090173, 0.31687273]);
  });
});

describe('AHP', () => {
  const A = [
    [1, 4, 3, 1, 3, 4],
    [1 / 4, 1, 7, 3, 1 / 5, 1],
    [1 / 3, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 6],
    [1, 1 / 3, 5, 1, 1, 1 / 3],
    [1 / 3, 5, 5, 1, 1, 3],
    [1 / 4, 1, 6, 3, 1 / 3, 1],
  ];
  it('eigenvector weights (Wang & Chin 2011, pymcdm fixture)', () => {
    const r = ahpWeights(A, { force: true });
    expect(round(r.weights, 4)).toEqual([0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391]);
    expect(r.lambdaMax).toBeCloseTo(7.4199, 3);
    expect(r.cr).toBeCloseTo(0.229, 3); // Saaty RI 1.24
    expect(ahpWeights(A, { force: true, ri: 'tummala-ling' }).cr).toBeCloseTo(0.2298, 3);
  });
  it('refuses CR ≥ 0.1 unless forced', () => {
    expect(() => ahpWeights(A)).toThrowError(expect.objectContaining({ code: 'AHP_INCONSISTENT' }));
  });
  it('a consistent matrix passes with CR ≈ 0', () => {
    const r = ahpWeights([
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 4, 1 / 2, 1],
    ]);
    expect(r.cr).toBeLessThan(1e-9);
    expect(round(r.weights, 6)).toEqual(round([4 / 7, 2 / 7, 1 / 7], 6));
  });
});

describe('TOPSIS', () => {
  it('pymcdm fixture with min-max normalisation (Opricovic & Tzeng 2004)', () => {
    const c = topsis(
      cols([
        [1, 3000],
        [2, 3750],
        [5, 4500],
      ]),
      [0.5, 0.5],
      { types: [-1, 1], normalisation: 'minmax' },
    );
    expect(round(c, 3)).toEqual([0.5, 0.617, 0.5]);
  });
  it('scikit-criteria fixture with vector normalisation (Tzeng & Huang 2011)', () => {
    const c = topsis(
      cols([
        [5, 8, 4],
        [7, 6, 8],
        [8, 8, 6],
        [7, 4, 6],
      ]),
      [0.3, 0.4, 0.3],
      { normalisation: 'vector' },
    );
    expect(round(c, 4)).toEqual([0.5037, 0.6581, 0.7482, 0.334]);
  });
});

describe('功效系数法', () => {
  it('single threshold: 5.81 with 满意值 12 / 不允许值 6 → 58.73', () => {
    expect(Math.round(efficacyScore(5.81, 12, 6) * 100) / 100).toBe(58.73);
  });
  it('five bands: coefficient 90 % between 80 % and 100 % is 0.5', () => {
    expect(bandCoefficient(0.9, 0.8, 1.0)).toBeCloseTo(0.5, 12);
    // weight 20, standards 优秀 1.0 / 良好 0.8 / 平均 0.6 / 较低 0.4 / 较差 0.2
    const st = [1.0, 0.8, 0.6, 0.4, 0.2];
    expect(efficacyBandScore(0.9, st, undefined, 20)).toBeCloseTo(16 + 0.5 * 4, 12);
    expect(efficacyBandScore(1.2, st, undefined, 20)).toBe(20);
    expect(efficacyBandScore(0.1, st, undefined, 20)).toBe(0);
    // lower-is-better standards (ascending numbers) mirror the scale
    expect(efficacyBandScore(0.3, [0.2, 0.4, 0.6, 0.8, 1.0], undefined, 20)).toBeCloseTo(efficacyBandScore(0.9, st, undefined, 20), 12);
  });
});

describe('COINr outlier treatment', () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100]);
  it('skew/kurtosis (e1071 type 2) of c(1:10, 30, 100)', () => {
    expect(skew(x)).toBeCloseTo(3.063241, 6);
    expect(kurt(x)).toBeCloseTo(9.741391, 6);
  });
  it('winsorisation brings it to 1.712038 / 1.815781', () => {
    const w = winsorise(x, { winmax: 5 });
    expect(w.check.skew).toBeCloseTo(1.712038, 6);
    expect(w.check.kurt).toBeCloseTo(1.815781, 6);
    expect(w.nwin).toBe(1);
    expect(Array.from(w.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 30]);
    expect(Array.from(w.treated).slice(-1)).toEqual([1]);
  });
  it('test-treat.R: c(1:10, 100) with winmax 5 → the 100 becomes 10', () => {
    const y = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100]);
    expect(checkSkewKurt(y).pass).toBe(false);
    const t = treatColumn(y, { method: 'winsorise', winmax: 5 });
    expect(Array.from(t.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
    expect(t.report.after.pass).toBe(true);
  });
  it('test-treat.R: c(1:20, 100, 200) with winmax 1 fails, log fallback gives log_CT of the original', () => {
    const y = Float64Array.from([...Array.from({ length: 20 }, (_, i) => i + 1), 100, 200]);
    const w = winsorise(y, { winmax: 1 });
    expect(w.check.pass).toBe(false);
    const t = treatColumn(y, { method: 'winsorise', winmax: 1 });
    expect(t.report.applied).toBe('logCT');
    const a = 0.01 * (200 - 1);
    expect(t.x[0]).toBeCloseTo(Math.log(1 - 1 + a), 12);
    expect(t.x[21]).toBeCloseTo(Math.log(200 - 1 + a), 12);
  });
  it('test-treat.R: force_win with winmax 3 treats exactly 3 points', () => {
    const y = Float64Array.from([...Array.from({ length: 20 }, (_, i) => i + 1), 100, 200]);
    const w = winsorise(y, { winmax: 3, forceWin: true });
    expect(w.nwin).toBe(3);
  });
});

describe('COINr aggregation and normalisation', () => {
  it('data-availability threshold example → c(1.666667, NA, 2)', () => {
    const i1 = Float64Array.from([1, 2, 3]);
    const i2 = Float64Array.from([3, NaN, NaN]);
    const i3 = Float64Array.from([1, NaN, 1]);
    const y = aggregateRows([i1, i2, i3], [1, 1, 1], 'amean', 2 / 3);
    expect(y[0]).toBeCloseTo(1.666667, 6);
    expect(Number.isNaN(y[1])).toBe(true);
    expect(y[2]).toBe(2);
  });
  it('test-aggregate.R: gmean and hmean', () => {
    const x = [Float64Array.of(1), Float64Array.of(2), Float64Array.of(3)];
    expect(aggregateRows(x, [1, 1, 1], 'gmean')[0]).toBeCloseTo(Math.cbrt(6), 12);
    expect(aggregateRows(x, [1, 1, 2], 'gmean')[0]).toBeCloseTo((1 * 2 * 9) ** (1 / 4), 12);
    expect(aggregateRows(x, [2, 1, 1], 'hmean')[0]).toBeCloseTo(4 / (2 / 1 + 1 / 2 + 1 / 3), 12);
    expect(() => aggregateRows([Float64Array.of(0), Float64Array.of(1)], [1, 1], 'gmean')).toThrowError(
      expect.objectContaining({ code: 'NON_POSITIVE_VALUES' }),
    );
  });
  it('test-normalise.R: minmax, zscore, dist2targ, goalposts, borda', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    const mm = minMax(x, 1, 2, 7);
    expect(Math.min(...mm)).toBe(2);
    expect(Math.max(...mm)).toBe(7);
    const z = zScore(x, 1, 5, 2);
    expect(mean(z)).toBeCloseTo(5, 12);
    expect(sd(z)).toBeCloseTo(2, 12);
    expect(round(dist2Targ(Float64Array.of(0, 5, 11), 10), 12)).toEqual([0, 0.5, 1.1]);
    expect(round(dist2Targ(Float64Array.of(0, 5, 11), 10, 1, true), 12)).toEqual([0, 0.5, 1]);
    expect(round(dist2Targ(Float64Array.of(-1, 1, 10), 0, -1), 12)).toEqual([1.1, 0.9, 0]);
    expect(round(dist2Targ(Float64Array.of(-1, 1, 10), 0, -1, true), 12)).toEqual([1, 0.9, 0]);
    expect(goalposts(Float64Array.of(1, 11, -1), 0, 10, 1)).toEqual(Float64Array.of(0.1, 1, 0));
    expect(round(goalposts(Float64Array.of(1, -1, 11), 0, 10, 1, -1), 12)).toEqual([0.9, 1, 0]);
    expect(Array.from(borda(x))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const flipped = minMax(x, -1);
    expect(flipped[0]).toBe(100);
    expect(flipped[9]).toBe(0);
    expect(percentileRank(x)[9]).toBe(1);
  });
});

/** Literal transcription of COINr's winsorise() loop, as the oracle for the one-pass version. */
function coinrWinsorise(x0: number[], winmax: number, st = 2, kt = 3.5): { x: number[]; nwin: number } {
  const x = [...x0];
  const sk = (v: number[]) => ({ s: skew(Float64Array.from(v)), k: kurt(Float64Array.from(v)) });
  const pass = (v: number[]) => {
    const { s, k } = sk(v);
    return Math.abs(s) < st || k < kt;
  };
  let passing = pass(x);
  let nwin = 0;
  let imax: number[] = [];
  let imin: number[] = [];
  while (!passing && nwin < winmax) {
    if (sk(x).s >= 0) {
      const mx = Math.max(...x);
      imax = x.flatMap((v, i) => (v === mx ? [i] : []));
      const rest = Math.max(...x.filter((_, i) => !imax.includes(i)));
      for (const i of imax) x[i] = rest;
    } else {
      const mn = Math.min(...x);
      imin = x.flatMap((v, i) => (v === mn ? [i] : []));
      const rest = Math.min(...x.filter((_, i) => !imin.includes(i)));
      for (const i of imin) x[i] = rest;
    }
    nwin = imax.length + imin.length;
    passing = pass(x);
  }
  return { x, nwin };
}

describe('one-pass winsorisation equals the COINr loop', () => {
  it('on random skewed data with ties, both tails', async () => {
    const { mulberry32 } = await import('@gongfu/engine/assess');
    const r = mulberry32(5);
    for (let t = 0; t < 300; t++) {
      const n = 8 + Math.floor(r() * 40);
      const sign = r() < 0.5 ? 1 : -1;
      const x = Array.from({ length: n }, () => (sign * Math.round(Math.exp(3 * r() * r() * r()) * 4)) / 4);
      const winmax = 1 + Math.floor(r() * 8);
      const ref = coinrWinsorise(x, winmax);
      const got = winsorise(Float64Array.from(x), { winmax });
      expect(Array.from(got.x)).toEqual(ref.x);
      expect(got.nwin).toBe(ref.nwin);
    }
  });
});

describe('large-n winsorisation (O(k) steps from bulk sums) equals the COINr loop', () => {
  it('n = 3000, heavy tails and gross outliers', async () => {
    const { mulberry32 } = await import('@gongfu/engine/assess');
    const r = mulberry32(77);
    for (let t = 0; t < 12; t++) {
      const n = 3000;
      const x = Array.from({ length: n }, () => Math.round(Math.exp(2 * r() * r()) * 1000) / 100);
      if (t % 2) for (let k = 0; k < 3; k++) x[Math.floor(r() * n)] = (t % 4 === 1 ? -1 : 1) * 10 ** (4 + k);
      const winmax = 2 + (t % 6);
      const ref = coinrWinsorise(x, winmax);
      const got = winsorise(Float64Array.from(x), { winmax });
      expect(got.nwin).toBe(ref.nwin);
      expect(Array.from(got.x)).toEqual(ref.x);
      expect(got.check.skew).toBeCloseTo(skew(Float64Array.from(ref.x)), 9);
      expect(got.check.kurt).toBeCloseTo(kurt(Float64Array.from(ref.x)), 9);
    }
  });
});

describe('imputation, denomination, quantiles, ranks', () => {
  it('COINr i_median / i_mean / group mean with a null group', async () => {
    const { impute } = await import('@gongfu/engine/assess');
    const x = Float64Array.of(1, 2, 3, 4, NaN);
    expect(Array.from(impute(x, { method: 'median' }).x)).toEqual([1, 2, 3, 4, 2.5]);
    expect(Array.from(impute(x, { method: 'mean' }).x)).toEqual([1, 2, 3, 4, 2.5]);
    const g = impute(Float64Array.of(1, NaN, 10, NaN, NaN), { method: 'groupMean' }, { groups: ['a', 'a', 'b', 'b', null] });
    expect(Array.from(g.x)).toEqual([1, 1, 10, 10, NaN]);
    expect(g.filled).toBe(2);
  });
  it('denomination: x / (d / scale), zero denominator → missing', async () => {
    const { denominate } = await import('@gongfu/engine/assess');
    expect(Array.from(denominate(Float64Array.of(100, 50, 7), Float64Array.of(20000, 0, NaN), 10000))).toEqual([50, NaN, NaN]);
  });
  it('quantile (R type 7) and tie rules', async () => {
    const { quantile, rankAscending, rankDescending } = await import('@gongfu/engine/assess');
    expect(quantile(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
    expect(quantile(Float64Array.of(1, 2, 3, 4, NaN), 0.05)).toBeCloseTo(1.15, 12);
    const x = Float64Array.of(10, 20, 20, 30, NaN);
    expect(Array.from(rankDescending(x, 'min'))).toEqual([4, 2, 2, 1, NaN]);
    expect(Array.from(rankDescending(x, 'max'))).toEqual([4, 3, 3, 1, NaN]);
    expect(Array.from(rankDescending(x, 'average'))).toEqual([4, 2.5, 2.5, 1, NaN]);
    expect(Array.from(rankDescending(x, 'dense'))).toEqual([3, 2, 2, 1, NaN]);
    expect(Array.from(rankDescending(x, 'first'))).toEqual([4, 2, 3, 1, NaN]);
    expect(Array.from(rankAscending(x, 'min'))).toEqual([1, 2, 2, 4, NaN]);
  });
  it('bucket-sort ranks equal a comparison sort on awkward data', async () => {
    const { rankDescending, mulberry32 } = await import('@gongfu/engine/assess');
    const r = mulberry32(3);
    const x = Float64Array.from({ length: 20000 }, (_, i) =>
      i % 7 === 0 ? 1e12 : i % 5 === 0 ? -3 : Math.round(Math.exp(8 * r()) * 10) / 10,
    );
    const got = rankDescending(x, 'min');
    const sorted = Array.from(x).sort((a, b) => b - a);
    const firstPos = new Map<number, number>();
    sorted.forEach((v, i) => {
      if (!firstPos.has(v)) firstPos.set(v, i + 1);
    });
    for (let i = 0; i < x.length; i++) expect(got[i]).toBe(firstPos.get(x[i]));
  });
  it('quantised-key ranks equal a brute-force ranking for every tie rule (ties, NaN, near-equal values, both directions)', async () => {
    const { rankAscending, rankDescending, mulberry32 } = await import('@gongfu/engine/assess');
    const r = mulberry32(11);
    const n = 5000;
    // many exact ties, values closer than the 32-bit key resolution, negative zero, missing values
    const x = Float64Array.from({ length: n }, (_, i) =>
      i % 101 === 0 ? NaN : i % 7 === 0 ? Math.round(r() * 20) : i % 11 === 0 ? 50 + (i % 3) * 1e-12 : i % 13 === 0 ? -0 : r() * 100,
    );
    const brute = (desc: boolean, ties: 'min' | 'max' | 'average' | 'dense' | 'first') => {
      const idx = Array.from({ length: n }, (_, i) => i).filter((i) => x[i] === x[i]);
      idx.sort((a, b) => (desc ? x[b] - x[a] : x[a] - x[b]) || a - b);
      const out = new Array<number>(n).fill(NaN);
      let dense = 0;
      for (let p = 0; p < idx.length;) {
        let q = p + 1;
        while (q < idx.length && x[idx[q]] === x[idx[p]]) q++;
        dense++;
        for (let k = p; k < q; k++)
          out[idx[k]] =
            ties === 'min' ? p + 1 : ties === 'max' ? q : ties === 'average' ? (p + 1 + q) / 2 : ties === 'dense' ? dense : k + 1;
        p = q;
      }
      return out;
    };
    for (const ties of ['min', 'max', 'average', 'dense', 'first'] as const) {
      expect(Array.from(rankDescending(x, ties))).toEqual(brute(true, ties));
      expect(Array.from(rankAscending(x, ties))).toEqual(brute(false, ties));
    }
  });
});
