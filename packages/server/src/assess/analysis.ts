/** Per-unit views of a stored run and what-if / sensitivity recomputations (nothing stored). */
import {
  AggregationSpecSchema,
  compareGroups,
  NormaliseSpecSchema,
  parseScheme,
  sensitivity,
  toPlain,
  whatIf,
} from '@gongfu/engine/assess';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { engine } from './errors.js';
import * as repo from './repository.js';
import { groupAttribute, indicatorInfo, loadRun, type LoadedRun } from './runs.js';
import { screenedOutError } from './screened.js';
import { dataOf } from './snapshot.js';
import type { PlainExplanation } from './tables.js';

function unitIndex(run: LoadedRun, unit: string): number {
  const i = run.snapshot.units.findIndex((u) => u.code === unit);
  // units outside the caller's scope answer exactly like unknown ones
  if (i < 0 || !run.visible.has(unit)) throw notFound({ zh: '评价单位', en: 'Unit' }, unit);
  return i;
}

/** Drops comparisons with units the caller may not see. */
function redact(e: PlainExplanation, visible: Set<string>): PlainExplanation {
  const out = { ...e };
  if (out.above && !visible.has(out.above.unitId)) delete out.above;
  if (out.leader && !visible.has(out.leader.unitId)) delete out.leader;
  return out;
}

/**
 * The run's peer groups side by side (e.g. 未来乡村 pilots against candidates): per group the units
 * the caller sees, the mean final score and the mean score of each top-level dimension, each with its
 * gap to the other groups' units, and the count of each grade. Only units in the caller's scope are counted.
 */
export async function groupComparison(db: Db, actor: Actor, id: number) {
  const run = await loadRun(db, actor, id);
  const groups = groupAttribute(run);
  const attribute =
    (run.definition as { ranking?: { peerGroupBy?: string }; grading?: { peerGroupBy?: string } }).ranking?.peerGroupBy ?? null;
  if (!groups) throw new AppError('ASSESS_NO_GROUPS', 422, { zh: '该考核方案未设置分组', en: 'this run’s scheme defines no peer groups' });
  const o = run.outputs;
  const d = run.definition as { root: string; nodes: { id: string; children: string[] }[] };
  const dimensions = (d.nodes.find((n) => n.id === d.root)?.children ?? []).filter((c) => o.scores[c]);
  const series: Record<string, (number | null)[]> = { final: o.final };
  for (const c of dimensions) series[c] = o.scores[c];
  const keep = o.unitIds.map((u) => run.visible.has(u));
  return {
    run: run.meta,
    labels: run.labels,
    attribute,
    dimensions,
    grades: o.grade ? [...new Set(o.grade.filter((g): g is string => !!g))] : [],
    groups: compareGroups(groups, series, { keep, grades: o.grade ?? undefined }),
  };
}

export async function scorecard(db: Db, actor: Actor, id: number, unit: string) {
  const run = await loadRun(db, actor, id);
  const i = unitIndex(run, unit);
  const o = run.outputs;
  const explanation = o.explanations?.[i];
  const screened = screenedOutError(o, unit);
  if (screened) throw screened;
  if (!explanation) throw new AppError('ASSESS_NO_EXPLANATION', 422, { zh: '该考核未保存解释', en: 'this run has no stored explanation' });
  const nodeScores: Record<string, number | null> = {};
  for (const n of o.nodes) nodeScores[n] = o.scores[n][i];
  // averages over all units only when the caller sees all of them
  let nodeMeans: Record<string, number | null> | null = null;
  if (run.visible.size === run.snapshot.units.length) {
    nodeMeans = {};
    for (const n of o.nodes) {
      const xs = o.scores[n].filter((x): x is number => x !== null);
      nodeMeans[n] = xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : null;
    }
  }
  const values: Record<string, { raw: number | null; base: number | null; normalised: number | null; observationId: number | null }> = {};
  for (const ind of indicatorInfo(run)) {
    const col = run.snapshot.columns[ind.column];
    values[ind.id] = {
      raw: col?.values[i] ?? null,
      base: o.base[ind.id]?.[i] ?? null,
      normalised: o.normalised[ind.id]?.[i] ?? null,
      observationId: col?.observationIds[i] ?? null,
    };
  }
  return {
    run: run.meta,
    unit: run.snapshot.units[i],
    labels: run.labels,
    root: o.root,
    nodes: o.nodes,
    levels: o.levels as Record<string, number>,
    indicators: indicatorInfo(run),
    values,
    explanation: redact(explanation, run.visible),
    nodeScores,
    nodeMeans,
    final: o.final[i],
    rank: o.rank[i],
    peerRank: o.peerRank ? o.peerRank[i] : null,
    grade: o.grade ? o.grade[i] : null,
    bonus: o.bonus[i],
    penalty: o.penalty[i],
    vetoes: Object.entries(o.vetoes)
      .filter(([, v]) => v[i])
      .map(([k]) => k),
    change: o.change
      ? {
          previousRank: o.change.previousRank[i],
          rankDelta: o.change.rankDelta[i],
          previousScore: o.change.previousScore[i],
          scoreDelta: o.change.scoreDelta[i],
        }
      : null,
    rankHistory: await repo.rankHistory(db, actor, run.row.schemeId, unit),
  };
}

