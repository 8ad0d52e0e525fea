/**
 * The input snapshot of a run: the units under a region (all inside the caller's scope) and their
 * indicator values for the period and the one before, with the observation ids they came from.
 */
import { parseScheme, runScheme, toPlain, type AssessData, type Plan } from '@gongfu/engine/assess';
import { alignToUnits } from './screened.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { queryObservations } from '../observations/repository.js';
import { periodEnd, readPeriod, type ParsedPeriod } from '../observations/period.js';
import { type Bindings, townType } from './bindings.js';
import { engine } from './errors.js';
import { parseRunPeriod, previousPeriodOf } from './period.js';
import * as repo from './repository.js';
import type { PlainResult, UnitMeta } from './tables.js';

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
  const data: {
    unitIds: string[];
    values: Record<string, Float64Array>;
    attributes?: Record<string, (string | null)[]>;
    previous?: Record<string, Float64Array>;
  } = {
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
export async function gatherSnapshot(
  db: Db,
  actor: Actor,
  b: Bindings,
  plan: Plan,
  periodText: string,
  regionCode: string,
): Promise<Snapshot> {
  const period = parseRunPeriod(plan, periodText);
  const region = await repo.findRegionMarked(db, actor, regionCode);
  if (!region) throw notFound({ zh: '地区', en: 'Region' }, regionCode);
  const candidates = await repo.unitsUnder(db, actor, region.path, b.units);
  const hidden = candidates.filter((u) => !u.visible);
  if (!region.visible || hidden.length) {
    throw new AppError(
      'OUT_OF_SCOPE',
      403,
      {
        zh: `${region.name}的评价单位超出你的数据范围${hidden.length ? `（${hidden.length} 个单位不可见）` : ''}，不能在此范围内考核`,
        en: `the units of ${region.name} are outside your data scope${hidden.length ? ` (${hidden.length} units not visible)` : ''}; you cannot run an assessment over them`,
      },
      { region: regionCode, hidden: hidden.length },
    );
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
    throw new AppError(
      'ASSESS_NO_DATA',
      422,
      {
        zh: `${period.period} 没有这些单位的任何指标数据`,
        en: `no indicator data for these units in ${period.period}`,
      },
      { period: period.period },
    );
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
  const out = engine(() => toPlain(runScheme(parseScheme(definition), dataOf(snapshot), { explain: true })));
  return alignToUnits(
    out,
    snapshot.units.map((u) => u.code),
  );
}
