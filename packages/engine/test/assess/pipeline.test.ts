import { describe, expect, it } from 'vitest';
import {
  AssessError,
  fromRecords,
  mulberry32,
  parseScheme,
  runScheme,
  sensitivity,
  whatIf,
  explainUnit,
  entropyWeights,
  treatColumn,
  checkSkewKurt,
  type AssessData,
  type SchemeInput,
} from '@gongfu/engine/assess';

const scheme: SchemeInput = {
  schemaVersion: 1,
  id: 'test',
  version: '1',
  name: '测试',
  denominators: { pop: { column: 'pop', scale: 10000 } },
  indicators: [
    { id: 'gdp', direction: 1, denominator: 'pop' },
    { id: 'income', direction: 1, target: 75000 },
    { id: 'ratio', direction: -1, target: 1.9 },
    { id: 'green', direction: 1 },
  ],
  nodes: [
    {
      id: 'econ',
      children: [
        { id: 'gdp', weight: 0.5 },
        { id: 'income', weight: 0.5 },
      ],
    },
    {
      id: 'soc',
      children: [
        { id: 'ratio', weight: 0.6 },
        { id: 'green', weight: 0.4 },
      ],
    },
    {
      id: 'index',
      children: [
        { id: 'econ', weight: 0.5 },
        { id: 'soc', weight: 0.5 },
      ],
    },
  ],
  root: 'index',
  grading: {
    type: 'bands',
    bands: [
      { grade: '优秀', min: 80 },
      { grade: '良好', min: 60 },
    ],
    otherwise: '一般',
  },
};

function makeData(n: number, seed = 7): AssessData {
  const r = mulberry32(seed);
  const col = (f: () => number) => Float64Array.from({ length: n }, f);
  return {
    unitIds: Array.from({ length: n }, (_, i) => `u${i}`),
    values: {
      gdp: col(() => 1e5 + r() * 1e6),
      pop: col(() => 1e4 + r() * 1e5),
      income: col(() => 40000 + r() * 50000),
      ratio: col(() => 1.5 + r()),
      green: col(() => r() * 100),
    },
    attributes: { city: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'A' : 'B')) },
  };
}

