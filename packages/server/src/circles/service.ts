/**
 * The accessibility service: stores networks, facility and resident sets and analysis runs, and
 * runs the pure engine (@gongfu/engine/circles) on them. Networks are decoded once per process and
 * cached with their edge index (networks are immutable). What-if scenarios, isochrones and site
 * suggestions are computed on request and never stored. Coverage results can be written as
 * SERVICE_CIRCLE_COVERAGE observations (one import batch per write, provenance naming the run).
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  analyzeAccess,
  buildEdgeIndex,
  DEFAULT_PRESET,
  importOsmNetwork,
  isochrones,
  isochronesToGeoJSON,
  blindSpotsToGeoJSON,
  networkToGeoJSON,
  parseCandidates,
  parseFacilities,
  parsePreset,
  selectLevels,
  suggestSites,
  thresholdSeconds,
  whatIf,
  type AccessPreset,
  type AccessReport,
  type Candidate,
  type EdgeIndex,
  type Facility,
  type OsmFacility,
  type Resident,
  type RoadNetwork,
  type TravelMode,
} from '@gongfu/engine/circles';
import type { Datum } from '@gongfu/engine/geo';
import { audited } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import { one, type Db } from '../db/store.js';
import { readPage, type PageQuery } from '../http/schemas.js';
import { AppError, notFound } from '../errors.js';
import { parsePeriod } from '../observations/period.js';
import { findSubjects } from '../observations/repository.js';
import { writeObservations } from '../observations/writer.js';
import { getRegion } from '../regions/repository.js';
import { decodeNetwork, encodeNetwork } from './codec.js';
import { engine } from './errors.js';
import { parseFacilityFile, parseResidentFile, readPointFile } from './files.js';
import * as repo from './repository.js';
import { OSM_ATTRIBUTION } from './report.js';
import { SYNTHETIC_RESIDENTS_SOURCE, syntheticResidents } from './synthetic.js';

export const COVERAGE_INDICATOR = 'SERVICE_CIRCLE_COVERAGE';
export const DEFAULT_INDICATOR_LEVEL = 'gb50180-15min';

// ---------------------------------------------------------------- networks

interface Loaded {
  net: RoadNetwork;
  index: EdgeIndex;
}
const cache = new WeakMap<Db, Map<number, Loaded>>();
const CACHE_SIZE = 4;

async function checkRegion(db: Db, actor: Actor, code: string | null | undefined): Promise<string | null> {
  if (!code) return null;
  if (!(await getRegion(db, actor, code))) throw notFound({ zh: '地区', en: 'Region' }, code);
  return code;
}

export interface NetworkUpload {
  fileName: string;
  mode?: TravelMode;
  name?: string;
  source?: string;
  synthetic?: boolean;
  regionCode?: string | null;
}

export async function importNetwork(db: Db, actor: Actor, bytes: Uint8Array, o: NetworkUpload) {
  const regionCode = await checkRegion(db, actor, o.regionCode);
  if (bytes.length === 0) throw new AppError('FILE_EMPTY', 422, { zh: `文件 ${o.fileName} 是空的`, en: `File ${o.fileName} is empty` });
  const result = await engine(() => importOsmNetwork(bytes, { mode: o.mode ?? 'walking' }));
  const graph = encodeNetwork(result.network);
  const osmFacilities = result.facilities.map((f) => ({
    id: f.id,
    name: f.name,
    category: f.category,
    tag: f.tag,
    lon: f.lon,
    lat: f.lat,
  }));
  const network = {
    name: o.name || o.fileName.replace(/\.osm(\.pbf)?$/i, ''),
    fileName: o.fileName,
    fileSha256: createHash('sha256').update(bytes).digest('hex'),
    fileBytes: bytes.length,
    mode: result.network.mode,
    source: o.source || OSM_ATTRIBUTION,
    synthetic: o.synthetic ?? false,
    regionCode,
    summary: result.summary as unknown as Record<string, unknown>,
  };
  const id = await audited(db, actor, async (tx) => {
    const id = await repo.insertNetworkUnscoped(tx, { ...network, graph, osmFacilities, uploadedBy: actor.id });
    const { summary: _summary, ...shown } = network;
    const size = { nodes: result.network.nodeCount, edges: result.network.edgeCount, osmFacilities: osmFacilities.length };
    return { result: id, audit: { action: 'circles.network.import', target: `access_network:${id}`, after: { ...shown, ...size } } };
  });
  return (await repo.getNetworkMeta(db, actor, id))!;
}

export async function networkMeta(db: Db, actor: Actor, id: number) {
  const meta = await repo.getNetworkMeta(db, actor, id);
  if (!meta) throw notFound({ zh: '路网', en: 'Network' }, String(id));
  return meta;
}

export async function loadNetwork(db: Db, actor: Actor, id: number) {
  const meta = await networkMeta(db, actor, id);
  let byDb = cache.get(db);
  if (!byDb) cache.set(db, (byDb = new Map()));
  let loaded = byDb.get(id);
  if (!loaded) {
    const net = decodeNetwork(await repo.getNetworkGraphUnscoped(db, id));
    loaded = { net, index: buildEdgeIndex(net) };
    byDb.set(id, loaded);
    while (byDb.size > CACHE_SIZE) byDb.delete(byDb.keys().next().value!);
  }
  return { meta, ...loaded };
}

export async function networkGeoJSON(db: Db, actor: Actor, id: number, datum: Datum) {
  const { net } = await loadNetwork(db, actor, id);
  return networkToGeoJSON(net, datum);
}

// ---------------------------------------------------------------- facility and resident sets

export interface SetOptions {
  name?: string;
  source?: string;
  datum?: Datum;
  networkId?: number | null;
  synthetic?: boolean;
  regionCode?: string | null;
}

async function setHeader(db: Db, actor: Actor, o: SetOptions, fallbackName: string): Promise<repo.SetHeader> {
  if (o.networkId != null) await networkMeta(db, actor, o.networkId);
  return {
    name: o.name || fallbackName,
    source: o.source || fallbackName,
    sourceDatum: o.datum ?? 'wgs84',
    networkId: o.networkId ?? null,
    synthetic: o.synthetic ?? false,
    regionCode: await checkRegion(db, actor, o.regionCode),
    createdBy: actor.id,
  };
}

/** Stores a point set and its audit row in one transaction. */
async function storeSet(
  db: Db,
  actor: Actor,
  action: string,
  kind: repo.SetKind,
  header: repo.SetHeader,
  insert: (tx: Db) => Promise<{ id: number; count: number }>,
) {
  const id = await audited(db, actor, async (tx) => {
    const { id, count } = await insert(tx);
    const { createdBy: _by, ...shown } = header;
    return { result: id, audit: { action, target: `access_${kind}_set:${id}`, after: { ...shown, count } } };
  });
  return (await repo.getSet(db, actor, kind, id))!;
}

