/**
 * The assessment pipeline, in three pure stages so that sensitivity analysis and what-if can
 * re-run only what changes:
 *   prepare : per indicator  denominate → impute → treat outliers            (data-only)
 *   score   : per indicator  normalise; per node (bottom-up) weight → aggregate
 *   finish  : 加分/扣分 → capScore vetoes → ranks (+ peer ranks) → grades → grade vetoes
 *             → change against the previous period → explanation
 * `runScheme(scheme, data)` chains them. Conventions: NaN = missing everywhere; ranks are 1 = best
 * with the scheme's tie rule; weights reported per node are shares (Σ = 1) next to the raw weights
 * actually used (which sum to `weights.total` for fixed weights).
 */

import { screenUnits, type ScreenReport } from './screen.js';
import { adjustmentPoints, capTotals } from './adjust.js';
import { aggregateViews } from './aggregate.js';
import { identityView, isIdentity, lazyColumns, materialiseView, minMaxOfView, viewAt, type ColumnView } from './column-view.js';
import { entropySums, viewEntropySums } from './fastlog.js';
import { attribute, checkData, column, type AssessData, type CheckOptions } from './data.js';
import { denominate } from './denominate.js';
import { fail, type AssessWarning } from './errors.js';
import { explainUnitAt, explainUnits, type UnitExplanation } from './explain.js';
import { gradeCodesByBands, gradeCodesByShares, gradeLabels, NO_GRADE, type Band, type GradeCodes } from './grade.js';
import { impute } from './impute.js';
import { normalise } from './normalise.js';
import { checkedRange, type KnownRange } from './normalise-basic.js';
import { treatView, type TreatReport } from './outliers.js';
import { rankDescending, rankWithinGroups } from './rank.js';
import type { AggregationSpec, NormaliseSpec, Scheme } from './scheme.js';
import { hasFinite } from './stats.js';
import { topsis } from './topsis.js';
import { aggregationOf, normalisationOf, parseScheme, weightingOf, type Plan } from './validate.js';
import { applyGradeVeto, vetoMask } from './veto.js';
import { ahpWeights } from './weights-ahp.js';
import { criticWeights } from './weights-critic.js';
import { entropyWeights, entropyWeightsFromSums, type EntropyZeroRule } from './weights-entropy.js';

export interface Prepared {
  plan: Plan;
  n: number;
  /** After denomination and imputation (the values people recognise; used for gaps to target). */
  base: Record<string, Float64Array>;
  /** After outlier treatment (input of normalisation); written out on first access. */
  treated: Record<string, Float64Array>;
  /** The same as column views (a winsorised column is a clamp view of `base`). */
  treatedViews: Record<string, ColumnView>;
  treatment: Record<string, TreatReport & { nTreated: number }>;
  imputed: Record<string, number>;
  warnings: AssessWarning[];
  /** Observed range of each treated column when the treatment step already knows it. */
  ranges: Record<string, KnownRange | undefined>;
}

export interface NodeWeights {
  children: string[];
  /** Weights used by the aggregation (raw scale, e.g. Σ = 100 for points tables). */
  used: number[];
  /** The same as shares, Σ = 1. */
  shares: number[];
  method: string;
  ahp?: { cr: number; ci: number; lambdaMax: number; ri: number; consistent: boolean };
}

export interface Scored {
  normalised: Record<string, Float64Array>;
  /** Scores of every aggregate node (and of the root). */
  scores: Record<string, Float64Array>;
  weights: Record<string, NodeWeights>;
  normalisation: Record<string, NormaliseSpec>;
  aggregation: Record<string, AggregationSpec>;
}

export interface ScoreOverrides {
  /** Use this normalisation for every indicator (sensitivity alternatives). */
  normalise?: NormaliseSpec;
  /** Use this aggregation for every node. */
  aggregation?: AggregationSpec;
  /** Multiply each node's child weights by these factors (then rescale to the same total). */
  weightFactors?: Readonly<Record<string, ArrayLike<number>>>;
}

export interface PreviousPeriod {
  unitIds: readonly string[];
  score: ArrayLike<number>;
  rank?: ArrayLike<number>;
}

