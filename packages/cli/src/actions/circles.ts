/**
 * `gongfu circles run` (formerly `gongfu access`): 15分钟公共服务圈 coverage from files alone — no server, no database. Reads an
 * OSM extract (.osm.pbf / .osm, streamed), facilities (an .xlsx/.csv/GeoJSON list, or `osm` for the
 * extract's own tags), residents (a file, or SYNTHETIC points per network node when omitted —
 * labelled as such in every output), an optional edited preset, and writes .xlsx, .geojson or .json.
 *
 * `gongfu circles demo` (formerly `access-demo`): loads the Monaco and Helsinki OSM demos into the database (stored runs).
 * `gongfu circles indicators <run>` (formerly `access-indicators`): writes a stored run's coverage as SERVICE_CIRCLE_COVERAGE.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  analyzeAccess,
  DEFAULT_PRESET,
  importOsmNetwork,
  isAccessError,
  parsePreset,
  type AccessPreset,
  type Resident,
  type TravelMode,
} from '@gongfu/engine/circles';
import type { Datum } from '@gongfu/engine/geo';
import { AppError } from '@gongfu/server/errors';
// the pure readers and writers only: the database paths (demo, --write) load the service when taken
import { fromAccessError } from '@gongfu/server/circles/errors';
import { parseFacilityFile, parseResidentFile, readPointFile } from '@gongfu/server/circles/files';
import { DEFAULT_PEOPLE_PER_KM, syntheticResidents, SYNTHETIC_RESIDENTS_SOURCE } from '@gongfu/server/circles/synthetic';
import {
  OSM_ATTRIBUTION,
  reportToGeoJSON,
  reportToJson,
  reportToXlsx,
  type ReportFacility,
  type ReportMeta,
} from '@gongfu/server/circles/report';
import { progress } from '../output.js';

export interface AccessOptions {
  network: string;
  facilities?: string;
  residents?: string;
  preset?: string;
  mode?: TravelMode;
  datum?: Datum;
  levels?: string;
  peoplePerKm?: string;
  out: string;
}

const MAX_FILE_BYTES = 512 * 1024 * 1024;

function fail(code: string, zh: string, en: string): never {
  throw new AppError(code, 400, { zh, en });
}

function readFile(file: string, what: { zh: string; en: string }): Buffer {
  if (!fs.existsSync(file)) fail('FILE_NOT_FOUND', `${what.zh}文件不存在：${file}`, `${what.en} file not found: ${file}`);
  return fs.readFileSync(file);
}

function outFormat(out: string): 'xlsx' | 'geojson' | 'json' {
  const lower = out.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.geojson')) return 'geojson';
  if (lower.endsWith('.json')) return 'json';
  return fail('OUT_FORMAT', `输出文件须为 .xlsx、.geojson 或 .json：${out}`, `Output must be .xlsx, .geojson or .json: ${out}`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function accessCommand(o: AccessOptions): Promise<void> {
  const format = outFormat(o.out);
  if (!fs.existsSync(o.network)) fail('FILE_NOT_FOUND', `路网文件不存在：${o.network}`, `Network file not found: ${o.network}`);
  let preset: AccessPreset = DEFAULT_PRESET;
  if (o.preset) {
    let json: unknown;
    try {
      json = JSON.parse(readFile(o.preset, { zh: '预设', en: 'Preset' }).toString('utf8'));
    } catch (e) {
      if (e instanceof AppError) throw e;
      fail(
        'INVALID_PRESET',
        `预设文件不是有效的 JSON：${(e as Error).message}`,
        `The preset file is not valid JSON: ${(e as Error).message}`,
      );
    }
    preset = parsePreset(json);
  }
  const bar = progress('access');
  bar.update(0, 4, 'network');
  const size = fs.statSync(o.network).size;
  const imported = await importOsmNetwork(fs.createReadStream(o.network, { highWaterMark: 1 << 20 }), { mode: o.mode ?? 'walking' });
  const net = imported.network;
  const networkName = path.basename(o.network);

  bar.update(1, 4, 'facilities');
  let facilities: ReportFacility[];
  let facilityMeta: ReportMeta['facilities'];
  if (!o.facilities || o.facilities === 'osm') {
    const known = new Set(preset.categories.map((c) => c.id));
    facilities = imported.facilities
      .filter((f) => known.has(f.category))
      .map((f) => ({ id: f.id, name: f.name, category: f.category, lon: f.lon, lat: f.lat }));
    facilityMeta = { name: `OSM tags of ${networkName}`, source: OSM_ATTRIBUTION, count: facilities.length, synthetic: false };
  } else {
    const bytes = readFile(o.facilities, { zh: '设施', en: 'Facility' });
    const file = await readPointFile(bytes, path.basename(o.facilities), 'facility', MAX_FILE_BYTES);
    facilities = parseFacilityFile(file, preset, o.datum ?? 'wgs84');
    facilityMeta = { name: path.basename(o.facilities), source: path.basename(o.facilities), count: facilities.length, synthetic: false };
  }

  bar.update(2, 4, 'residents');
  let residents: Resident[];
  let residentMeta: ReportMeta['residents'];
  if (o.residents) {
    const bytes = readFile(o.residents, { zh: '居民点', en: 'Resident' });
    const file = await readPointFile(bytes, path.basename(o.residents), 'resident', MAX_FILE_BYTES);
    residents = parseResidentFile(file, o.datum ?? 'wgs84');
    residentMeta = {
      name: path.basename(o.residents),
      source: path.basename(o.residents),
      count: residents.length,
      population: 0,
      synthetic: false,
    };
  } else {
    const perKm = o.peoplePerKm ? Number(o.peoplePerKm) : DEFAULT_PEOPLE_PER_KM;
    if (!(perKm > 0))
      fail('INVALID_OPTION', `--people-per-km 须为正数：${o.peoplePerKm}`, `--people-per-km must be positive: ${o.peoplePerKm}`);
    residents = syntheticResidents(net, { peoplePerKm: perKm });
    residentMeta = {
      name: `synthetic residents（合成居民点，${perKm}/km）`,
      source: SYNTHETIC_RESIDENTS_SOURCE,
      count: residents.length,
      population: 0,
      synthetic: true,
    };
  }
  residentMeta.population = Math.round(residents.reduce((s, r) => s + r.population, 0) * 100) / 100;

  bar.update(3, 4, 'coverage');
  const levels = o.levels
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const report = analyzeAccess(net, facilities, residents, preset, { levels, regionPrefixLengths: [6, 9] });
  const meta: ReportMeta = {
    network: { name: networkName, source: OSM_ATTRIBUTION, nodes: net.nodeCount, edges: net.edgeCount, synthetic: false },
    facilities: facilityMeta,
    residents: residentMeta,
    synthetic: facilityMeta.synthetic || residentMeta.synthetic,
    generatedBy: `gongfu access (${new Date().toISOString().slice(0, 10)})`,
  };
  if (format === 'xlsx') fs.writeFileSync(o.out, await reportToXlsx(report, facilities, meta));
  else if (format === 'geojson') fs.writeFileSync(o.out, JSON.stringify(reportToGeoJSON(report, facilities, meta)));
  else fs.writeFileSync(o.out, JSON.stringify(reportToJson(report, meta), null, 1));
  bar.update(4, 4, 'done');
  bar.stop();

  console.log(
    `路网 / network: ${networkName} (${(size / 1024).toFixed(0)} KB) → ${net.nodeCount} nodes, ${net.edgeCount} edges, ${imported.summary.totalLengthKm} km (${net.mode})`,
  );
  console.log(`设施 / facilities: ${facilities.length} from ${facilityMeta.name}`);
  console.log(
    `居民点 / residents: ${residents.length}, population ${residentMeta.population}${residentMeta.synthetic ? ' — 合成数据 SYNTHETIC (not census data)' : ''}`,
  );
  for (const l of report.levels) {
    const cats = l.total.categories.map((c) => `${c.category} ${pct(c.share)}`).join(', ');
    console.log(
      `  ${l.id} ${l.nameZh}${l.illustrative ? '（示意 illustrative）' : ''}: full circle ${pct(l.total.fullCircleShare)} | ${cats} | blind spots ${l.blindSpots.length}`,
    );
  }
  console.log(`已写出 / written: ${o.out}${meta.synthetic ? ' (labelled synthetic)' : ''}`);
  console.log(`数据 / data: ${OSM_ATTRIBUTION}`);
}

export async function accessDemoCommand(): Promise<void> {
  const [{ withStore }, { loadCirclesDemo }] = await Promise.all([import('../context.js'), import('@gongfu/server/circles/demo')]);
  await withStore(async ({ store, actor }) => {
    const bar = progress('access-demo');
    const items = await loadCirclesDemo(store.db, { actor, onStep: (s) => bar.update(s.startsWith('monaco') ? 0 : 1, 2, s) });
    bar.update(2, 2, 'done');
    bar.stop();
    for (const i of items) {
      console.log(
        `${i.name}: network #${i.networkId} (${i.nodes} nodes, ${i.edges} edges), facilities #${i.facilitySetId} (${i.facilities} from OSM tags), ` +
          `residents #${i.residentSetId} (population ${i.population}, 合成 SYNTHETIC), run #${i.runId}${i.reused ? ' (already loaded)' : ''}`,
      );
      for (const l of i.levels) console.log(`  ${l.id}: full circle ${pct(l.share)}`);
    }
    console.log(`数据 / data: ${OSM_ATTRIBUTION}; residents are synthetic (合成数据，非普查)`);
  });
}

export async function accessIndicatorsCommand(
  run: string,
  o: { period: string; level?: string; status?: 'preliminary' | 'final' },
): Promise<void> {
  const id = Number(run);
  if (!Number.isInteger(id) || id <= 0) fail('INVALID_OPTION', `分析编号无效：${run}`, `Invalid run id: ${run}`);
  const [{ withStore }, { writeCoverageIndicator }] = await Promise.all([
    import('../context.js'),
    import('@gongfu/server/circles/service'),
  ]);
  await withStore(async ({ store, actor }) => {
    const r = await writeCoverageIndicator(store.db, actor, id, o);
    console.log(
      `${r.indicator} ${r.period} (${r.level}): new ${r.inserted}, revised ${r.revised}, unchanged ${r.unchanged}${r.batchId ? `, batch #${r.batchId}` : ''}${r.synthetic ? ' — 含合成数据 SYNTHETIC' : ''}`,
    );
    for (const v of r.values) console.log(`  ${v.regionCode}  ${v.value}%`);
    if (r.unmatched.length) console.log(`  未匹配 / unmatched regions: ${r.unmatched.join(', ')}`);
  });
}

/** Engine errors print like server errors (code, Chinese, English, row/column issues). */
const withAccessErrors =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      throw isAccessError(err) ? fromAccessError(err) : err;
    }
  };

export const runCoverage = withAccessErrors(accessCommand);
export const loadDemo = withAccessErrors(accessDemoCommand);
export const writeIndicators = withAccessErrors(accessIndicatorsCommand);