export async function importFacilitySet(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  o: SetOptions & { fileName: string; maxBytes: number; categories?: string[] },
) {
  const file = await readPointFile(bytes, o.fileName, 'facility', o.maxBytes);
  const items = parseFacilityFile(file, DEFAULT_PRESET, o.datum ?? 'wgs84', o.categories ?? []);
  const header = await setHeader(db, actor, o, o.fileName);
  return storeSet(db, actor, 'circles.facility_set.import', 'facility', header, async (tx) => ({
    id: await repo.insertFacilitySetUnscoped(
      tx,
      header,
      items.map((f) => ({ ...f, tag: null })),
    ),
    count: items.length,
  }));
}

export async function facilitySetFromOsm(
  db: Db,
  actor: Actor,
  networkId: number,
  o: { name?: string; categories?: string[]; regionCode?: string | null },
) {
  const meta = await networkMeta(db, actor, networkId);
  let list = await repo.getOsmFacilitiesUnscoped<Pick<OsmFacility, 'id' | 'name' | 'category' | 'tag' | 'lon' | 'lat'>>(db, networkId);
  if (o.categories?.length) list = list.filter((f) => o.categories!.includes(f.category));
  if (list.length === 0) {
    throw new AppError('NO_FACILITIES', 422, {
      zh: `路网 ${meta.name} 的 OSM 标签中没有${o.categories?.length ? `类别为 ${o.categories.join(', ')} 的` : ''}设施`,
      en: `The OSM tags of network ${meta.name} contain no facilities${o.categories?.length ? ` of category ${o.categories.join(', ')}` : ''}`,
    });
  }
  const header = await setHeader(
    db,
    actor,
    {
      name: o.name || `${meta.name} OSM facilities`,
      source: `OSM tags of ${meta.fileName} (${meta.source})`,
      datum: 'wgs84',
      networkId,
      synthetic: meta.synthetic,
      regionCode: o.regionCode ?? meta.regionCode,
    },
    meta.name,
  );
  return storeSet(db, actor, 'circles.facility_set.from_osm', 'facility', header, async (tx) => ({
    id: await repo.insertFacilitySetUnscoped(
      tx,
      header,
      list.map((f) => ({ id: f.id, name: f.name, category: f.category, lon: f.lon, lat: f.lat, capacity: null, region: null, tag: f.tag })),
    ),
    count: list.length,
  }));
}

