/**
 * 考核评价 service: schemes with immutable versions (validated by the engine's parseScheme), runs over
 * the units under a region with data from indicator observations (caller's scope), immutable stored
 * runs (input snapshot + outputs) that can be reproduced and explained later, scorecards, what-if and
 * sensitivity (nothing stored), exports and a printable report.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  AggregationSpecSchema,
  NormaliseSpecSchema,
  parseScheme,
  runScheme,
  sensitivity,
  toPlain,
  whatIf,
  type AssessData,
  type Plan,
} from '@gongfu/engine/assess';
import { regionScope, type Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import { one, type Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { listIndicators } from '../indicators/repository.js';
import { queryObservations } from '../observations/repository.js';
import { periodEnd, readPeriod, type ParsedPeriod } from '../observations/period.js';
import { Bindings, checkBindings, schemeAttributes, schemeColumns, townType } from './bindings.js';
import { engine } from './errors.js';
import * as repo from './repository.js';
import type { RankingRow, RunMeta } from './schemas.js';
import { rankingRows, schemeLabels, textOf, type Lang, type PlainExplanation, type PlainResult, type UnitMeta } from './tables.js';

const SCHEME = { zh: '考核方案', en: 'Assessment scheme' };
const RUN = { zh: '考核结果', en: 'Assessment run' };

// ---------------------------------------------------------------- schemes

export interface SchemeSummary extends Omit<repo.SchemeRow, 'id'> {}

const summary = ({ id: _id, ...s }: repo.SchemeRow): SchemeSummary => s;

export async function listSchemes(db: Db): Promise<SchemeSummary[]> {
  return (await repo.listSchemeRows(db)).map(summary);
}

export interface SchemeVersionView {
  schemeCode: string;
  version: number;
  label: string;
  definition: unknown;
  bindings: Bindings;
  note: string;
  createdBy: string;
  createdAt: string;
}

const versionView = (v: repo.VersionRow): SchemeVersionView => ({
  schemeCode: v.schemeCode,
  version: v.version,
  label: v.label,
  definition: v.definition,
  bindings: v.bindings as Bindings,
  note: v.note,
  createdBy: v.createdBy,
  createdAt: v.createdAt,
});

export async function getScheme(db: Db, code: string) {
  const s = await repo.findScheme(db, code);
  if (!s) throw notFound(SCHEME, code);
  const latest = (await repo.findVersion(db, code))!;
  const versions = await repo.listVersions(db, code);
  return {
    scheme: summary(s),
    latest: versionView(latest),
    versions: versions.map((v) => ({ version: v.version, label: v.label, note: v.note, createdBy: v.createdBy, createdAt: v.createdAt })),
  };
}

export async function getSchemeVersion(db: Db, code: string, version?: number): Promise<SchemeVersionView> {
  const v = await repo.findVersion(db, code, version);
  if (!v) throw notFound(SCHEME, version ? `${code} v${version}` : code);
  return versionView(v);
}

export interface ValidationSummary {
  id: string;
  indicators: number;
  nodes: number;
  levels: number;
  columns: string[];
  attributes: string[];
  /** per node: children and declared weights with their sum (for the editor) */
  weights: { node: string; children: string[]; weights: (number | null)[]; sum: number | null; method: string }[];
}

/** Validates a scheme with the engine (and bindings when given); throws AppError with the engine's code. */
export function validateDefinition(definition: unknown, bindings?: unknown): { plan: Plan; summary: ValidationSummary; bindings?: Bindings } {
  const plan = engine(() => parseScheme(definition));
  const b = bindings === undefined ? undefined : checkBindings(plan, bindings);
  const weights = plan.scheme.nodes.map((n) => {
    const declared = plan.declaredWeights.get(n.id) ?? [];
    const ws = declared.map((w) => (Number.isFinite(w) ? w : null));
    const method = (n.weighting ?? plan.scheme.weighting).method;
    return {
      node: n.id,
      children: plan.children.get(n.id) ?? [],
      weights: ws,
      sum: ws.every((w) => w !== null) ? ws.reduce((a, w) => a + (w ?? 0), 0) : null,
      method,
    };
  });
  return {
    plan,
    bindings: b,
    summary: {
      id: plan.scheme.id,
      indicators: plan.indicators.length,
      nodes: plan.order.length,
      levels: plan.maxLevel,
      columns: schemeColumns(plan),
      attributes: schemeAttributes(plan),
      weights,
    },
  };
}

