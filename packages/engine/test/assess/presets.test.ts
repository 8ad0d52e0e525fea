import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PRESETS, mulberry32, parseScheme, runScheme, sensitivity, type AssessData, type Plan } from '@gongfu/engine/assess';

const presetDir = fileURLToPath(new URL('../../src/assess/', import.meta.url));
const load = (file: string): unknown => JSON.parse(readFileSync(presetDir + file, 'utf8'));

/** Synthetic (random, clearly fake) data for every column a scheme reads. */
function synthetic(plan: Plan, unitIds: string[], attributes: Record<string, (string | null)[]>, seed: number): AssessData {
  const r = mulberry32(seed);
  const n = unitIds.length;
  const values: Record<string, Float64Array> = {};
  const cols = new Set<string>();
  for (const ind of plan.indicators) cols.add(ind.column ?? ind.id);
  for (const d of Object.values(plan.scheme.denominators)) cols.add(d.column);
  const counts = new Set<string>();
  for (const a of plan.scheme.adjustments) (a.rule.type === 'column' ? counts : cols).add(a.rule.column);
  for (const v of plan.scheme.vetoes) counts.add(v.column);
  for (const c of cols) {
    const ind = plan.indicators.find((i) => (i.column ?? i.id) === c);
    const t = ind?.target ?? 50;
    values[c] = Float64Array.from({ length: n }, () => t * (0.6 + 0.6 * r()));
  }
  for (const c of counts) values[c] = Float64Array.from({ length: n }, () => (r() < 0.15 ? 1 + Math.floor(r() * 3) : 0));
  return { unitIds, values, attributes };
}

const towns = [
  '柯桥街道',
  '柯岩街道',
  '华舍街道',
  '湖塘街道',
  '齐贤街道',
  '福全街道',
  '安昌街道',
  '兰亭街道',
  '钱清街道',
  '杨汛桥街道',
  '马鞍街道',
  '平水镇',
  '王坛镇',
  '稽东镇',
  '漓渚镇',
  '夏履镇',
];
const platforms = ['柯桥经济技术开发区', '杭绍临空经济一体化发展示范区绍兴片区', '兰亭文化旅游度假区', '鉴湖旅游度假区', '中国轻纺城'];

describe('bundled presets', () => {
  it('are all labelled illustrative, parse, and say what is not official', () => {
    expect(PRESETS).toHaveLength(6);
    for (const p of PRESETS) {
      const plan = parseScheme(load(p.file));
      expect(plan.scheme.illustrative).toBe(true);
      expect(plan.scheme.id).toBe(p.id);
      expect(JSON.stringify(plan.scheme.disclaimer)).toMatch(/示意/);
    }
    const zj = parseScheme(load(PRESETS[0].file)).scheme;
    expect(JSON.stringify(zj.disclaimer)).toContain('未公开');
    expect(zj.nodes.find((n) => n.id === 'index')!.children.map((c) => (typeof c === 'string' ? c : c.id))).toEqual([
      'prosperity',
      'spirit',
      'environment',
      'harmony',
      'services',
    ]);
    const targets = Object.fromEntries(zj.indicators.filter((i) => i.target !== undefined).map((i) => [i.id, i.target]));
    expect(targets).toMatchObject({ income_pc: 75000, urban_rural_ratio: 1.9, gdp_pc: 130000, middle_income: 80 });
  });

  it('Zhejiang 90 counties runs end to end on synthetic data, with peer ranks and vetoes', () => {
    const plan = parseScheme(load(PRESETS[0].file));
    const ids = Array.from({ length: 90 }, (_, i) => `county-${String(i + 1).padStart(2, '0')}`);
    const data = synthetic(
      plan,
      ids,
      {
        设区市: ids.map((_, i) => `city-${i % 11}`),
        县域类型: ids.map((_, i) => (i < 26 ? '山区26县' : '其他')),
      },
      1,
    );
    data.values['居民人均可支配收入'][3] = NaN; // imputed by 设区市 group mean
    const res = runScheme(plan, data);
    expect(res.final.every((v) => v >= 0 && v <= 100)).toBe(true);
    expect(res.imputed.income_pc).toBe(1);
    expect(res.peerRank).toBeDefined();
    const vetoed = res.vetoes.major_accident;
    res.grade!.forEach((g, i) => {
      if (vetoed[i]) expect(g).toBe('一般');
    });
    expect(res.explanations).toHaveLength(90);
  });

  it('Keqiao 16 镇街 runs with AHP top-level weights and peer-group grade shares', () => {
    const plan = parseScheme(load(PRESETS[1].file));
    const type = towns.map((t) => (t.endsWith('镇') ? '镇' : '街道'));
    const data = synthetic(plan, towns, { 类型: type }, 2);
    for (const v of ['较大事故数', '重大群体性事件']) data.values[v].fill(0);
    const res = runScheme(plan, data);
    expect(res.weights.total.method).toBe('ahp');
    expect(res.weights.total.ahp!.cr).toBeLessThan(0.1);
    // 11 街道: top 30 % → rank ≤ 3.3 → 3 一类; 5 镇: rank ≤ 1.5 → 1 一类
    const first = res.grade!.map((g, i) => (g === '一类' ? type[i] : null)).filter(Boolean);
    expect(first.filter((t) => t === '街道').length).toBe(3);
    expect(first.filter((t) => t === '镇').length).toBe(1);
    const sa = sensitivity(plan, data, { runs: 60, seed: 9, weightShare: 0.25 });
    expect(sa.applied.weights).toEqual({ share: 0.25 });
  });

  it('five platforms monthly 赛比: one red flag, one yellow flag', () => {
    const plan = parseScheme(load(PRESETS[2].file));
    const data = synthetic(plan, platforms, {}, 3);
    data.values['亡人事故数'].fill(0);
    const res = runScheme(plan, data);
    expect(res.grade!.filter((g) => g === '红旗')).toHaveLength(1);
    expect(res.grade!.filter((g) => g === '黄旗')).toHaveLength(1);
    expect(res.grade![res.rank.indexOf(1)]).toBe('红旗');
  });
});

