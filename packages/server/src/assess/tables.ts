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

/** One row per unit, best first; `visible` limits the rows to units in the caller's scope. */
export function rankingRows(
  out: PlainResult,
  units: UnitMeta[],
  groupAttribute: readonly (string | null)[] | null,
  visible?: Set<string>,
): RankingRow[] {
  const rows: RankingRow[] = [];
  out.unitIds.forEach((unit, i) => {
    if (visible && !visible.has(unit)) return;
    const nodes: Record<string, number | null> = {};
    for (const n of out.nodes) nodes[n] = at(out.scores[n], i);
    rows.push({
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
    });
  });
  return rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unit.localeCompare(b.unit));
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

/** The ranking rows of a context, computed once for all its tables (100,000 units: ~0.4 s each time). */
const rowsCache = new WeakMap<TableContext, RankingRow[]>();
export function contextRows(c: TableContext): RankingRow[] {
  let rows = rowsCache.get(c);
  if (!rows) rowsCache.set(c, (rows = rankingRows(c.out, c.units, c.group, c.visible)));
  return rows;
}

export function rankingTable(c: TableContext): SheetSpec {
  const rows = contextRows(c);
  const hasPeer = !!c.out.peerRank;
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
  const body: OutCell[][] = rows.map((r) => [
    r.rank,
    ...(hasPeer ? [r.peerRank, r.group] : []),
    r.unit,
    r.name,
    r4(r.score),
    r4(r.bonus),
    r4(r.penalty),
    r4(r.final),
    r.grade,
    r.vetoes.map((v) => c.labels[v]?.[c.lang] ?? v).join(', '),
    r.rankDelta,
  ]);
  return { name: c.lang === 'zh' ? '排名' : 'Ranking', header, rows: [body] };
}

export function nodeScoresTable(c: TableContext): SheetSpec {
  const nodes = [...c.out.nodes].reverse();
  const rows = contextRows(c);
  const header = [H.unit[c.lang], H.name[c.lang], ...nodes.map((n) => c.labels[n]?.[c.lang] ?? n)];
  return {
    name: c.lang === 'zh' ? '各级得分' : 'Node scores',
    header,
    rows: [rows.map((r) => [r.unit, r.name, ...nodes.map((n) => r4(r.nodes[n]))])],
  };
}

export function indicatorTable(c: TableContext): SheetSpec {
  const idx = new Map(c.out.unitIds.map((u, i) => [u, i]));
  const rows = contextRows(c);
  const header: string[] = [H.unit[c.lang], H.name[c.lang]];
  for (const ind of c.out.indicators) {
    const label = c.labels[ind]?.[c.lang] ?? ind;
    header.push(`${label}（${H.value[c.lang]}）`, `${label}（${H.normalised[c.lang]}）`);
  }
  const body = rows.map((r) => {
    const i = idx.get(r.unit)!;
    const cells: OutCell[] = [r.unit, r.name];
    for (const ind of c.out.indicators) cells.push(r4(c.out.base[ind]?.[i]), r4(c.out.normalised[ind]?.[i]));
    return cells;
  });
  return { name: c.lang === 'zh' ? '指标' : 'Indicators', header, rows: [body] };
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
