/**
 * Result tables of an assessment run (ranking, node scores, indicator values, weights, one unit's
 * scorecard), shared by the API, the exports, the printable report and the CLI. Pure: no I/O.
 */
import type { AssessResult, Plain, UnitExplanation } from '@gongfu/engine/assess';
import type { OutCell, SheetSpec } from '../exports/table-writer.js';
import type { RankingRow } from './schemas.js';

export type Lang = 'zh' | 'en';
export type PlainResult = Plain<AssessResult>;
export type PlainExplanation = Plain<UnitExplanation>;

export interface UnitMeta {
  code: string;
  name: string;
  regionCode: string;
}

type Text = string | { zh: string; en?: string } | undefined;
export const textOf = (t: Text, lang: Lang, fallback = ''): string =>
  t === undefined ? fallback : typeof t === 'string' ? t : lang === 'en' ? (t.en ?? t.zh) : t.zh;

/** Display labels of every node, indicator, adjustment and veto of a scheme definition, in both languages. */
export function schemeLabels(definition: unknown): Record<string, { zh: string; en: string }> {
  type Named = { id: string; name?: Text };
  const d = definition as { indicators?: Named[]; nodes?: Named[]; adjustments?: Named[]; vetoes?: Named[] };
  const out: Record<string, { zh: string; en: string }> = {};
  for (const x of [...(d.adjustments ?? []), ...(d.vetoes ?? []), ...(d.indicators ?? []), ...(d.nodes ?? [])])
    out[x.id] = { zh: textOf(x.name, 'zh', x.id), en: textOf(x.name, 'en', x.id) };
  return out;
}

const at = <T>(a: readonly T[] | null | undefined, i: number): T | null => (a ? (a[i] ?? null) : null);

/** Unit indices in ranking order (best first; ties by unit code), limited to `visible` when given. */
export function rankingOrder(out: PlainResult, visible?: Set<string>): Int32Array {
  const keep: number[] = [];
  out.unitIds.forEach((unit, i) => {
    if (!visible || visible.has(unit)) keep.push(i);
  });
  const rank = (i: number) => at(out.rank, i) ?? Infinity;
  keep.sort((a, b) => rank(a) - rank(b) || out.unitIds[a].localeCompare(out.unitIds[b]));
  return Int32Array.from(keep);
}

/** The ranking row of unit `i` (its index in the engine's outputs). */
export function rankingRow(out: PlainResult, units: UnitMeta[], groupAttribute: readonly (string | null)[] | null, i: number): RankingRow {
  const unit = out.unitIds[i];
  const nodes: Record<string, number | null> = {};
  for (const n of out.nodes) nodes[n] = at(out.scores[n], i);
  return {
    unit,
    name: units[i]?.name ?? unit,
    rank: at(out.rank, i),
    peerRank: at(out.peerRank, i),
    group: groupAttribute ? (groupAttribute[i] ?? null) : null,
    score: at(out.scores[out.root], i),
    bonus: at(out.bonus, i),
    penalty: at(out.penalty, i),
    final: at(out.final, i),
    grade: at(out.grade, i),
    vetoes: Object.entries(out.vetoes)
      .filter(([, v]) => v[i])
      .map(([k]) => k),
    rankDelta: out.change ? at(out.change.rankDelta, i) : null,
    scoreDelta: out.change ? at(out.change.scoreDelta, i) : null,
    nodes,
  };
}

/** One row per unit, best first; `visible` limits the rows to units in the caller's scope. */
export function rankingRows(
  out: PlainResult,
  units: UnitMeta[],
  groupAttribute: readonly (string | null)[] | null,
  visible?: Set<string>,
): RankingRow[] {
  return Array.from(rankingOrder(out, visible), (i) => rankingRow(out, units, groupAttribute, i));
}