export interface RunOptions {
  /** Per-unit explanations: true, false, or 'auto' (default: only when n ≤ 5000). */
  explain?: boolean | 'auto';
  /** Previous-period result to compare against; otherwise computed from `data.previous` if complete. */
  previous?: PreviousPeriod;
  /** Compute change against the previous period (default true). */
  comparePrevious?: boolean;
  /** Unit ids are known to be unique (database key): skip the duplicate-id check (see `checkData`). */
  trustedIds?: boolean;
}

export interface ChangeVsPrevious {
  previousScore: Float64Array;
  scoreDelta: Float64Array;
  previousRank: Float64Array;
  /** previous rank − current rank: positive = moved up. */
  rankDelta: Float64Array;
}

export interface AssessResult {
  scheme: { id: string; version: string; illustrative: boolean; schemaVersion: number };
  unitIds: readonly string[];
  root: string;
  /** Aggregate nodes bottom-up (root last) and their levels (indicators are level 1). */
  nodes: string[];
  levels: Record<string, number>;
  indicators: string[];
  base: Record<string, Float64Array>;
  treated: Record<string, Float64Array>;
  normalised: Record<string, Float64Array>;
  scores: Record<string, Float64Array>;
  weights: Record<string, NodeWeights>;
  /** Effective weight of each indicator in the root (product of shares along the path). */
  effectiveWeights: Record<string, number>;
  bonus: Float64Array;
  penalty: Float64Array;
  adjustmentItems: Record<string, Float64Array>;
  vetoes: Record<string, Uint8Array>;
  /** Root score + bonus − penalty, after capScore vetoes and `finalClamp`. */
  final: Float64Array;
  rank: Float64Array;
  peerRank?: Float64Array;
  /** Grades as one byte per unit (an index into `labels`, best first), as computed. */
  grades: GradeCodes | null;
  /** The same as strings (null = no grade), built on first access. */
  grade: (string | null)[] | null;
  change?: ChangeVsPrevious;
  treatment: Record<string, TreatReport & { nTreated: number }>;
  imputed: Record<string, number>;
  explanations?: UnitExplanation[];
  /** Units screened out before the computation (scheme `screening`, COINr `Screen`), with the reason. */
  screening?: ScreenReport;
  warnings: AssessWarning[];
}

/** Accepts scheme JSON (validated) or an already compiled plan. */
export function toPlan(scheme: unknown): Plan {
  if (scheme && typeof scheme === 'object' && 'nodeById' in scheme && 'order' in scheme) return scheme as Plan;
  return parseScheme(scheme);
}

export function prepare(plan: Plan, data: AssessData, check: CheckOptions = {}): Prepared {
  const n = checkData(data, check);
  const s = plan.scheme;
  const base: Record<string, Float64Array> = {};
  const treatedViews: Record<string, ColumnView> = {};
  const treatment: Prepared['treatment'] = {};
  const imputed: Record<string, number> = {};
  const warnings: AssessWarning[] = [];
  const ranges: Record<string, KnownRange | undefined> = {};
  for (const ind of plan.indicators) {
    const colName = ind.column ?? ind.id;
    let x = column(data, colName, `指标 ${ind.id}`);
    if (!hasFinite(x))
      fail(
        'ALL_MISSING',
        `指标 ${ind.id}（列 ${colName}）没有任何有效数值`,
        `indicator ${ind.id} (column ${colName}) has no values at all`,
        {
          indicator: ind.id,
          column: colName,
        },
      );
    let prev = data.previous?.[colName];
    if (ind.denominator !== undefined) {
      const den = s.denominators[ind.denominator];
      x = denominate(x, column(data, den.column, `分母 ${ind.denominator}`), den.scale);
      const pd = data.previous?.[den.column];
      if (prev && pd) prev = denominate(prev, pd, den.scale);
      else prev = undefined;
    }
    const imp = ind.impute ?? s.impute;
    const groups =
      imp.method === 'groupMean' || imp.method === 'groupMedian'
        ? attribute(data, imp.groupBy ?? '', `指标 ${ind.id} 分组插补`)
        : undefined;
    const r = imp.method === 'none' && imp.fallback === 'none' ? { x, filled: 0 } : impute(x, imp, { groups, previous: prev });
    imputed[ind.id] = r.filled;
    const xi = r.x;
    if (xi !== data.values[colName] && !hasFinite(xi))
      fail('ALL_MISSING', `指标 ${ind.id} 在计算分母后没有任何有效数值`, `indicator ${ind.id} has no values after denomination`, {
        indicator: ind.id,
      });
    base[ind.id] = xi;
    const tr = treatView(xi, ind.treat ?? s.treat);
    ranges[ind.id] = tr.range;
    treatment[ind.id] = { ...tr.report, nTreated: tr.nTreated };
    if (tr.report.applied === 'logCT')
      warnings.push({
        code: 'LOG_TRANSFORM',
        zh: `指标 ${ind.id} 缩尾 ${ind.treat?.winmax ?? s.treat.winmax} 个点后偏度/峰度仍超限，已改用对数变换`,
        en: `indicator ${ind.id}: winsorisation was not enough, log transform applied`,
        details: { indicator: ind.id },
      });
    treatedViews[ind.id] = tr.view;
  }
  const treated = lazyColumns(Object.fromEntries(Object.entries(treatedViews).map(([id, v]) => [id, () => materialiseView(v)])));
  return { plan, n, base, treated, treatedViews, treatment, imputed, warnings, ranges };
}

