/**
 * Uncertainty / sensitivity of ranks by seeded Monte Carlo (in the spirit of COINr
 * `get_sensitivity(SA_type = "UA")`, with plain uniform sampling as COINr does):
 * each run
 *   - multiplies every child weight of every node by an independent U(1 − s, 1 + s) factor
 *     (s = `weightShare`, e.g. 0.2 for ±20 %) and rescales the node's weights to their total;
 *   - picks one normalisation uniformly from {nominal} ∪ `normalisations` (applied to all indicators);
 *   - picks one aggregation uniformly from {nominal} ∪ `aggregations` (applied to all nodes);
 *   then recomputes the final score (with 加分/扣分 and vetoes) and ranks (scheme tie rule).
 * Output per unit: nominal rank, median rank and the 5 %–95 % rank interval (R type-7 quantiles),
 * plus `applied` (exactly which alternatives were sampled) and `skipped` (alternatives that fail on
 * this data, e.g. geometric mean with zeros after min-max, each with the engine's error) — never a
 * silent skip (cf. COINr issue #60). Data preparation (impute, treat) runs once.
 */

import { fail, isAssessError } from './errors.js';
import type { AssessData } from './data.js';
import { finish, prepare, score, screenStep, toPlan, type ScoreOverrides } from './pipeline.js';
import type { ScreenReport } from './screen.js';
import { quantile } from './select.js';
import { mulberry32 } from '../random.js';
import type { AggregationSpec, NormaliseSpec } from './scheme.js';
import { normalisationOf } from './validate.js';

export interface SensitivityOptions {
  runs?: number;
  seed?: number;
  /** ± share for weight perturbation (0 = off). */
  weightShare?: number;
  normalisations?: NormaliseSpec[];
  aggregations?: AggregationSpec[];
  /** Lower/upper quantiles of the rank interval. Default [0.05, 0.95]. */
  interval?: [number, number];
}

export interface SensitivityResult {
  unitIds: readonly string[];
  runs: number;
  seed: number;
  nominalRank: Float64Array;
  medianRank: Float64Array;
  lowRank: Float64Array;
  highRank: Float64Array;
  meanRank: Float64Array;
  applied: {
    weights: { share: number } | null;
    normalisations: string[];
    aggregations: string[];
  };
  skipped: { kind: 'normalisation' | 'aggregation'; method: string; code: string; zh: string; en: string }[];
  failedRuns: number;
  /** Units the scheme's screening dropped before every run (`unitIds` are the kept ones). */
  screening?: ScreenReport;
}

function label(spec: { method: string }): string {
  return spec.method;
}

export function sensitivity(scheme: unknown, data0: AssessData, opts: SensitivityOptions = {}): SensitivityResult {
  const plan = toPlan(scheme);
  // the scheme's screening drops units before anything else, in every run alike
  const screened = screenStep(plan, data0);
  const data = screened?.data ?? data0;
  const prep = prepare(plan, data);
  const runs = opts.runs ?? 200;
  const seed = opts.seed ?? 1;
  const share = opts.weightShare ?? 0;
  const rng = mulberry32(seed);
  const root = plan.scheme.root;
  const n = prep.n;
  const skipped: SensitivityResult['skipped'] = [];

  const nominal = score(prep);
  const nominalRank = finish(plan, data, nominal.scores[root]).rank;

  // Alternatives that cannot run on this data are reported and left out.
  const tryRun = (o: ScoreOverrides): unknown => {
    try {
      const sc = score(prep, o);
      finish(plan, data, sc.scores[root]);
      return null;
    } catch (e) {
      if (isAssessError(e)) return e;
      throw e;
    }
  };
  const norms: (NormaliseSpec | undefined)[] = [undefined];
  for (const nspec of opts.normalisations ?? []) {
    const err = tryRun({ normalise: nspec });
    if (err && isAssessError(err)) skipped.push({ kind: 'normalisation', method: label(nspec), code: err.code, zh: err.zh, en: err.en });
    else norms.push(nspec);
  }
  const aggs: (AggregationSpec | undefined)[] = [undefined];
  for (const a of opts.aggregations ?? []) {
    // an aggregation must work with at least one of the normalisations in play
    let ok = false;
    let last: unknown = null;
    for (const nspec of norms) {
      last = tryRun({ normalise: nspec, aggregation: a });
      if (!last) {
        ok = true;
        break;
      }
    }
    if (!ok && isAssessError(last)) skipped.push({ kind: 'aggregation', method: label(a), code: last.code, zh: last.zh, en: last.en });
    else aggs.push(a);
  }

  // ranks are stored as float32 (exact for ranks < 2^23, including .5 from average ties)
  if (runs * n > 1e8)
    fail(
      'INVALID_ARGUMENT',
      `敏感性分析规模过大（${runs} 次 × ${n} 个单位），请减少次数`,
      `sensitivity too large (${runs} runs × ${n} units); use fewer runs`,
      {
        runs,
        units: n,
      },
    );
  const ranks = new Float32Array(runs * n);
  let failedRuns = 0;
  let done = 0;
  for (let r = 0; r < runs; r++) {
    const factors: Record<string, Float64Array> = {};
    if (share > 0)
      for (const nodeId of plan.order) {
        const k = plan.children.get(nodeId)!.length;
        const f = new Float64Array(k);
        for (let j = 0; j < k; j++) f[j] = 1 - share + 2 * share * rng();
        factors[nodeId] = f;
      }
    const ni = Math.floor(rng() * norms.length);
    const ai = Math.floor(rng() * aggs.length);
    try {
      const sc = score(prep, { normalise: norms[ni], aggregation: aggs[ai], weightFactors: share > 0 ? factors : undefined });
      const rk = finish(plan, data, sc.scores[root]).rank;
      ranks.set(rk, done * n);
      done++;
    } catch (e) {
      if (!isAssessError(e)) throw e;
      failedRuns++;
    }
  }
  const [qlo, qhi] = opts.interval ?? [0.05, 0.95];
  const medianRank = new Float64Array(n);
  const lowRank = new Float64Array(n);
  const highRank = new Float64Array(n);
  const meanRank = new Float64Array(n);
  const col = new Float64Array(done);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let r = 0; r < done; r++) {
      col[r] = ranks[r * n + i];
      s += col[r];
    }
    medianRank[i] = quantile(col, 0.5);
    lowRank[i] = quantile(col, qlo);
    highRank[i] = quantile(col, qhi);
    meanRank[i] = s / done;
  }
  const nominalNorms = [...new Set(plan.indicators.map((ind) => normalisationOf(plan, ind).method))].join('+');
  return {
    unitIds: data.unitIds,
    runs: done,
    seed,
    nominalRank,
    medianRank,
    lowRank,
    highRank,
    meanRank,
    applied: {
      weights: share > 0 ? { share } : null,
      normalisations: norms.map((s) => (s ? label(s) : `nominal(${nominalNorms})`)),
      aggregations: aggs.map((a) => (a ? label(a) : 'nominal')),
    },
    skipped,
    failedRuns,
    ...(screened ? { screening: screened.report } : {}),
  };
}