describe('runScheme', () => {
  it('scores every node, ranks and grades; arithmetic contributions add up to the score', () => {
    const data = makeData(30);
    const res = runScheme(scheme, data, { explain: true });
    expect(res.nodes).toEqual(['econ', 'soc', 'index']);
    expect(res.levels.index).toBe(3);
    const ranks = Array.from(res.rank).sort((a, b) => a - b);
    expect(ranks).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const top = res.rank.indexOf(1);
    expect(res.final[top]).toBe(Math.max(...res.final));
    for (const e of res.explanations!) {
      const sum = e.indicators.reduce((a, b) => a + b.contribution, 0);
      expect(sum).toBeCloseTo(e.score, 9);
      const obs = e.indicators.reduce((a, b) => a + b.obstacle, 0);
      expect(obs).toBeCloseTo(1, 9);
      if (e.rank > 1) expect(e.above!.scoreGap).toBeGreaterThan(0);
    }
    const inc = res.explanations![0].indicators.find((i) => i.indicator === 'income')!;
    expect(inc.gapToTarget).toBeCloseTo(75000 - data.values.income[0], 6);
    expect(res.grade!.every((g) => ['优秀', '良好', '一般'].includes(g!))).toBe(true);
    expect(Object.values(res.effectiveWeights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('is invariant to unit order', () => {
    const data = makeData(25);
    const perm = mulberry32(3);
    const idx = Array.from({ length: 25 }, (_, i) => i).sort(() => perm() - 0.5);
    const shuffled: AssessData = {
      unitIds: idx.map((i) => data.unitIds[i]),
      values: Object.fromEntries(Object.entries(data.values).map(([k, v]) => [k, Float64Array.from(idx, (i) => v[i])])),
    };
    const a = runScheme(scheme, data);
    const b = runScheme(scheme, shuffled);
    idx.forEach((i, k) => {
      expect(b.final[k]).toBeCloseTo(a.final[i], 12);
      expect(b.rank[k]).toBe(a.rank[i]);
    });
  });

  it('monotone: improving a higher-is-better indicator never lowers the score (arithmetic)', () => {
    const r = mulberry32(11);
    for (let t = 0; t < 50; t++) {
      const data = makeData(15, 100 + t);
      const u = Math.floor(r() * 15);
      const before = runScheme(scheme, data, { explain: false });
      const income = Float64Array.from(data.values.income);
      income[u] += r() * 30000;
      const after = runScheme(scheme, { ...data, values: { ...data.values, income } }, { explain: false });
      expect(after.final[u]).toBeGreaterThanOrEqual(before.final[u] - 1e-9);
      // and lowering a lower-is-better indicator never lowers it either
      const ratio = Float64Array.from(data.values.ratio);
      ratio[u] -= r() * 0.5;
      const after2 = runScheme(scheme, { ...data, values: { ...data.values, ratio } }, { explain: false });
      expect(after2.final[u]).toBeGreaterThanOrEqual(before.final[u] - 1e-9);
    }
  });

  it('weights are normalised at every node, whatever the method', () => {
    const s2 = structuredClone(scheme) as SchemeInput & { weighting?: unknown };
    for (const w of [{ method: 'entropy' }, { method: 'critic' }, { method: 'equal' }]) {
      const res = runScheme({ ...s2, weighting: w }, makeData(40));
      for (const nw of Object.values(res.weights)) expect(nw.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('trustedIds skips only the duplicate-id check; results are the same', () => {
    const data = makeData(50);
    const dup = { ...data, unitIds: data.unitIds.map((u, i) => (i === 40 ? 'u7' : u)) };
    expect(() => runScheme(scheme, dup)).toThrow(/u7/);
    expect(() => runScheme(scheme, dup, { trustedIds: true })).not.toThrow();
    const a = runScheme(scheme, data);
    const b = runScheme(scheme, data, { trustedIds: true });
    expect(Array.from(b.final)).toEqual(Array.from(a.final));
    expect(Array.from(b.rank)).toEqual(Array.from(a.rank));
  });

  it('one-pass first check and treated counts agree with the exact two-pass moments', () => {
    const r = mulberry32(8);
    const n = 20000;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 500 === 3 ? NaN : 1e6 + 30 * (r() + r() + r() - 1.5)));
    x[5] = 1e9; // an outlier far from the provisional centre x[0]
    x[0] = 1e6 - 5e3;
    const tr = treatColumn(x, { method: 'winsorise', winmax: 5 });
    const exact = checkSkewKurt(x);
    expect(tr.report.before.skew).toBeCloseTo(exact.skew, 8);
    expect(tr.report.before.kurt / exact.kurt).toBeCloseTo(1, 10);
    let flagged = 0;
    for (let i = 0; i < n; i++) if (tr.treated[i] !== 0) flagged++;
    expect(tr.nTreated).toBe(flagged);
    expect(tr.nTreated).toBeGreaterThan(0);
  });

  it('fused entropy sums give the same weights as computing them from the columns', () => {
    const data = makeData(500);
    data.values.income[5] = NaN; // exercise the missing-value path too
    const res = runScheme({ ...scheme, weighting: { method: 'entropy' } }, data);
    for (const node of res.nodes) {
      const nw = res.weights[node];
      const cols = nw.children.map((c) => res.normalised[c] ?? res.scores[c]);
      const direct = entropyWeights(cols);
      nw.shares.forEach((w, j) => expect(w).toBeCloseTo(direct[j], 13));
    }
  });

  it('node scores of a result stay right after later runs reuse the working memory', () => {
    const entropyScheme: SchemeInput = { ...scheme, weighting: { method: 'entropy' } };
    const first = runScheme(entropyScheme, makeData(40, 1));
    runScheme(entropyScheme, makeData(40, 2)); // overwrites the intermediate columns' memory
    const w = first.weights.index.used;
    const total = w[0] + w[1];
    for (let i = 0; i < 40; i++) {
      // the root is the weighted mean of the two intermediate scores the result reports
      expect(first.scores.index[i]).toBeCloseTo((w[0] * first.scores.econ[i] + w[1] * first.scores.soc[i]) / total, 10);
      const e = first.weights.econ.used;
      const gdp = first.normalised.gdp[i];
      const income = first.normalised.income[i];
      expect(first.scores.econ[i]).toBeCloseTo((e[0] * gdp + e[1] * income) / (e[0] + e[1]), 10);
    }
    expect(Object.keys({ ...first.scores })).toEqual(['econ', 'soc', 'index']);
  });

  it('supports per-level aggregation (TOPSIS at the top, geometric below)', () => {
    const res = runScheme(
      {
        ...scheme,
        normalise: { method: 'minmax', lower: 1, upper: 100 },
        aggregation: { default: { method: 'gmean' }, byLevel: { '3': { method: 'topsis', normalisation: 'vector' } } },
      },
      makeData(20),
    );
    for (const v of res.final) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of res.final) expect(v).toBeLessThanOrEqual(100);
    expect(res.explanations![0].additive).toBe(false);
  });

  it('imputes by group mean and by previous period, and reports change vs previous period', () => {
    const data = makeData(12);
    const income = Float64Array.from(data.values.income);
    income[0] = NaN;
    income[1] = NaN;
    const prevIncome = Float64Array.from(data.values.income, (v) => v * 0.9);
    const d2: AssessData = {
      ...data,
      values: { ...data.values, income },
      previous: { ...data.values, income: prevIncome },
    };
    const g = runScheme({ ...scheme, impute: { method: 'groupMean', groupBy: 'city' } }, d2);
    const groupA = [3, 6, 9].map((i) => income[i]);
    expect(g.base.income[0]).toBeCloseTo(groupA.reduce((a, b) => a + b) / 3, 9);
    expect(g.imputed.income).toBe(2);
    const p = runScheme({ ...scheme, impute: { method: 'previous' } }, d2);
    expect(p.base.income[1]).toBeCloseTo(prevIncome[1], 9);
    expect(p.change).toBeDefined();
    expect(p.change!.scoreDelta[5]).toBeCloseTo(p.final[5] - p.change!.previousScore[5], 12);
  });

  it('applies 加分/扣分 with caps and 一票否决', () => {
    const data = makeData(10);
    const awards = Float64Array.from([5, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const incident = Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const s: SchemeInput = {
      ...scheme,
      adjustments: [
        { id: 'awards', kind: 'bonus', rule: { type: 'column', column: 'awards', perUnit: 1 }, cap: 3 },
        { id: 'growth', kind: 'penalty', rule: { type: 'step', column: 'income', target: 75000, stepPct: 3, pointsPerStep: 1 }, cap: 6 },
      ],
      vetoes: [{ id: 'safety', column: 'incident', effect: { type: 'forceGrade', grade: '一般' } }],
    };
    const res = runScheme(s, { ...data, values: { ...data.values, awards, incident } });
    expect(res.bonus[0]).toBe(3);
    expect(res.bonus[2]).toBe(1);
    expect(res.grade![0]).toBe('一般');
    const inc = data.values.income[4];
    const expected = Math.min(6, Math.max(0, Math.floor((((75000 - inc) / 75000) * 100) / 3 + 1e-9)));
    expect(res.penalty[4]).toBe(expected);
    expect(res.final[4]).toBeCloseTo(res.scores.index[4] - expected, 12);
  });

  it('grades by rank shares within peer groups', () => {
    const res = runScheme(
      {
        ...scheme,
        grading: {
          type: 'shares',
          shares: [
            { grade: 'A', share: 0.2 },
            { grade: 'B', share: 0.5 },
            { grade: 'C', share: 0.3 },
          ],
          peerGroupBy: 'city',
        },
      },
      makeData(30),
    );
    const a = res.grade!.filter((g, i) => g === 'A' && i % 3 === 0).length;
    expect(a).toBe(2); // 10 units in group A → top 20 % = 2
    expect(res.grade!.filter((g) => g === 'A').length).toBe(2 + 4);
  });
});

describe('COINr availability example through the whole pipeline', () => {
  it('dat_thresh 2/3 → (1.666667, NA, 2); the NA unit is unranked and ungraded', () => {
    const res = runScheme(
      {
        schemaVersion: 1,
        id: 'avail',
        version: '1',
        name: 'COINr aggregate vignette',
        indicators: [{ id: 'i1' }, { id: 'i2' }, { id: 'i3' }],
        nodes: [{ id: 'agg', children: ['i1', 'i2', 'i3'], aggregation: { method: 'amean', datThresh: 2 / 3 } }],
        root: 'agg',
        normalise: { method: 'none' },
        grading: { type: 'bands', bands: [{ grade: 'A', min: 1.8 }], otherwise: 'B' },
      },
      {
        unitIds: ['r1', 'r2', 'r3'],
        values: { i1: Float64Array.of(1, 2, 3), i2: Float64Array.of(3, NaN, NaN), i3: Float64Array.of(1, NaN, 1) },
      },
    );
    expect(res.final[0]).toBeCloseTo(1.666667, 6);
    expect(Number.isNaN(res.final[1])).toBe(true);
    expect(res.final[2]).toBe(2);
    expect(Array.from(res.rank)).toEqual([2, NaN, 1]);
    expect(res.grade).toEqual(['B', null, 'A']);
    expect(res.explanations![0].above!.unitId).toBe('r3');
  });
});

describe('what-if and sensitivity', () => {
  it('what-if recomputes one unit without touching the inputs', () => {
    const data = makeData(20);
    const base = runScheme(scheme, data);
    const worst = base.rank.indexOf(Math.max(...base.rank));
    const before = data.values.income[worst];
    const w = whatIf(scheme, data, data.unitIds[worst], { income: 200000, green: 100 });
    expect(data.values.income[worst]).toBe(before);
    expect(w.after.score).toBeGreaterThan(w.before.score);
    expect(w.rankDelta).toBeGreaterThan(0);
    expect(w.before.score).toBeCloseTo(base.final[worst], 12);
  });

  it('seeded Monte Carlo: reproducible, reports applied and skipped alternatives', () => {
    const data = makeData(25);
    const opts = {
      runs: 100,
      seed: 42,
      weightShare: 0.2,
      normalisations: [{ method: 'zscore' as const, mean: 0, sd: 1, sdKind: 'sample' as const }, { method: 'rank' as const }],
      aggregations: [{ method: 'gmean' as const }, { method: 'topsis' as const, normalisation: 'minmax' as const, scale: 100 }],
    };
    const a = sensitivity(scheme, data, opts);
    const b = sensitivity(scheme, data, opts);
    expect(Array.from(a.medianRank)).toEqual(Array.from(b.medianRank));
    expect(a.applied.weights).toEqual({ share: 0.2 });
    expect(a.applied.normalisations).toEqual(['nominal(minmax)', 'zscore', 'rank']);
    expect(a.applied.aggregations).toEqual(['nominal', 'gmean', 'topsis']);
    for (let i = 0; i < 25; i++) {
      expect(a.lowRank[i]).toBeLessThanOrEqual(a.medianRank[i]);
      expect(a.medianRank[i]).toBeLessThanOrEqual(a.highRank[i]);
    }
    // gmean fails on min-max [0,100] data only if it also fails under z-score/rank: here rank works
    expect(a.runs + a.failedRuns).toBe(100);
  });

  it('explainUnit works for a single unit', () => {
    const data = makeData(10);
    const e = explainUnit(scheme, data, 'u3');
    expect(e.unitId).toBe('u3');
    expect(e.obstacles.length).toBe(4);
  });
});

describe('errors', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(AssessError);
      const ae = e as AssessError;
      expect(ae.zh.length).toBeGreaterThan(0);
      expect(ae.en.length).toBeGreaterThan(0);
      return ae.code;
    }
    return 'no error';
  };
  it('cycle', () => {
    const s = structuredClone(scheme);
    s.nodes = [...s.nodes, { id: 'loopA', children: ['loopB'] }, { id: 'loopB', children: ['loopA'] }];
    expect(code(() => parseScheme(s))).toBe('SCHEME_CYCLE');
  });
  it('weights not summing', () => {
    const s = structuredClone(scheme);
    s.nodes[0] = {
      id: 'econ',
      children: [
        { id: 'gdp', weight: 0.5 },
        { id: 'income', weight: 0.6 },
      ],
    };
    expect(code(() => parseScheme(s))).toBe('WEIGHTS_NOT_SUMMING');
  });
  it('unknown indicator', () => {
    const s = structuredClone(scheme);
    s.nodes[0] = {
      id: 'econ',
      children: [
        { id: 'gdp', weight: 0.5 },
        { id: 'incom', weight: 0.5 },
      ],
    };
    expect(code(() => parseScheme(s))).toBe('SCHEME_UNKNOWN_INDICATOR');
  });
  it('inconsistent AHP matrix is refused when the scheme is parsed (CR ≥ 0.1), unless forced', () => {
    const s = structuredClone(scheme);
    s.nodes[2] = {
      id: 'index',
      children: ['econ', 'soc', 'extra'],
      weighting: {
        method: 'ahp',
        matrix: [
          [1, 9, 1 / 9],
          [1 / 9, 1, 9],
          [9, 1 / 9, 1],
        ],
      },
    };
    s.nodes.push({ id: 'extra', children: [{ id: 'green', weight: 1 }] });
    s.nodes[1] = { id: 'soc', children: [{ id: 'ratio', weight: 1 }] };
    expect(code(() => parseScheme(s))).toBe('AHP_INCONSISTENT');
    (s.nodes[2] as { weighting: { force?: boolean } }).weighting.force = true;
    expect(parseScheme(s).scheme.root).toBe('index');
  });
  it('zod shape errors and wrong version', () => {
    expect(code(() => parseScheme({ ...scheme, indicators: [{ id: 'x', direction: 2 }] }))).toBe('SCHEME_INVALID');
    expect(code(() => parseScheme({ ...scheme, schemaVersion: 2 }))).toBe('SCHEME_VERSION');
  });
  it('all-missing column', () => {
    const data = makeData(5);
    expect(code(() => runScheme(scheme, { ...data, values: { ...data.values, green: new Float64Array(5).fill(NaN) } }))).toBe(
      'ALL_MISSING',
    );
  });
  it('zero variance under z-score', () => {
    const data = makeData(5);
    expect(
      code(() =>
        runScheme(
          { ...scheme, normalise: { method: 'zscore' } },
          { ...data, values: { ...data.values, green: new Float64Array(5).fill(3) } },
        ),
      ),
    ).toBe('ZERO_VARIANCE');
  });
  it('missing data column', () => {
    const data = makeData(5);
    const { green: _g, ...rest } = data.values;
    expect(code(() => runScheme(scheme, { ...data, values: rest }))).toBe('DATA_MISSING_COLUMN');
  });
  it('non-numeric cells with row and column', () => {
    let err: AssessError | undefined;
    try {
      fromRecords(
        [
          { id: 'a', x: '1,234.5', y: '12%' },
          { id: 'b', x: 'abc', y: '' },
          { id: 'c', x: '３', y: 'n/a?' },
        ],
        { idField: 'id' },
      );
    } catch (e) {
      err = e as AssessError;
    }
    expect(err?.code).toBe('DATA_NON_NUMERIC');
    expect(err?.details.cells).toEqual([
      { row: 2, column: 'x', value: 'abc' },
      { row: 3, column: 'y', value: 'n/a?' },
    ]);
    expect(err?.zh).toContain('第 2 行');
    expect(err?.en).toContain('row 2');
  });
  it('fromRecords parses good tables', () => {
    const d = fromRecords(
      [
        { id: 'a', x: '1,234.5', y: '12%', city: '绍兴' },
        { id: 'b', x: 7, y: '', city: null },
        { id: 'c', x: '３.5', y: '−2', city: '杭州' },
      ],
      { idField: 'id', attributeFields: ['city'] },
    );
    expect(Array.from(d.values.x)).toEqual([1234.5, 7, 3.5]);
    expect(Array.from(d.values.y)).toEqual([12, NaN, -2]);
    expect(d.attributes!.city).toEqual(['绍兴', null, '杭州']);
  });
});