async function checkIndicatorsExist(db: Db, b: Bindings): Promise<void> {
  const codes = [...new Set(Object.values(b.columns))];
  const found = new Set((await listIndicators(db, codes)).map((i) => i.code));
  const unknown = codes.filter((c) => !found.has(c));
  if (unknown.length) {
    throw new AppError('ASSESS_UNKNOWN_INDICATOR', 400, {
      zh: `绑定的指标不在指标目录中：${unknown.join('、')}`,
      en: `bound indicators are not in the catalogue: ${unknown.join(', ')}`,
    }, { indicators: unknown });
  }
}

export interface NewVersionInput {
  definition: unknown;
  bindings?: unknown;
  note?: string;
}

/** Creates a scheme (its first version). The scheme code is the definition's `id`. */
export async function createScheme(db: Db, actor: Actor, input: NewVersionInput & { bindings: unknown }): Promise<SchemeVersionView> {
  const { plan, bindings } = validateDefinition(input.definition, input.bindings);
  await checkIndicatorsExist(db, bindings!);
  const s = plan.scheme;
  if (await repo.findScheme(db, s.id)) {
    throw new AppError('ASSESS_SCHEME_EXISTS', 409, { zh: `考核方案 ${s.id} 已存在，请新建版本`, en: `scheme ${s.id} exists already; create a new version instead` });
  }
  return audited(db, actor, async (tx) => {
    const schemeId = await repo.insertScheme(tx, {
      code: s.id,
      titleZh: textOf(s.name, 'zh', s.id),
      titleEn: textOf(s.name, 'en', s.id),
      illustrative: s.illustrative,
      createdBy: actor.id,
    });
    const version = await repo.insertVersion(tx, { schemeId, label: s.version, definition: input.definition, bindings, note: input.note ?? '', createdBy: actor.id });
    const view = (await repo.findVersion(tx, s.id, version))!;
    return { result: versionView(view), audit: { action: 'assess.scheme.create', target: `assess_scheme:${s.id}`, after: { version, label: s.version } } };
  });
}

/** A new immutable version; bindings default to the latest version's. */
export async function createSchemeVersion(db: Db, actor: Actor, code: string, input: NewVersionInput): Promise<SchemeVersionView> {
  const latest = await repo.findVersion(db, code);
  if (!latest) throw notFound(SCHEME, code);
  const { plan, bindings } = validateDefinition(input.definition, input.bindings ?? latest.bindings);
  if (plan.scheme.id !== code) {
    throw new AppError('ASSESS_SCHEME_ID_MISMATCH', 400, {
      zh: `方案 id（${plan.scheme.id}）与方案编码 ${code} 不一致`,
      en: `scheme id (${plan.scheme.id}) differs from the scheme code ${code}`,
    });
  }
  await checkIndicatorsExist(db, bindings!);
  return audited(db, actor, async (tx) => {
    const version = await repo.insertVersion(tx, {
      schemeId: latest.schemeId,
      label: plan.scheme.version,
      definition: input.definition,
      bindings,
      note: input.note ?? '',
      createdBy: actor.id,
    });
    await tx.execute(sql`update assess_scheme set title_zh = ${textOf(plan.scheme.name, 'zh', code)}, title_en = ${textOf(plan.scheme.name, 'en', code)}
                         where id = ${latest.schemeId}`);
    const view = (await repo.findVersion(tx, code, version))!;
    return {
      result: versionView(view),
      audit: { action: 'assess.scheme.version', target: `assess_scheme:${code}`, before: { version: latest.version }, after: { version, label: plan.scheme.version, note: input.note ?? '' } },
    };
  });
}

// ---------------------------------------------------------------- input snapshot

export interface SnapshotColumn {
  indicator: string;
  values: (number | null)[];
  /** id of the observation each value came from (null = missing) */
  observationIds: (number | null)[];
}

