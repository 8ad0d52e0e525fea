/** 考核评价 runs: stored immutably (input snapshot + outputs), listed, published and reproduced. */
import { parseScheme } from '@gongfu/engine/assess';
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { readPage, type Page, type PageQuery } from '../http/schemas.js';
import { canonicalJsonUndefinedAsNull, sha256 } from '../util/canonical-json.js';
import { Bindings } from './bindings.js';
import { engine } from './errors.js';
import * as repo from './repository.js';
import { SCHEME } from './schemes.js';
import { listIndicators } from '../indicators/repository.js';
import type { RankingRow, ReadIndicator, RunMeta } from './schemas.js';
import { computeOutputs, gatherSnapshot, type Snapshot } from './snapshot.js';
import { rankingRows, schemeLabels, textOf, type PlainResult } from './tables.js';

const RUN = { zh: '考核结果', en: 'Assessment run' };

function runMeta(r: repo.RunRow, definition: unknown, snapshot: Snapshot | null, visible: number): RunMeta {
  const d = definition as { disclaimer?: string | { zh: string; en?: string } };
  return {
    id: r.id,
    scheme: { code: r.schemeCode, titleZh: r.titleZh, titleEn: r.titleEn, illustrative: r.illustrative },
    version: r.version,
    label: r.label,
    period: r.period,
    previousPeriod: snapshot?.previousPeriod ?? null,
    region: { code: r.regionCode, name: r.regionName },
    unitKind: r.unitKind,
    unitCount: r.unitCount,
    visibleUnits: visible,
    synthetic: r.synthetic,
    published: r.published,
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt,
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    createdAt: r.createdAt,
    inputSha256: r.inputSha256,
    disclaimer: d.disclaimer ? { zh: textOf(d.disclaimer, 'zh'), en: textOf(d.disclaimer, 'en') } : null,
  };
}

export interface RunInput {
  scheme: string;
  version?: number;
  period: string;
  region?: string;
}

/** Runs a scheme version for a period over the units under a region and stores the immutable run. */
export async function createRun(db: Db, actor: Actor, input: RunInput): Promise<RunMeta> {
  const v = await repo.findVersion(db, input.scheme, input.version);
  if (!v) throw notFound(SCHEME, input.version ? `${input.scheme} v${input.version}` : input.scheme);
  const b = Bindings.parse(v.bindings);
  const plan = engine(() => parseScheme(v.definition));
  const snapshot = await gatherSnapshot(db, actor, b, plan, input.period, input.region ?? b.defaultRegion);
  const outputs = computeOutputs(v.definition, snapshot);
  const inputSha256 = sha256(canonicalJsonUndefinedAsNull(snapshot));
  const id = await audited(db, actor, async (tx) => {
    const id = await repo.insertRunUnscoped(tx, {
      schemeVersionId: v.id,
      period: snapshot.period,
      regionCode: snapshot.region.code,
      unitKind: snapshot.unitKind,
      input: snapshot,
      inputSha256,
      outputs,
      synthetic: snapshot.syntheticObservations > 0,
      createdBy: actor.id,
      units: snapshot.units.map((u, i) => ({
        code: u.code,
        name: u.name,
        regionCode: u.regionCode,
        final: outputs.final[i],
        rank: outputs.rank[i],
        grade: outputs.grade ? outputs.grade[i] : null,
      })),
    });
    return {
      result: id,
      audit: {
        action: 'assess.run',
        target: `assess_run:${id}`,
        after: {
          scheme: input.scheme,
          version: v.version,
          period: snapshot.period,
          region: snapshot.region.code,
          units: snapshot.units.length,
          inputSha256,
        },
      },
    };
  });
  return (await loadRun(db, actor, id)).meta;
}

export interface LoadedRun {
  row: repo.RunRow;
  meta: RunMeta;
  definition: unknown;
  bindings: Bindings;
  snapshot: Snapshot;
  outputs: PlainResult;
  visible: Set<string>;
  labels: Record<string, { zh: string; en: string }>;
}