/** Recomputes with some of one unit's values changed. Nothing is stored. */
export async function whatIfRun(db: Db, actor: Actor, id: number, unit: string, changes: Record<string, number>) {
  const run = await loadRun(db, actor, id);
  unitIndex(run, unit);
  const allowed = new Set(Object.keys(run.snapshot.columns));
  const bad = Object.keys(changes).filter((c) => !allowed.has(c));
  if (bad.length) {
    throw new AppError(
      'ASSESS_UNKNOWN_COLUMN',
      400,
      { zh: `不是该方案的数据列：${bad.join('、')}`, en: `not a data column of this scheme: ${bad.join(', ')}` },
      { columns: bad },
    );
  }
  const outcome = engine(() => whatIf(parseScheme(run.definition), dataOf(run.snapshot), unit, changes));
  return toPlain(outcome);
}

export const SENSITIVITY_NORMALISATIONS = ['minmax', 'zscore', 'rank', 'percentile', 'borda', 'fracmax', 'dist2max'] as const;
export const SENSITIVITY_AGGREGATIONS = ['amean', 'gmean', 'hmean', 'topsis'] as const;

export interface SensitivityInput {
  runs: number;
  seed: number;
  weightShare: number;
  normalisations: (typeof SENSITIVITY_NORMALISATIONS)[number][];
  aggregations: (typeof SENSITIVITY_AGGREGATIONS)[number][];
}

/** Seeded Monte Carlo of ranks (same seed → same intervals). Nothing is stored. */
export async function sensitivityRun(db: Db, actor: Actor, id: number, input: SensitivityInput) {
  const run = await loadRun(db, actor, id);
  const res = engine(() =>
    sensitivity(parseScheme(run.definition), dataOf(run.snapshot), {
      runs: input.runs,
      seed: input.seed,
      weightShare: input.weightShare,
      normalisations: input.normalisations.map((m) => NormaliseSpecSchema.parse({ method: m })),
      aggregations: input.aggregations.map((m) => AggregationSpecSchema.parse({ method: m })),
    }),
  );
  const p = toPlain(res);
  // the scheme's screening may have dropped units: the engine's rows follow its own unit list
  const names = new Map(run.snapshot.units.map((u) => [u.code, u.name]));
  const units = res.unitIds
    .map((code, i) => ({
      unit: code,
      name: names.get(code)!,
      nominal: p.nominalRank[i],
      median: p.medianRank[i],
      low: p.lowRank[i],
      high: p.highRank[i],
      mean: p.meanRank[i],
    }))
    .filter((u) => run.visible.has(u.unit))
    .sort((a, b) => (a.nominal ?? Infinity) - (b.nominal ?? Infinity));
  return {
    runId: id,
    runs: p.runs,
    seed: p.seed,
    applied: p.applied,
    skipped: p.skipped,
    failedRuns: p.failedRuns,
    unitCount: run.snapshot.units.length,
    units,
  };
}