export async function importResidentSet(db: Db, actor: Actor, bytes: Uint8Array, o: SetOptions & { fileName: string; maxBytes: number }) {
  const file = await readPointFile(bytes, o.fileName, 'resident', o.maxBytes);
  const items = parseResidentFile(file, o.datum ?? 'wgs84');
  const header = await setHeader(db, actor, o, o.fileName);
  return storeSet(db, actor, 'circles.resident_set.import', 'resident', header, async (tx) => ({
    id: await repo.insertResidentSetUnscoped(tx, header, items),
    count: items.length,
  }));
}

export async function syntheticResidentSet(
  db: Db,
  actor: Actor,
  networkId: number,
  o: { name?: string; peoplePerKm?: number; regionCode?: string | null },
) {
  const { meta, net } = await loadNetwork(db, actor, networkId);
  const regionCode = await checkRegion(db, actor, o.regionCode);
  const items = syntheticResidents(net, { peoplePerKm: o.peoplePerKm, region: regionCode });
  const header = await setHeader(
    db,
    actor,
    {
      name: o.name || `${meta.name} synthetic residents（合成）`,
      source: SYNTHETIC_RESIDENTS_SOURCE,
      datum: 'wgs84',
      networkId,
      synthetic: true,
      regionCode,
    },
    meta.name,
  );
  return storeSet(db, actor, 'circles.resident_set.synthetic', 'resident', header, async (tx) => ({
    id: await repo.insertResidentSetUnscoped(tx, header, items),
    count: items.length,
  }));
}

export async function pointSet(db: Db, actor: Actor, kind: repo.SetKind, id: number) {
  const meta = await repo.getSet(db, actor, kind, id);
  if (!meta)
    throw notFound(kind === 'facility' ? { zh: '设施集', en: 'Facility set' } : { zh: '居民点集', en: 'Resident set' }, String(id));
  return meta;
}

export async function facilitySetItems(db: Db, actor: Actor, id: number) {
  const meta = await pointSet(db, actor, 'facility', id);
  return { meta, items: await repo.facilityItemsUnscoped(db, id) };
}

export async function residentSetItems(db: Db, actor: Actor, id: number) {
  const meta = await pointSet(db, actor, 'resident', id);
  return { meta, items: await repo.residentItemsUnscoped(db, id) };
}

// ---------------------------------------------------------------- analysis

export interface AnalysisInput {
  networkId: number;
  facilitySetId: number;
  residentSetId: number;
  /** edited preset (plain JSON); default: the engine's GB 50180 / Zhejiang preset */
  preset?: unknown;
  levels?: string[];
  regionPrefixLengths?: number[];
  maxSnapDistanceM?: number;
  blindSpotDistanceM?: number;
}