export async function loadRun(db: Db, actor: Actor, id: number): Promise<LoadedRun> {
  const row = await repo.findRun(db, actor, id);
  if (!row) throw notFound(RUN, String(id));
  const p = (await repo.runPayload(db, actor, id))!;
  const visible = await repo.visibleRunUnits(db, actor, id);
  const snapshot = p.input as Snapshot;
  return {
    row,
    meta: runMeta(row, p.definition, snapshot, visible.size),
    definition: p.definition,
    bindings: p.bindings as Bindings,
    snapshot,
    outputs: p.outputs as PlainResult,
    visible,
    labels: schemeLabels(p.definition),
  };
}

/** A page of the stored runs with at least one unit in the caller's scope, newest first, and their total. */
export async function listRuns(db: Db, actor: Actor, f: repo.RunFilter, p: PageQuery): Promise<Page<RunMeta>> {
  return readPage(
    p,
    async (w) => {
      const found = await repo.listRunRows(db, actor, f, w);
      const visible = await repo.visibleCounts(
        db,
        actor,
        found.map((r) => r.id),
      );
      return found.map((r) => runMeta(r, {}, null, visible.get(r.id) ?? 0));
    },
    () => repo.countRuns(db, actor, f),
  );
}

export const groupAttribute = (run: LoadedRun): (string | null)[] | null => {
  const d = run.definition as { ranking?: { peerGroupBy?: string }; grading?: { peerGroupBy?: string } };
  const g = d.ranking?.peerGroupBy ?? d.grading?.peerGroupBy;
  return g ? (run.snapshot.attributes[g] ?? null) : null;
};

export interface IndicatorInfo {
  id: string;
  column: string;
  indicatorCode: string | null;
  unit: string | null;
  direction: 1 | -1;
  target: number | null;
}

export function indicatorInfo(run: LoadedRun): IndicatorInfo[] {
  const d = run.definition as { indicators: { id: string; column?: string; unit?: string; direction?: 1 | -1; target?: number }[] };
  return d.indicators.map((i) => ({
    id: i.id,
    column: i.column ?? i.id,
    indicatorCode: run.bindings.columns[i.column ?? i.id] ?? null,
    unit: i.unit ?? null,
    direction: i.direction ?? 1,
    target: i.target ?? null,
  }));
}

/**
 * The catalogue indicators a run read, from its stored snapshot: code, the catalogue's name and unit,
 * the data columns it filled, and how many units had a value in the period and the one before. Shown
 * with the run so a reader sees which entry the figures came from.
 */
export async function readIndicators(db: Db, run: LoadedRun): Promise<ReadIndicator[]> {
  const s = run.snapshot;
  const count = (values: (number | null)[] | undefined) => (values ? values.filter((v) => v !== null).length : 0);
  const byCode = new Map<string, { columns: string[]; values: number; previous: number | null }>();
  for (const [column, col] of Object.entries(s.columns)) {
    const entry = byCode.get(col.indicator) ?? { columns: [], values: 0, previous: s.previous ? 0 : null };
    entry.columns.push(column);
    // several columns may read one indicator: they read the same values
    entry.values = Math.max(entry.values, count(col.values));
    if (entry.previous !== null) entry.previous = Math.max(entry.previous, count(s.previous?.[column]?.values));
    byCode.set(col.indicator, entry);
  }
  const catalogue = new Map((await listIndicators(db, [...byCode.keys()])).map((i) => [i.code, i]));
  return [...byCode].map(([code, e]) => {
    const i = catalogue.get(code);
    return {
      indicatorCode: code,
      nameZh: i?.nameZh ?? code,
      nameEn: i?.nameEn ?? code,
      unit: i?.unit ?? '',
      columns: e.columns,
      period: s.period,
      values: e.values,
      units: s.units.length,
      previousPeriod: s.previous ? s.previousPeriod : null,
      previousValues: e.previous,
    };
  });
}