const H = {
  rank: { zh: '排名', en: 'Rank' },
  peerRank: { zh: '组内排名', en: 'Rank in group' },
  group: { zh: '分组', en: 'Group' },
  unit: { zh: '单位代码', en: 'Unit code' },
  name: { zh: '单位名称', en: 'Unit' },
  score: { zh: '综合得分', en: 'Composite score' },
  bonus: { zh: '加分', en: 'Bonus' },
  penalty: { zh: '扣分', en: 'Penalty' },
  final: { zh: '最终得分', en: 'Final score' },
  grade: { zh: '等级', en: 'Grade' },
  vetoes: { zh: '否决项', en: 'Vetoes' },
  rankDelta: { zh: '排名变化（较上期）', en: 'Rank change vs previous' },
  value: { zh: '原值', en: 'value' },
  normalised: { zh: '得分', en: 'score' },
  node: { zh: '节点', en: 'Node' },
  child: { zh: '下级', en: 'Child' },
  share: { zh: '权重（占比）', en: 'Weight (share)' },
  used: { zh: '权重（原值）', en: 'Weight (as set)' },
  effective: { zh: '对总分的有效权重', en: 'Effective weight in total' },
  method: { zh: '赋权方法', en: 'Weighting method' },
  indicator: { zh: '指标', en: 'Indicator' },
  weight: { zh: '有效权重', en: 'Effective weight' },
  contribution: { zh: '贡献', en: 'Contribution' },
  target: { zh: '目标值', en: 'Target' },
  gap: { zh: '距目标差距', en: 'Gap to target' },
  achievement: { zh: '完成度', en: 'Achievement' },
  obstacle: { zh: '障碍度', en: 'Obstacle degree' },
  obstacleRank: { zh: '障碍度排序', en: 'Obstacle rank' },
} as const;

const r4 = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 1e4) / 1e4;

export interface TableContext {
  out: PlainResult;
  units: UnitMeta[];
  labels: Record<string, { zh: string; en: string }>;
  group: readonly (string | null)[] | null;
  visible?: Set<string>;
  lang: Lang;
}

/** The ranking order of a context, computed once for all its tables. */
const orderCache = new WeakMap<TableContext, Int32Array>();
export function contextOrder(c: TableContext): Int32Array {
  let order = orderCache.get(c);
  if (!order) orderCache.set(c, (order = rankingOrder(c.out, c.visible)));
  return order;
}

/** The first `n` ranking rows of a context (all without `n`). */
export function contextRows(c: TableContext, n = Infinity): RankingRow[] {
  return Array.from(contextOrder(c).subarray(0, Math.min(n, contextOrder(c).length)), (i) => rankingRow(c.out, c.units, c.group, i));
}

const PAGE_ROWS = 512;

/**
 * A table's body as pages of rows built when read, in ranking order: 100,000 units × 60 columns
 * never sit in memory as cell arrays (the young generation collects each page), and the table can
 * be read more than once.
 */
function pagesInOrder(c: TableContext, row: (i: number) => OutCell[]): Iterable<OutCell[][]> {
  return {
    *[Symbol.iterator]() {
      const order = contextOrder(c);
      for (let k = 0; k < order.length; k += PAGE_ROWS) {
        const end = Math.min(order.length, k + PAGE_ROWS);
        const page: OutCell[][] = new Array(end - k);
        for (let j = k; j < end; j++) page[j - k] = row(order[j]);
        yield page;
      }
    },
  };
}

const unitName = (c: TableContext, i: number) => c.units[i]?.name ?? c.out.unitIds[i];

export function rankingTable(c: TableContext): SheetSpec {
  const { out } = c;
  const hasPeer = !!out.peerRank;
  const header = [
    H.rank,
    ...(hasPeer ? [H.peerRank, H.group] : []),
    H.unit,
    H.name,
    H.score,
    H.bonus,
    H.penalty,
    H.final,
    H.grade,
    H.vetoes,
    H.rankDelta,
  ].map((h) => h[c.lang]);
  const vetoes = Object.entries(out.vetoes).map(([k, v]) => ({ label: c.labels[k]?.[c.lang] ?? k, hit: v }));
  const score = out.scores[out.root];
  const rows = pagesInOrder(c, (i) => [
    at(out.rank, i),
    ...(hasPeer ? [at(out.peerRank, i), c.group ? (c.group[i] ?? null) : null] : []),
    out.unitIds[i],
    unitName(c, i),
    r4(at(score, i)),
    r4(at(out.bonus, i)),
    r4(at(out.penalty, i)),
    r4(at(out.final, i)),
    at(out.grade, i),
    vetoes
      .filter((v) => v.hit[i])
      .map((v) => v.label)
      .join(', '),
    out.change ? at(out.change.rankDelta, i) : null,
  ]);
  return { name: c.lang === 'zh' ? '排名' : 'Ranking', header, rows };
}