async function loadInputs(db: Db, actor: Actor, input: AnalysisInput) {
  const preset: AccessPreset = input.preset === undefined ? DEFAULT_PRESET : await engine(() => parsePreset(input.preset));
  const network = await loadNetwork(db, actor, input.networkId);
  const fs = await facilitySetItems(db, actor, input.facilitySetId);
  const rs = await residentSetItems(db, actor, input.residentSetId);
  const known = new Set(preset.categories.map((c) => c.id));
  const facilities: Facility[] = fs.items
    .filter((f) => known.has(f.category))
    .map((f) => ({ id: f.id, category: f.category, lon: f.lon, lat: f.lat, name: f.name }));
  const ignored = fs.items.length - facilities.length;
  const residents: Resident[] = rs.items;
  const options = {
    levels: input.levels,
    regionPrefixLengths: input.regionPrefixLengths ?? [6, 9],
    maxSnapDistanceM: input.maxSnapDistanceM,
    blindSpotDistanceM: input.blindSpotDistanceM,
  };
  const synthetic = network.meta.synthetic || fs.meta.synthetic || rs.meta.synthetic;
  return { preset, network, facilitySet: fs, residentSet: rs, facilities, residents, options, ignored, synthetic };
}

/** The report without the per-resident array (which GET /access/runs/{id}/residents serves). */
export function summarizeReport(report: AccessReport) {
  const { residents, ...rest } = report;
  return { ...rest, residentCount: residents.length };
}

export async function runCoverage(db: Db, actor: Actor, input: AnalysisInput & { note?: string }) {
  const x = await loadInputs(db, actor, input);
  const report = await engine(() =>
    analyzeAccess(x.network.net, x.facilities, x.residents, x.preset, { ...x.options, index: x.network.index }),
  );
  const options = { ...x.options, ignoredFacilities: x.ignored };
  const regionCode = x.residentSet.meta.regionCode ?? x.facilitySet.meta.regionCode ?? x.network.meta.regionCode;
  const id = await audited(db, actor, async (tx) => {
    const inputs = { networkId: input.networkId, facilitySetId: input.facilitySetId, residentSetId: input.residentSetId };
    const id = await repo.insertRunUnscoped(tx, {
      ...inputs,
      preset: x.preset,
      options,
      report,
      synthetic: x.synthetic,
      regionCode,
      note: input.note ?? '',
      createdBy: actor.id,
    });
    const after = {
      ...inputs,
      options,
      levels: report.levels.map((l) => l.id),
      residents: report.residents.length,
      synthetic: x.synthetic,
      regionCode,
      note: input.note ?? '',
    };
    return { result: id, audit: { action: 'circles.run', target: `access_run:${id}`, after } };
  });
  return getRunSummary(db, actor, id);
}

export async function runRow(db: Db, actor: Actor, id: number, withReport = true) {
  const run = await repo.getRun(db, actor, id, withReport);
  if (!run) throw notFound({ zh: '分析', en: 'Analysis run' }, String(id));
  return run;
}

export async function getRunSummary(db: Db, actor: Actor, id: number) {
  const run = await runRow(db, actor, id);
  return { ...run, report: summarizeReport(run.report as AccessReport) };
}

export async function runResidents(db: Db, actor: Actor, id: number) {
  const run = await runRow(db, actor, id);
  const report = run.report as AccessReport;
  return { categories: report.categories, items: report.residents };
}

export async function runBlindSpots(db: Db, actor: Actor, id: number, filter: { level?: string; category?: string; datum: Datum }) {
  const run = await runRow(db, actor, id);
  const report = run.report as AccessReport;
  const levels = report.levels
    .filter((l) => !filter.level || l.id === filter.level)
    .map((l) => ({ ...l, blindSpots: l.blindSpots.filter((b) => !filter.category || b.category === filter.category) }));
  if (filter.level && levels.length === 0) {
    throw new AppError('UNKNOWN_LEVEL', 400, { zh: `该分析中没有圈层：${filter.level}`, en: `The run has no level ${filter.level}` });
  }
  const fc = blindSpotsToGeoJSON({ ...report, levels }, filter.datum);
  return { ...fc, features: fc.features.map((f) => ({ ...f, properties: { ...f.properties, synthetic: run.synthetic } })) };
}