export interface RunDetail {
  [key: string]: unknown;
  run: RunMeta;
  labels: Record<string, { zh: string; en: string }>;
  root: string;
  nodes: string[];
  levels: Record<string, number>;
  indicators: IndicatorInfo[];
  /** the catalogue indicators the run read (codes, names, units, periods, number of values) */
  read: ReadIndicator[];
  ranking: RankingRow[];
  weights: PlainResult['weights'];
  effectiveWeights: Record<string, number | null>;
  grades: string[];
  hasPeerGroups: boolean;
  warnings: { code: string; zh: string; en: string }[];
  /** units in the caller's scope that the scheme's screening dropped, with the reason */
  screenedOut: { unit: string; name: string; zh: string; en: string }[];
}

export async function runDetail(db: Db, actor: Actor, id: number): Promise<RunDetail> {
  const run = await loadRun(db, actor, id);
  const d = run.definition as { grading?: { type: string; bands?: { grade: string }[]; shares?: { grade: string }[]; otherwise?: string } };
  const grades = d.grading
    ? [...(d.grading.bands ?? d.grading.shares ?? []).map((g) => g.grade), ...(d.grading.otherwise ? [d.grading.otherwise] : [])]
    : [];
  return {
    run: run.meta,
    labels: run.labels,
    root: run.outputs.root,
    nodes: run.outputs.nodes,
    levels: run.outputs.levels as Record<string, number>,
    indicators: indicatorInfo(run),
    read: await readIndicators(db, run),
    ranking: rankingRows(run.outputs, run.snapshot.units, groupAttribute(run), run.visible),
    weights: run.outputs.weights,
    effectiveWeights: run.outputs.effectiveWeights,
    grades,
    hasPeerGroups: !!run.outputs.peerRank,
    warnings: run.outputs.warnings.map((w) => ({ code: w.code, zh: w.zh, en: w.en })),
    screenedOut: (run.outputs.screening?.removed ?? [])
      .filter((u) => run.visible.has(u.unit))
      .map((u) => ({
        unit: u.unit,
        name: run.snapshot.units.find((s) => s.code === u.unit)?.name ?? u.unit,
        zh: u.zh ?? '',
        en: u.en ?? '',
      })),
  };
}

export async function publishRun(db: Db, actor: Actor, id: number): Promise<RunMeta> {
  const run = await loadRun(db, actor, id);
  if (run.visible.size !== run.snapshot.units.length) {
    throw new AppError('OUT_OF_SCOPE', 403, {
      zh: '该考核包含你数据范围外的单位，不能发布',
      en: 'this run includes units outside your data scope; you cannot publish it',
    });
  }
  if (run.row.published)
    throw new AppError('ASSESS_ALREADY_PUBLISHED', 409, { zh: '该考核结果已发布', en: 'this run is published already' });
  await audited(db, actor, async (tx) => {
    await repo.markPublishedUnscoped(tx, id, actor.id);
    return { result: null, audit: { action: 'assess.publish', target: `assess_run:${id}`, after: { published: true } } };
  });
  return (await loadRun(db, actor, id)).meta;
}

/** Re-runs the engine on the stored snapshot and compares with the stored outputs. */
export async function reproduceRun(db: Db, actor: Actor, id: number) {
  const run = await loadRun(db, actor, id);
  const again = computeOutputs(run.definition, run.snapshot);
  const inputSha256 = sha256(canonicalJsonUndefinedAsNull(run.snapshot));
  const a = canonicalJsonUndefinedAsNull(again);
  const b = canonicalJsonUndefinedAsNull(run.outputs);
  return {
    runId: id,
    inputIntact: inputSha256 === run.row.inputSha256,
    identical: a === b,
    outputsSha256: sha256(b),
    recomputedSha256: sha256(a),
  };
}