function nodeWeights(plan: Plan, nodeId: string, views: readonly ColumnView[], factors?: ArrayLike<number>): NodeWeights {
  const spec = weightingOf(plan, nodeId);
  const kids = plan.children.get(nodeId)!;
  const k = kids.length;
  const declared = plan.declaredWeights.get(nodeId)!;
  const total = plan.scheme.weights.total;
  let shares: number[];
  let ahp: NodeWeights['ahp'];
  let rawUsed: number[] | null = null;
  switch (spec.method) {
    case 'fixed': {
      const given = declared.every((w) => w === w);
      rawUsed = given ? [...declared] : new Array(k).fill(total / k);
      const sum = rawUsed.reduce((a, b) => a + b, 0);
      shares = rawUsed.map((w) => w / sum);
      break;
    }
    case 'equal':
      shares = new Array(k).fill(1 / k);
      break;
    case 'entropy':
      shares = [...entropyOfViews(views, spec.zeroShares, spec.shift)];
      break;
    case 'critic':
      shares = [...criticWeights(views.map(materialiseView), { sdKind: spec.sdKind })];
      break;
    case 'ahp': {
      const r = ahpWeights(spec.matrix!, { method: spec.derive, ri: spec.ri, maxCR: spec.maxCR, force: spec.force });
      shares = [...r.weights];
      ahp = { cr: r.cr, ci: r.ci, lambdaMax: r.lambdaMax, ri: r.ri, consistent: r.consistent };
      break;
    }
  }
  let used = rawUsed ?? shares.map((w) => w * total);
  if (factors) {
    const before = used.reduce((a, b) => a + b, 0);
    used = used.map((w, j) => w * factors[j]);
    const after = used.reduce((a, b) => a + b, 0);
    used = used.map((w) => (w * before) / after);
    shares = used.map((w) => w / before);
  }
  return { children: kids, used, shares, method: spec.method, ...(ahp ? { ahp } : {}) };
}

/** Entropy weights read through the views: written columns by their bits, scaled views directly. */
function entropyOfViews(views: readonly ColumnView[], rule: EntropyZeroRule = 'zeroTerm', shift?: number): Float64Array {
  if (rule === 'shift' || views.some((v) => !isIdentity(v) && !Number.isFinite(v.bound)))
    return entropyWeights(views.map(materialiseView), { zeroShares: rule, shift });
  return entropyWeightsFromSums(
    views.map((v) => (isIdentity(v) ? entropySums(v.x) : viewEntropySums(v))),
    rule,
    (j, row) => viewAt(views[j], row),
  );
}