export interface WhatIfInput extends AnalysisInput {
  add?: { id: string; name?: string | null; category: string; lon: number; lat: number }[];
  close?: string[];
  datum?: Datum;
}

export async function whatIfScenario(db: Db, actor: Actor, input: WhatIfInput) {
  const x = await loadInputs(db, actor, input);
  const add = await engine(() =>
    parseFacilities(
      input.add ?? [],
      x.preset.categories.map((c) => c.id),
      input.datum ?? 'wgs84',
    ),
  );
  const r = await engine(() =>
    whatIf(x.network.net, x.facilities, x.residents, { add, close: input.close ?? [] }, x.preset, { ...x.options, index: x.network.index }),
  );
  const totals = (rep: AccessReport) =>
    rep.levels.map((l) => ({
      level: l.id,
      fullCircleShare: l.total.fullCircleShare,
      fullCirclePopulation: l.total.fullCirclePopulation,
      categories: l.total.categories,
    }));
  return {
    synthetic: x.synthetic,
    added: add,
    closed: input.close ?? [],
    before: totals(r.before),
    after: totals(r.after),
    deltas: r.deltas,
  };
}

export interface SitesInput extends Omit<AnalysisInput, 'levels' | 'regionPrefixLengths' | 'blindSpotDistanceM'> {
  category: string;
  k: number;
  level?: string;
  meters?: number;
  minutes?: number;
  candidates?: { id: string; lon: number; lat: number }[];
  datum?: Datum;
  maxCandidates?: number;
}

export async function siteSuggestions(db: Db, actor: Actor, input: SitesInput) {
  const x = await loadInputs(db, actor, input);
  const net = x.network.net;
  if (!x.preset.categories.some((c) => c.id === input.category)) {
    throw new AppError('UNKNOWN_CATEGORY', 400, {
      zh: `未知的设施类别：${input.category}`,
      en: `Unknown facility category: ${input.category}`,
    });
  }
  const walk = net.offNetworkSpeedMps;
  let seconds: number;
  let thresholdFrom: string;
  let threshold: { level: { id: string; nameZh: string; nameEn: string } | null; meters: number | null; minutes: number | null };
  if (input.minutes !== undefined || input.meters !== undefined) {
    seconds = input.minutes !== undefined ? input.minutes * 60 : input.meters! / walk;
    thresholdFrom = input.minutes !== undefined ? `${input.minutes} min` : `${input.meters} m`;
    threshold = { level: null, meters: input.meters ?? null, minutes: input.minutes ?? null };
  } else {
    const levels = await engine(() => selectLevels(x.preset, net.mode, [input.level ?? DEFAULT_INDICATOR_LEVEL]));
    const t = levels[0].thresholds.find((th) => th.category === input.category);
    if (!t) {
      throw new AppError('NO_THRESHOLD', 400, {
        zh: `圈层 ${levels[0].id} 未规定类别 ${input.category} 的阈值，请给出 meters 或 minutes`,
        en: `Level ${levels[0].id} sets no threshold for ${input.category}; pass meters or minutes`,
      });
    }
    seconds = thresholdSeconds(t, walk);
    thresholdFrom = `${levels[0].id}: ${t.meters !== undefined ? `${t.meters} m` : `${t.minutes} min`}`;
    const { id, nameZh, nameEn } = levels[0];
    threshold = { level: { id, nameZh, nameEn }, meters: t.meters ?? null, minutes: t.minutes ?? null };
  }
  let candidates: Candidate[];
  let candidateSource: string;
  let candidatesFrom: { kind: 'given' | 'nodes'; step: number; nodeCount: number };
  if (input.candidates?.length) {
    candidates = await engine(() => parseCandidates(input.candidates!, input.datum ?? 'wgs84'));
    candidateSource = 'given';
    candidatesFrom = { kind: 'given', step: 1, nodeCount: net.nodeCount };
  } else {
    const max = input.maxCandidates ?? 1000;
    const step = Math.max(1, Math.ceil(net.nodeCount / max));
    candidates = [];
    for (let v = 0; v < net.nodeCount; v += step) candidates.push({ id: `node:${v}`, lon: net.nodeLon[v], lat: net.nodeLat[v] });
    candidateSource = `network nodes (every ${step}th of ${net.nodeCount})`;
    candidatesFrom = { kind: 'nodes', step, nodeCount: net.nodeCount };
  }
  const facilities = x.facilities.filter((f) => f.category === input.category);
  const result = await engine(() =>
    suggestSites(net, facilities, x.residents, candidates, input.category, seconds, input.k, {
      index: x.network.index,
      maxSnapDistanceM: input.maxSnapDistanceM,
    }),
  );
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return {
    ...result,
    thresholdFrom,
    threshold,
    candidateSource,
    candidatesFrom,
    candidateCount: candidates.length,
    synthetic: x.synthetic,
    picks: result.picks.map((p) => ({
      ...p,
      lon: byId.get(p.candidate)!.lon,
      lat: byId.get(p.candidate)!.lat,
      residents: p.residents.length,
    })),
  };
}