export interface Snapshot {
  format: 1;
  period: string;
  previousPeriod: string | null;
  region: { code: string; name: string };
  unitKind: 'region' | 'platform';
  units: UnitMeta[];
  columns: Record<string, SnapshotColumn>;
  previous: Record<string, SnapshotColumn> | null;
  attributes: Record<string, (string | null)[]>;
  /** observation ids that came from batches flagged synthetic */
  syntheticObservations: number;
}

const toNum = (v: number | null) => (v === null ? NaN : v);

/** The engine's data table from a stored snapshot (null → NaN). */
export function dataOf(s: Snapshot): AssessData {
  const values: Record<string, Float64Array> = {};
  for (const [c, col] of Object.entries(s.columns)) values[c] = Float64Array.from(col.values, toNum);
  const data: { unitIds: string[]; values: Record<string, Float64Array>; attributes?: Record<string, (string | null)[]>; previous?: Record<string, Float64Array> } = {
    unitIds: s.units.map((u) => u.code),
    values,
  };
  if (Object.keys(s.attributes).length) data.attributes = s.attributes;
  if (s.previous) {
    data.previous = {};
    for (const [c, col] of Object.entries(s.previous)) data.previous[c] = Float64Array.from(col.values, toNum);
  }
  return data;
}

/** JSON with object keys sorted: the same text for the same content, whatever the storage does to key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const FREQ: Record<string, ParsedPeriod['frequency'] | null> = { annual: 'year', monthly: 'month', quarterly: 'quarter', other: null };

function previousPeriodOf(p: ParsedPeriod): string {
  const y = Number(p.period.slice(0, 4));
  if (p.frequency === 'year') return String(y - 1);
  if (p.frequency === 'quarter') {
    const q = Number(p.period.slice(6));
    return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  }
  const m = Number(p.period.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function parseRunPeriod(plan: Plan, raw: string): ParsedPeriod {
  const p = readPeriod(raw);
  const want = FREQ[plan.scheme.period];
  if (!p || (want && p.frequency !== want)) {
    throw new AppError('ASSESS_PERIOD_INVALID', 400, {
      zh: `期间“${raw}”无效：方案“${textOf(plan.scheme.name, 'zh')}”按${{ annual: '年', monthly: '月', quarterly: '季', other: '期' }[plan.scheme.period]}考核（如 ${plan.scheme.period === 'monthly' ? '2025-06' : plan.scheme.period === 'quarterly' ? '2025-Q2' : '2024'}）`,
      en: `invalid period "${raw}": the scheme is ${plan.scheme.period} (e.g. ${plan.scheme.period === 'monthly' ? '2025-06' : plan.scheme.period === 'quarterly' ? '2025-Q2' : '2024'})`,
    });
  }
  return p;
}

async function columnValues(db: Db, actor: Actor, b: Bindings, units: UnitMeta[], period: ParsedPeriod) {
  const indicators = [...new Set(Object.values(b.columns))];
  const found = await queryObservations(db, actor, {
    indicators,
    subjectKind: b.units.kind,
    subjects: units.map((u) => u.code),
    from: period.start,
    to: periodEnd(period),
    limit: 10_000_000,
    offset: 0,
  });
  const byKey = new Map<string, (typeof found)[number]>();
  for (const o of found) if (o.period === period.period) byKey.set(`${o.indicatorCode}|${o.subjectCode}`, o);
  const columns: Record<string, SnapshotColumn> = {};
  let synthetic = 0;
  let any = 0;
  for (const [column, indicator] of Object.entries(b.columns)) {
    const values: (number | null)[] = [];
    const ids: (number | null)[] = [];
    for (const u of units) {
      const o = byKey.get(`${indicator}|${u.code}`);
      values.push(o ? o.value : null);
      ids.push(o ? o.id : null);
      if (o) {
        any++;
        if (o.synthetic) synthetic++;
      }
    }
    columns[column] = { indicator, values, observationIds: ids };
  }
  return { columns, synthetic, any };
}

function attributeValues(b: Bindings, units: (UnitMeta & { parentName: string | null })[]): Record<string, (string | null)[]> {
  const out: Record<string, (string | null)[]> = {};
  for (const [name, src] of Object.entries(b.attributes)) {
    out[name] = units.map((u) =>
      src.source === 'townType' ? townType(u.name) : src.source === 'parentName' ? u.parentName : (src.values[u.code] ?? src.otherwise),
    );
  }
  return out;
}

/** Reads the units and their values for a period; refuses units outside the caller's scope. */
export async function gatherSnapshot(db: Db, actor: Actor, b: Bindings, plan: Plan, periodText: string, regionCode: string): Promise<Snapshot> {
  const period = parseRunPeriod(plan, periodText);
  const region = await one<{ code: string; name: string; path: string; visible: boolean }>(
    db,
    sql`select r.code, r.name, r.path, ${regionScope(actor, sql`r.path`, sql`r.code`)} as visible
        from region r where r.code = ${regionCode}`,
  );
  if (!region) throw notFound({ zh: '地区', en: 'Region' }, regionCode);
  const candidates = await repo.unitsUnder(db, actor, region.path, b.units);
  const hidden = candidates.filter((u) => !u.visible);
  if (!region.visible || hidden.length) {
    throw new AppError('OUT_OF_SCOPE', 403, {
      zh: `${region.name}的评价单位超出你的数据范围${hidden.length ? `（${hidden.length} 个单位不可见）` : ''}，不能在此范围内考核`,
      en: `the units of ${region.name} are outside your data scope${hidden.length ? ` (${hidden.length} units not visible)` : ''}; you cannot run an assessment over them`,
    }, { region: regionCode, hidden: hidden.length });
  }
  if (candidates.length === 0) {
    throw new AppError('ASSESS_NO_UNITS', 422, {
      zh: `${region.name}下没有可考核的单位（${b.units.kind === 'platform' ? '平台' : b.units.level}）`,
      en: `no units to assess under ${region.name} (${b.units.kind === 'platform' ? 'platforms' : b.units.level})`,
    });
  }
  const units = candidates.map((u) => ({ code: u.code, name: u.name, regionCode: u.regionCode, parentName: u.parentName }));
  const current = await columnValues(db, actor, b, units, period);
  if (current.any === 0) {
    throw new AppError('ASSESS_NO_DATA', 422, {
      zh: `${period.period} 没有这些单位的任何指标数据`,
      en: `no indicator data for these units in ${period.period}`,
    }, { period: period.period });
  }
  const prevText = previousPeriodOf(period);
  const prevPeriod = readPeriod(prevText)!;
  const previous = await columnValues(db, actor, b, units, prevPeriod);
  return {
    format: 1,
    period: period.period,
    previousPeriod: previous.any ? prevText : null,
    region: { code: region.code, name: region.name },
    unitKind: b.units.kind,
    units: units.map(({ parentName: _p, ...u }) => u),
    columns: current.columns,
    previous: previous.any ? previous.columns : null,
    attributes: attributeValues(b, units),
    syntheticObservations: current.synthetic + previous.synthetic,
  };
}