export function score(prep: Prepared, overrides: ScoreOverrides = {}): Scored {
  const { plan } = prep;
  const views: Record<string, ColumnView> = {};
  const written: Record<string, () => Float64Array> = {};
  const normalisation: Record<string, NormaliseSpec> = {};
  for (const ind of plan.indicators) {
    const spec = overrides.normalise ?? normalisationOf(plan, ind);
    normalisation[ind.id] = spec;
    const t = prep.treatedViews[ind.id];
    const known = prep.ranges[ind.id];
    if (spec.method === 'minmax' && known) {
      const { min, max } = checkedRange(known, ind.id);
      const v = minMaxOfView(t, ind.direction, spec.lower, spec.upper, min, max);
      views[ind.id] = v;
      written[ind.id] = () => materialiseView(v);
    } else {
      const y = normalise(prep.treated[ind.id], spec, { id: ind.id, direction: ind.direction, target: ind.target }, known);
      views[ind.id] = identityView(y);
      written[ind.id] = () => y;
    }
  }
  const normalised = lazyColumns(written);
  const live: Record<string, Float64Array> = {}; // node scores during this call
  const build: Record<string, () => Float64Array> = {};
  const weights: Record<string, NodeWeights> = {};
  const aggregation: Record<string, AggregationSpec> = {};
  let slot = 0;
  for (const nodeId of plan.order) {
    const kids = plan.children.get(nodeId)!;
    const kidViews = kids.map((k) => views[k] ?? identityView(live[k]));
    const w = nodeWeights(plan, nodeId, kidViews, overrides.weightFactors?.[nodeId]);
    weights[nodeId] = w;
    const agg = overrides.aggregation ?? aggregationOf(plan, nodeId);
    aggregation[nodeId] = agg;
    if (agg.method === 'topsis') {
      const c = topsis(kidViews.map(materialiseView), w.used, { normalisation: agg.normalisation, datThresh: agg.datThresh });
      if (agg.scale !== 1) for (let i = 0; i < c.length; i++) c[i] *= agg.scale;
      live[nodeId] = c;
      build[nodeId] = () => c;
      continue;
    }
    const memory = nodeId === plan.scheme.root ? undefined : intermediate(slot++, prep.n);
    const y = aggregateViews(kidViews, w.used, agg.method, agg.datThresh, memory);
    live[nodeId] = y;
    // an intermediate score in reused memory is recomputed for the result, from the same inputs
    build[nodeId] =
      y === memory
        ? () =>
            aggregateViews(
              kids.map((k) => views[k] ?? identityView(scores[k])),
              w.used,
              agg.method,
              agg.datThresh,
            )
        : () => y;
  }
  const scores = lazyColumns(build);
  return { normalised, scores, weights, normalisation, aggregation };
}

/**
 * Memory for intermediate node scores, reused from call to call: here a fresh 8 MB column costs
 * 5–10 ms in page faults, zeroing and unmapping, more than computing it. Results never point into
 * it (their intermediate scores are recomputed on first access, see `score`).
 */
const scratch: Float64Array[] = [];

function intermediate(slot: number, n: number): Float64Array {
  const have = scratch[slot];
  if (!have || have.length < n || have.length > 8 * n + 65536) scratch[slot] = new Float64Array(n);
  return scratch[slot].subarray(0, n);
}

export function effectiveWeights(plan: Plan, weights: Record<string, NodeWeights>): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (id: string, w: number) => {
    const nw = weights[id];
    if (!nw) {
      out[id] = w;
      return;
    }
    nw.children.forEach((c, j) => walk(c, w * nw.shares[j]));
  };
  walk(plan.scheme.root, 1);
  return out;
}

interface Finished {
  bonus: Float64Array;
  penalty: Float64Array;
  items: Record<string, Float64Array>;
  vetoes: Record<string, Uint8Array>;
  final: Float64Array;
  rank: Float64Array;
  peerRank?: Float64Array;
  grades: GradeCodes | null;
}