export interface IsochroneInput {
  networkId: number;
  facilitySetId?: number;
  facilityId?: string;
  lon?: number;
  lat?: number;
  datum?: Datum;
  minutes?: number[];
  outDatum?: Datum;
  cellSizeM?: number;
}

export async function isochroneGeoJSON(db: Db, actor: Actor, input: IsochroneInput) {
  const { net, index } = await loadNetwork(db, actor, input.networkId);
  let point: { id: string; lon: number; lat: number };
  if (input.facilitySetId !== undefined && input.facilityId !== undefined) {
    const { items } = await facilitySetItems(db, actor, input.facilitySetId);
    const f = items.find((i) => i.id === input.facilityId);
    if (!f) throw notFound({ zh: '设施', en: 'Facility' }, input.facilityId);
    point = { id: f.id, lon: f.lon, lat: f.lat };
  } else if (input.lon !== undefined && input.lat !== undefined) {
    const [p] = await engine(() => parseCandidates([{ id: 'point', lon: input.lon, lat: input.lat }], input.datum ?? 'wgs84'));
    point = p;
  } else {
    throw new AppError('POINT_MISSING', 400, {
      zh: '请给出 facilitySetId + facilityId，或 lon + lat',
      en: 'Give facilitySetId + facilityId, or lon + lat',
    });
  }
  const minutes = (input.minutes?.length ? input.minutes : [5, 10, 15]).slice().sort((a, b) => a - b);
  const features = isochrones(
    net,
    point,
    minutes.map((m) => m * 60),
    { index, cellSizeM: input.cellSizeM },
  );
  return isochronesToGeoJSON(features, input.outDatum ?? 'wgs84');
}

// ---------------------------------------------------------------- indicators

/** Region key of a coverage row as a 12-digit region code ("330603" → "330603000000"), or null. */
export function regionCodeOf(key: string): string | null {
  if (!/^\d{6,15}$/.test(key)) return null;
  return key.length < 12 ? key.padEnd(12, '0') : key;
}