/** What a run stores as outputs: every score, rank, grade and explanation, JSON-ready. */
export function computeOutputs(definition: unknown, snapshot: Snapshot): PlainResult {
  return engine(() => toPlain(runScheme(parseScheme(definition), dataOf(snapshot), { explain: true })));
}

// ---------------------------------------------------------------- runs


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
  const inputSha256 = sha256(canonicalJson(snapshot));
  const id = await audited(db, actor, async (tx) => {
    const id = await repo.insertRun(tx, {
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
        after: { scheme: input.scheme, version: v.version, period: snapshot.period, region: snapshot.region.code, units: snapshot.units.length, inputSha256 },
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
  const p = await repo.runPayload(db, id);
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

export async function listRuns(db: Db, actor: Actor, f: { scheme?: string; published?: boolean; limit: number }): Promise<RunMeta[]> {
  const found = await repo.listRunRows(db, actor, f);
  const visible = await repo.visibleCounts(db, actor, found.map((r) => r.id));
  return found.map((r) => runMeta(r, {}, null, visible.get(r.id) ?? 0));
}

const groupAttribute = (run: LoadedRun): (string | null)[] | null => {
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

function indicatorInfo(run: LoadedRun): IndicatorInfo[] {
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

export interface RunDetail {
  [key: string]: unknown;
  run: RunMeta;
  labels: Record<string, { zh: string; en: string }>;
  root: string;
  nodes: string[];
  levels: Record<string, number>;
  indicators: IndicatorInfo[];
  ranking: RankingRow[];
  weights: PlainResult['weights'];
  effectiveWeights: Record<string, number | null>;
  grades: string[];
  hasPeerGroups: boolean;
  warnings: { code: string; zh: string; en: string }[];
}

export async function runDetail(db: Db, actor: Actor, id: number): Promise<RunDetail> {
  const run = await loadRun(db, actor, id);
  const d = run.definition as { grading?: { type: string; bands?: { grade: string }[]; shares?: { grade: string }[]; otherwise?: string } };
  const grades = d.grading ? [...(d.grading.bands ?? d.grading.shares ?? []).map((g) => g.grade), ...(d.grading.otherwise ? [d.grading.otherwise] : [])] : [];
  return {
    run: run.meta,
    labels: run.labels,
    root: run.outputs.root,
    nodes: run.outputs.nodes,
    levels: run.outputs.levels as Record<string, number>,
    indicators: indicatorInfo(run),
    ranking: rankingRows(run.outputs, run.snapshot.units, groupAttribute(run), run.visible),
    weights: run.outputs.weights,
    effectiveWeights: run.outputs.effectiveWeights,
    grades,
    hasPeerGroups: !!run.outputs.peerRank,
    warnings: run.outputs.warnings.map((w) => ({ code: w.code, zh: w.zh, en: w.en })),
  };
}

export async function publishRun(db: Db, actor: Actor, id: number): Promise<RunMeta> {
  const run = await loadRun(db, actor, id);
  if (run.visible.size !== run.snapshot.units.length) {
    throw new AppError('OUT_OF_SCOPE', 403, { zh: '该考核包含你数据范围外的单位，不能发布', en: 'this run includes units outside your data scope; you cannot publish it' });
  }
  if (run.row.published) throw new AppError('ASSESS_ALREADY_PUBLISHED', 409, { zh: '该考核结果已发布', en: 'this run is published already' });
  await audited(db, actor, async (tx) => {
    await repo.markPublished(tx, id, actor.id);
    return { result: null, audit: { action: 'assess.publish', target: `assess_run:${id}`, after: { published: true } } };
  });
  return (await loadRun(db, actor, id)).meta;
}

/** Re-runs the engine on the stored snapshot and compares with the stored outputs. */
export async function reproduceRun(db: Db, actor: Actor, id: number) {
  const run = await loadRun(db, actor, id);
  const again = computeOutputs(run.definition, run.snapshot);
  const inputSha256 = sha256(canonicalJson(run.snapshot));
  const a = canonicalJson(again);
  const b = canonicalJson(run.outputs);
  return {
    runId: id,
    inputIntact: inputSha256 === run.row.inputSha256,
    identical: a === b,
    outputsSha256: sha256(b),
    recomputedSha256: sha256(a),
  };
}

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

export async function scorecard(db: Db, actor: Actor, id: number, unit: string) {
  const run = await loadRun(db, actor, id);
  const i = unitIndex(run, unit);
  const o = run.outputs;
  const explanation = o.explanations?.[i];
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
    vetoes: Object.entries(o.vetoes).filter(([, v]) => v[i]).map(([k]) => k),
    change: o.change
      ? { previousRank: o.change.previousRank[i], rankDelta: o.change.rankDelta[i], previousScore: o.change.previousScore[i], scoreDelta: o.change.scoreDelta[i] }
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
    throw new AppError('ASSESS_UNKNOWN_COLUMN', 400, { zh: `不是该方案的数据列：${bad.join('、')}`, en: `not a data column of this scheme: ${bad.join(', ')}` }, { columns: bad });
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
  const units = run.snapshot.units
    .map((u, i) => ({
      unit: u.code,
      name: u.name,
      nominal: p.nominalRank[i],
      median: p.medianRank[i],
      low: p.lowRank[i],
      high: p.highRank[i],
      mean: p.meanRank[i],
    }))
    .filter((u) => run.visible.has(u.unit))
    .sort((a, b) => (a.nominal ?? Infinity) - (b.nominal ?? Infinity));
  return { runId: id, runs: p.runs, seed: p.seed, applied: p.applied, skipped: p.skipped, failedRuns: p.failedRuns, unitCount: run.snapshot.units.length, units };
}

export type { Lang };