describe('亩均效益 benchmark scoring (Huangyan 2022 规上 formula)', () => {
  it('Σ value/benchmark × weight with a 1.5 × weight cap and floor 0', () => {
    const bench = [
      ['tax', 24.097, 30],
      ['va', 136.16, 20],
      ['energy', 2.694, 20],
      ['emission', 4929.81, 10],
      ['labour', 18.14, 10],
      ['rd', 0.0302, 10],
    ] as const;
    const scheme = {
      schemaVersion: 1,
      id: 'mujun',
      version: '1',
      name: '亩均效益（示意）',
      illustrative: true,
      indicators: bench.map(([id, b, w]) => ({ id, normalise: { method: 'benchmark', benchmark: b, points: w, cap: 1.5, floor: 0 } })),
      nodes: [{ id: 'score', children: bench.map(([id]) => id) }],
      root: 'score',
      aggregation: { default: { method: 'sum' } },
      grading: {
        type: 'bands',
        bands: [
          { grade: 'A', min: 100 },
          { grade: 'B', min: 80 },
          { grade: 'C', min: 60 },
        ],
        otherwise: 'D',
      },
    };
    const e1 = [30, 150, 2, 5000, 40, 0.02]; // labour capped at 15
    const e2 = [10, 60, 1, 1000, 9, 0.01];
    const data: AssessData = {
      unitIds: ['e1', 'e2'],
      values: Object.fromEntries(bench.map(([id], j) => [id, Float64Array.of(e1[j], e2[j])])),
    };
    const res = runScheme(scheme, data);
    const expected = (e: number[]) => bench.reduce((s, [, b, w], j) => s + Math.min(1.5 * w, (e[j] / b) * w), 0);
    expect(res.final[0]).toBeCloseTo(expected(e1), 12);
    expect(res.final[1]).toBeCloseTo(expected(e2), 12);
    expect(res.normalised.labour[0]).toBe(15);
    expect(res.grade).toEqual(['A', 'D']);
  });
});

describe('scheme JSON Schema', () => {
  it('is exported for editors and API docs', async () => {
    const { schemeJsonSchema } = await import('@gongfu/engine/assess');
    const js = schemeJsonSchema() as { type: string; properties: Record<string, unknown>; required: string[] };
    expect(js.type).toBe('object');
    expect(Object.keys(js.properties)).toEqual(expect.arrayContaining(['indicators', 'nodes', 'root', 'grading', 'vetoes']));
    expect(js.required).toEqual(expect.arrayContaining(['schemaVersion', 'id', 'indicators', 'nodes', 'root']));
  });
});

describe('toPlain', () => {
  it('turns typed arrays into JSON arrays with null for missing', async () => {
    const { toPlain } = await import('@gongfu/engine/assess');
    const p = toPlain({ a: Float64Array.of(1, NaN), b: [Int8Array.of(2)], c: 'x', d: NaN, e: { f: Float32Array.of(0.5) } });
    expect(JSON.parse(JSON.stringify(p))).toEqual({ a: [1, null], b: [[2]], c: 'x', d: null, e: { f: [0.5] } });
  });
});