export async function writeCoverageIndicator(
  db: Db,
  actor: Actor,
  runId: number,
  o: { period: string; level?: string; status?: 'preliminary' | 'final' },
) {
  const run = await runRow(db, actor, runId);
  const report = run.report as AccessReport;
  const levelId = o.level ?? DEFAULT_INDICATOR_LEVEL;
  const level = report.levels.find((l) => l.id === levelId);
  if (!level) {
    throw new AppError('UNKNOWN_LEVEL', 400, {
      zh: `该分析中没有圈层 ${levelId}（有：${report.levels.map((l) => l.id).join(', ')}）`,
      en: `The run has no level ${levelId} (has: ${report.levels.map((l) => l.id).join(', ')})`,
    });
  }
  const period = parsePeriod(o.period, 'year');
  if (typeof period !== 'object') {
    throw new AppError('PERIOD_FORMAT', 400, {
      zh: `期间应为年份，如 2025：${o.period}`,
      en: `Period must be a year such as 2025: ${o.period}`,
    });
  }
  if (!(await one(db, sql`select 1 as x from indicator where code = ${COVERAGE_INDICATOR}`))) {
    throw new AppError('INDICATOR_MISSING', 409, {
      zh: `指标目录中没有 ${COVERAGE_INDICATOR}（15分钟公共服务圈覆盖率），请先加载指标目录`,
      en: `Indicator ${COVERAGE_INDICATOR} is not in the catalogue; load it first`,
    });
  }
  const rowsByCode = new Map<string, { key: string; share: number }>();
  const unmatched: string[] = [];
  for (const r of level.regions) {
    const code = regionCodeOf(r.region);
    if (code && !rowsByCode.has(code)) rowsByCode.set(code, { key: r.region, share: r.fullCircleShare });
    else if (!code) unmatched.push(r.region);
  }
  const subjects = await findSubjects(db, actor, 'region', [...rowsByCode.keys()]);
  for (const code of rowsByCode.keys()) if (!subjects.has(code)) unmatched.push(rowsByCode.get(code)!.key);
  if (subjects.size === 0) {
    throw new AppError(
      'NO_MATCHING_REGIONS',
      422,
      {
        zh: `分析结果中没有可写入的地区（居民点需带 12 位区划代码，且在你的数据范围内）；未匹配：${unmatched.slice(0, 20).join(', ') || '无'}`,
        en: `No region of the run can be written (residents need 12-digit region codes within your scope); unmatched: ${unmatched.slice(0, 20).join(', ') || 'none'}`,
      },
      { unmatched },
    );
  }
  const [network, fset, rset] = await Promise.all([
    networkMeta(db, actor, run.networkId),
    pointSet(db, actor, 'facility', run.facilitySetId),
    pointSet(db, actor, 'resident', run.residentSetId),
  ]);
  const source =
    `15分钟公共服务圈分析 #${run.id}（${level.id}；路网 ${network.name}；设施 ${fset.name}；居民 ${rset.name}）` +
    (run.synthetic ? '【含合成数据 synthetic】' : '');
  const observations = [...rowsByCode.entries()]
    .filter(([code]) => subjects.has(code))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, r]) => ({
      indicatorCode: COVERAGE_INDICATOR,
      subject: { kind: 'region' as const, code },
      period: period.period,
      periodStart: period.start,
      value: Math.round(r.share * 100 * 100) / 100,
      status: o.status ?? 'final',
      source,
    }));
  const written = await writeObservations(db, actor, {
    batch: {
      fileName: `access-run-${run.id}`,
      fileSha256: createHash('sha256')
        .update(
          JSON.stringify({ run: run.id, level: level.id, rows: observations.map((x) => [subjects.get(x.subject.code)!.id, x.value]) }),
        )
        .digest('hex'),
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: observations.length,
      source,
      synthetic: run.synthetic,
      note:
        `access run ${run.id}, level ${level.id}: full-circle coverage × 100` +
        (run.synthetic ? '; synthetic inputs, not official figures' : ''),
    },
    rows: observations,
    whenUnchanged: 'skip',
    audit: { action: 'circles.indicators', after: { run: run.id, level: level.id, period: period.period } },
  });
  return {
    batchId: written.batchId,
    indicator: COVERAGE_INDICATOR,
    period: period.period,
    level: level.id,
    synthetic: run.synthetic,
    source,
    inserted: written.inserted,
    revised: written.revised,
    unchanged: written.unchanged,
    values: observations.map((x) => ({ regionCode: x.subject.code, value: x.value })),
    unmatched,
  };
}

// ---------------------------------------------------------------- listings

export const listNetworks = (db: Db, actor: Actor) => repo.listNetworks(db, actor);
export const listSets = (db: Db, actor: Actor, kind: repo.SetKind) => repo.listSets(db, actor, kind);
/** A page of the stored runs in scope (newest first, optionally those of one network and point sets) and their total. */
export const listRuns = (db: Db, actor: Actor, f: repo.RunFilter, p: PageQuery) =>
  readPage(
    p,
    (w) => repo.listRuns(db, actor, f, w),
    () => repo.countRuns(db, actor, f),
  );