export function finish(plan: Plan, data: AssessData, rootScore: Float64Array): Finished {
  const s: Scheme = plan.scheme;
  const n = rootScore.length;
  const hasAdj = s.adjustments.length > 0;
  const bonus = new Float64Array(n);
  // with no 加分/扣分 items both are the same all-zero array (results are read-only)
  const penalty = hasAdj ? new Float64Array(n) : bonus;
  const items: Record<string, Float64Array> = {};
  for (const a of s.adjustments) {
    const p = adjustmentPoints(a, column(data, a.rule.column, `加减分项 ${a.id}`));
    items[a.id] = p;
    const into = a.kind === 'bonus' ? bonus : penalty;
    for (let i = 0; i < n; i++) into[i] += p[i];
  }
  capTotals(bonus, s.adjustmentCaps.bonus);
  capTotals(penalty, s.adjustmentCaps.penalty);
  const lo = s.finalClamp?.min ?? -Infinity;
  const hi = s.finalClamp?.max ?? Infinity;
  const capsScore = s.vetoes.some((v) => v.effect.type === 'capScore');
  // final is the root score itself when nothing adjusts it
  const final = hasAdj || s.finalClamp || capsScore ? new Float64Array(n) : rootScore;
  if (final !== rootScore)
    for (let i = 0; i < n; i++) {
      let v = rootScore[i] + bonus[i] - penalty[i];
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      final[i] = v;
    }
  const vetoes: Record<string, Uint8Array> = {};
  for (const v of s.vetoes) {
    const m = vetoMask(v, column(data, v.column, `否决项 ${v.id}`));
    vetoes[v.id] = m;
    if (v.effect.type === 'capScore') {
      const cap = v.effect.score;
      for (let i = 0; i < n; i++) if (m[i] && final[i] > cap) final[i] = cap;
    }
  }
  const ties = s.ranking.ties;
  const rank = rankDescending(final, ties);
  const peerRank = s.ranking.peerGroupBy ? rankWithinGroups(final, attribute(data, s.ranking.peerGroupBy, '同类组排名'), ties) : undefined;
  let grades: GradeCodes | null = null;
  const g = s.grading;
  if (g) {
    let order: string[];
    if (g.type === 'bands') {
      order = [...g.bands].sort((a, b) => b.min - a.min).map((b) => b.grade);
      if (g.otherwise) order.push(g.otherwise);
      if (g.peerGroupBy && g.bandsByGroup)
        grades = gradesByGroupBands(final, attribute(data, g.peerGroupBy, '分组评级'), g.bands, g.bandsByGroup, order, g.otherwise ?? null);
      else grades = gradeCodesByBands(final, g.bands, g.otherwise ?? null);
    } else {
      order = g.shares.map((x) => x.grade);
      const groups = g.peerGroupBy ? attribute(data, g.peerGroupBy, '分组评级') : undefined;
      grades = gradeCodesByShares(final, g.shares, groups, ties, groups ? undefined : rank);
    }
    for (const v of s.vetoes) {
      if (v.effect.type === 'capGrade' || v.effect.type === 'forceGrade') applyGradeVeto(grades, vetoes[v.id], v.effect, order);
    }
  }
  return { bonus, penalty, items, vetoes, final, rank, peerRank, grades };
}

/** Band grades with per-group bands; codes index one list: `order`, then names only some groups use. */
function gradesByGroupBands(
  final: Float64Array,
  groups: readonly (string | null)[],
  bands: readonly Band[],
  bandsByGroup: Record<string, readonly Band[]>,
  order: readonly string[],
  otherwise: string | null,
): GradeCodes {
  const n = final.length;
  const labels = [...order];
  for (const list of Object.values(bandsByGroup)) for (const b of list) if (!labels.includes(b.grade)) labels.push(b.grade);
  const codes = new Uint8Array(n).fill(NO_GRADE);
  const byGroup = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = groups[i] ?? '';
    let l = byGroup.get(key);
    if (!l) byGroup.set(key, (l = []));
    l.push(i);
  }
  for (const [key, idx] of byGroup) {
    const sub = gradeCodesByBands(
      idx.map((i) => final[i]),
      bandsByGroup[key] ?? bands,
      otherwise,
    );
    const to = sub.labels.map((l) => labels.indexOf(l));
    idx.forEach((i, k) => {
      const c = sub.codes[k];
      if (c !== NO_GRADE) codes[i] = to[c];
    });
  }
  return { codes, labels };
}

function previousFromData(plan: Plan, data: AssessData): PreviousPeriod | undefined {
  const prev = data.previous;
  if (!prev) return undefined;
  for (const ind of plan.indicators) if (!prev[ind.column ?? ind.id]) return undefined;
  try {
    const pdata: AssessData = { unitIds: data.unitIds, values: { ...data.values, ...prev }, attributes: data.attributes };
    const p = prepare(plan, pdata, { trustedIds: true }); // same ids as the current period, checked there
    const sc = score(p);
    const f = finish(plan, pdata, sc.scores[plan.scheme.root]);
    return { unitIds: data.unitIds, score: f.final, rank: f.rank };
  } catch {
    return undefined;
  }
}