export function nodeScoresTable(c: TableContext): SheetSpec {
  const nodes = [...c.out.nodes].reverse();
  const scores = nodes.map((n) => c.out.scores[n]);
  const header = [H.unit[c.lang], H.name[c.lang], ...nodes.map((n) => c.labels[n]?.[c.lang] ?? n)];
  return {
    name: c.lang === 'zh' ? '各级得分' : 'Node scores',
    header,
    rows: pagesInOrder(c, (i) => {
      const cells: OutCell[] = [c.out.unitIds[i], unitName(c, i)];
      for (const s of scores) cells.push(r4(at(s, i)));
      return cells;
    }),
  };
}

export function indicatorTable(c: TableContext): SheetSpec {
  const header: string[] = [H.unit[c.lang], H.name[c.lang]];
  for (const ind of c.out.indicators) {
    const label = c.labels[ind]?.[c.lang] ?? ind;
    header.push(`${label}（${H.value[c.lang]}）`, `${label}（${H.normalised[c.lang]}）`);
  }
  const columns = c.out.indicators.map((ind) => [c.out.base[ind], c.out.normalised[ind]] as const);
  const rows = pagesInOrder(c, (i) => {
    const cells: OutCell[] = [c.out.unitIds[i], unitName(c, i)];
    for (const [base, normalised] of columns) cells.push(r4(base?.[i]), r4(normalised?.[i]));
    return cells;
  });
  return { name: c.lang === 'zh' ? '指标' : 'Indicators', header, rows };
}

export function weightsTable(c: TableContext): SheetSpec {
  const body: OutCell[][] = [];
  for (const node of [...c.out.nodes].reverse()) {
    const w = c.out.weights[node];
    w.children.forEach((child, j) => {
      body.push([
        c.labels[node]?.[c.lang] ?? node,
        c.labels[child]?.[c.lang] ?? child,
        w.method,
        r4(w.used[j]),
        r4(w.shares[j]),
        r4(c.out.effectiveWeights[child] ?? null),
      ]);
    });
  }
  return {
    name: c.lang === 'zh' ? '权重' : 'Weights',
    header: [H.node, H.child, H.method, H.used, H.share, H.effective].map((h) => h[c.lang]),
    rows: [body],
  };
}

export function scorecardTable(e: PlainExplanation, labels: TableContext['labels'], lang: Lang, unitName: string): SheetSpec {
  const header = [
    H.indicator,
    H.value,
    H.normalised,
    H.weight,
    H.contribution,
    H.target,
    H.gap,
    H.achievement,
    H.obstacle,
    H.obstacleRank,
  ].map((h) => h[lang]);
  const body = e.indicators.map((i) => [
    labels[i.indicator]?.[lang] ?? i.indicator,
    r4(i.value),
    r4(i.normalised),
    r4(i.weight),
    r4(i.contribution),
    r4(i.target),
    r4(i.gapToTarget),
    r4(i.achievement),
    r4(i.obstacle),
    i.obstacleRank,
  ]);
  return { name: (lang === 'zh' ? '评分卡 ' : 'Scorecard ') + unitName.slice(0, 20), header, rows: [body] };
}

export type TableName = 'ranking' | 'scores' | 'indicators' | 'weights';
export const TABLES: Record<TableName, (c: TableContext) => SheetSpec> = {
  ranking: rankingTable,
  scores: nodeScoresTable,
  indicators: indicatorTable,
  weights: weightsTable,
};