function change(unitIds: readonly string[], final: Float64Array, rank: Float64Array, prev: PreviousPeriod): ChangeVsPrevious {
  const n = unitIds.length;
  const idx = new Map<string, number>();
  prev.unitIds.forEach((u, i) => idx.set(u, i));
  const previousScore = new Float64Array(n).fill(NaN);
  const previousRank = new Float64Array(n).fill(NaN);
  const prevRank = prev.rank ?? rankDescending(prev.score);
  for (let i = 0; i < n; i++) {
    const j = idx.get(unitIds[i]);
    if (j === undefined) continue;
    previousScore[i] = prev.score[j];
    previousRank[i] = prevRank[j];
  }
  const scoreDelta = new Float64Array(n);
  const rankDelta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    scoreDelta[i] = final[i] - previousScore[i];
    rankDelta[i] = previousRank[i] - rank[i];
  }
  return { previousScore, scoreDelta, previousRank, rankDelta };
}

/** Runs the whole scheme on the data. Pure: inputs are not modified. */
export function runScheme(scheme: unknown, data0: AssessData, options: RunOptions = {}): AssessResult {
  const plan = toPlan(scheme);
  const screened = screenStep(plan, data0);
  const data = screened?.data ?? data0;
  const prep = prepare(plan, data, { trustedIds: options.trustedIds });
  const sc = score(prep);
  const result = runFromStages(plan, data, prep, sc, options);
  const ex = options.explain ?? 'auto';
  if (ex === true || (ex === 'auto' && prep.n <= 5000)) result.explanations = explainUnits(plan, result, sc);
  if (screened) result.screening = screened.report;
  return result;
}

/** The scheme's `screening` step (screen.ts) on the indicators' raw columns; undefined when absent. */
export function screenStep(plan: Plan, data: AssessData): { data: AssessData; report: ScreenReport } | undefined {
  const spec = plan.scheme.screening;
  if (!spec) return undefined;
  return screenUnits(data, [...new Set(plan.indicators.map((i) => i.column ?? i.id))], spec);
}

function runFromStages(plan: Plan, data: AssessData, prep: Prepared, sc: Scored, options: RunOptions = {}): AssessResult {
  const root = plan.scheme.root;
  const f = finish(plan, data, sc.scores[root]);
  const prev = options.comparePrevious === false ? undefined : (options.previous ?? previousFromData(plan, data));
  const eff = effectiveWeights(plan, sc.weights);
  const levels: Record<string, number> = {};
  for (const [k, v] of plan.level) levels[k] = v;
  const result: AssessResult = {
    scheme: {
      id: plan.scheme.id,
      version: plan.scheme.version,
      illustrative: plan.scheme.illustrative,
      schemaVersion: plan.scheme.schemaVersion,
    },
    unitIds: data.unitIds,
    root,
    nodes: plan.order,
    levels,
    indicators: plan.indicators.map((i) => i.id),
    base: prep.base,
    treated: prep.treated,
    normalised: sc.normalised,
    scores: sc.scores,
    weights: sc.weights,
    effectiveWeights: eff,
    bonus: f.bonus,
    penalty: f.penalty,
    adjustmentItems: f.items,
    vetoes: f.vetoes,
    final: f.final,
    rank: f.rank,
    ...(f.peerRank ? { peerRank: f.peerRank } : {}),
    grades: f.grades,
    grade: null,
    ...(prev ? { change: change(data.unitIds, f.final, f.rank, prev) } : {}),
    treatment: prep.treatment,
    imputed: prep.imputed,
    warnings: prep.warnings,
  };
  return lazyGradeNames(result);
}

/** `grade` as strings only when read: a million of them cost more than grading itself. */
function lazyGradeNames(result: AssessResult): AssessResult {
  let names: (string | null)[] | null | undefined;
  Object.defineProperty(result, 'grade', {
    enumerable: true,
    configurable: true,
    get: () => (names === undefined ? (names = result.grades && gradeLabels(result.grades)) : names),
    set: (v: (string | null)[] | null) => (names = v),
  });
  return result;
}

/** Explanation of one unit (runs the scheme without explaining every unit). */
export function explainUnit(scheme: unknown, data: AssessData, unitId: string): UnitExplanation {
  const plan = toPlan(scheme);
  const prep = prepare(plan, data);
  const sc = score(prep);
  const result = runFromStages(plan, data, prep, sc);
  return explainUnitAt(plan, result, sc, unitId);
}
