/** Region hierarchy loading and boundary upload. Each public function is one transaction. */
import { geo } from '@gongfu/engine';
import { isEngineError } from '@gongfu/engine';
import { AppError, fromEngineError, notFound } from '../errors.js';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { parseCsv } from '../tables/csv.js';
import {
  existingCodesUnscoped,
  getRegion,
  listBoundariesIn,
  listTileSources,
  replaceTilesUnscoped,
  regionFactsUnscoped,
  upsertBoundariesUnscoped,
  upsertCentroidsUnscoped,
  type CentroidRow,
  type RegionSetFilter,
  upsertRegionsUnscoped,
  type BoundaryRow,
  type RegionInput,
  type RegionLevel,
} from './repository.js';

const WHAT = { zh: '地区', en: 'Region' };

export interface RegionLoadReport {
  loaded: number;
  /** rows whose parent code is neither in the file nor in the database */
  orphans: { row: number; code: string; parentCode: string }[];
}

const LEVEL_ALIASES: Record<string, RegionLevel> = {
  province: 'province',
  省: 'province',
  city: 'city',
  市: 'city',
  county: 'county',
  district: 'county',
  区: 'county',
  县: 'county',
  town: 'town',
  street: 'town',
  镇街: 'town',
  乡镇: 'town',
  街道: 'town',
  village: 'village',
  community: 'village',
  村社: 'village',
  村: 'village',
  社区: 'village',
  grid: 'grid',
  网格: 'grid',
};

/** Loads a `code,name,level,parent_code` CSV (the Keqiao format). Orphans are reported, not loaded. */
export async function loadRegionCsv(db: Db, text: string, source: string): Promise<RegionLoadReport> {
  const { rows: records, error } = parseCsv(text);
  if (error) throw new AppError('CSV_INVALID', 400, { zh: `CSV 第 ${error.row} 行格式错误`, en: `CSV row ${error.row}: ${error.message}` });
  const [header, ...body] = records;
  const col = (name: string) => header.indexOf(name);
  const [ci, ni, li, pi] = ['code', 'name', 'level', 'parent_code'].map(col);
  if ([ci, ni, li].some((i) => i < 0)) {
    throw new AppError('CSV_HEADER', 400, {
      zh: '地区 CSV 需要列 code,name,level,parent_code',
      en: 'Region CSV needs columns code,name,level,parent_code',
    });
  }
  const inputs: (RegionInput & { row: number })[] = [];
  body.forEach((r, idx) => {
    if (r.length === 1 && r[0] === '') return;
    const level = LEVEL_ALIASES[r[li]?.trim()];
    if (!level) {
      throw new AppError('REGION_LEVEL', 400, {
        zh: `第 ${idx + 2} 行 C 列：未知层级「${r[li]}」`,
        en: `Row ${idx + 2}, column C: unknown level "${r[li]}"`,
      });
    }
    inputs.push({ row: idx + 2, code: r[ci].trim(), name: r[ni].trim(), level, parentCode: pi >= 0 ? r[pi]?.trim() || null : null });
  });
  return db.transaction(async (tx) => {
    const known = await existingCodesUnscoped(
      tx as Db,
      inputs.map((i) => i.parentCode).filter((c): c is string => !!c),
    );
    const inFile = new Set(inputs.map((i) => i.code));
    const orphans = inputs
      .filter((i) => i.parentCode && !inFile.has(i.parentCode) && !known.has(i.parentCode))
      .map((i) => ({ row: i.row, code: i.code, parentCode: i.parentCode! }));
    const orphanCodes = new Set(orphans.map((o) => o.code));
    const loadable = inputs.filter((i) => !orphanCodes.has(i.code));
    await upsertRegionsUnscoped(tx as Db, loadable, source);
    await appendAudit(
      tx as Db,
      { id: 'system' },
      { action: 'region.load', target: `regions:${loadable.length}`, after: { source, orphans } },
    );
    return { loaded: loadable.length, orphans };
  });
}

/** Loads the province → city → county tree from a `code,name,city_code,city_name` CSV. */
export async function loadCountyCsv(
  db: Db,
  text: string,
  province: { code: string; name: string },
  source: string,
): Promise<RegionLoadReport> {
  const { rows: records } = parseCsv(text);
  const [header, ...body] = records;
  const [ci, ni, cci, cni] = ['code', 'name', 'city_code', 'city_name'].map((n) => header.indexOf(n));
  const cities = new Map<string, string>();
  const counties: RegionInput[] = [];
  for (const r of body) {
    if (r.length < 4) continue;
    cities.set(r[cci], r[cni]);
    counties.push({ code: r[ci], name: r[ni], level: 'county', parentCode: r[cci] });
  }
  const inputs: RegionInput[] = [
    { code: province.code, name: province.name, level: 'province', parentCode: null },
    ...[...cities].map(([code, name]) => ({ code, name, level: 'city' as const, parentCode: province.code })),
    ...counties,
  ];
  await db.transaction(async (tx) => {
    await upsertRegionsUnscoped(tx as Db, inputs, source);
    await appendAudit(tx as Db, { id: 'system' }, { action: 'region.load', target: `regions:${inputs.length}`, after: { source } });
  });
  return { loaded: inputs.length, orphans: [] };
}

export type BoundaryDatum = geo.Datum | 'auto';

export interface BoundaryImportReport {
  /** codes whose outline (or centroid) was stored, or would be in a dry run */
  matched: string[];
  /** the matched regions with their names, and whether the feature was an outline or a centroid */
  regions: { feature: number; code: string; name: string; level: RegionLevel; kind: 'outline' | 'centroid' }[];
  unmatched: {
    feature: number;
    code: string | null;
    name: string | null;
    reason: 'no_code' | 'unknown_code' | 'bad_geometry' | 'duplicate';
  }[];
  /** the datum the coordinates were read in, and how it was known */
  datum: { used: geo.Datum; by: 'user' | 'prj' | 'fit'; fit?: geo.DatumFit };
  dryRun: boolean;
}

/** 6-digit GB/T 2260 codes and 9-digit town codes are padded to the 12-digit statistical code. */
export function normaliseRegionCode(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const digits = String(raw).trim();
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 6 || digits.length === 9) return digits.padEnd(12, '0');
  if (digits.length === 12 || digits.length === 15) return digits;
  return null;
}

interface GeoJsonLike {
  type?: string;
  features?: unknown[];
}

const CODE_KEYS = ['code', 'adcode', 'CODE', 'ADCODE', '区划代码', '行政区划代码', 'XZQDM', 'xzqdm', 'PAC', 'pac', 'DM'];
const NAME_KEYS = ['name', 'NAME', '名称', 'XZQMC', 'xzqmc', 'MC'];

function invalid(path: string, feature: number | null, zh: string, en: string): AppError {
  const where = feature === null ? '' : `第 ${feature + 1} 个要素（${path}）：`;
  const whereEn = feature === null ? `${path}: ` : `feature ${feature + 1} (${path}): `;
  return new AppError('GEOJSON_INVALID', 400, { zh: where + zh, en: whereEn + en }, { feature, path });
}

/** Checks positions of a Point, Polygon or MultiPolygon; a bad one is an error naming its path. */
function checkCoordinates(coords: unknown, depth: number, path: string, feature: number): void {
  if (!Array.isArray(coords)) throw invalid(path, feature, '应为坐标数组', 'expected an array of coordinates');
  if (depth === 0) {
    const [x, y] = coords as unknown[];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw invalid(path, feature, '坐标应为 [经度, 纬度] 两个数', 'a position must be [longitude, latitude] numbers');
    }
    if (Math.abs(x) > 180 || Math.abs(y) > 90) {
      throw invalid(
        path,
        feature,
        `坐标 [${x}, ${y}] 不是经纬度（像是投影坐标，单位米）：请先转换为 WGS-84、GCJ-02 或 BD-09 经纬度`,
        `[${x}, ${y}] is not longitude/latitude (projected metres?): convert to WGS-84, GCJ-02 or BD-09 degrees first`,
      );
    }
    return;
  }
  if (depth === 1 && coords.length < 4)
    throw invalid(path, feature, '多边形的环至少需要 4 个点', 'a polygon ring needs at least 4 positions');
  coords.forEach((c, i) => checkCoordinates(c, depth - 1, `${path}[${i}]`, feature));
}

const DEPTH: Record<string, number> = { Point: 0, Polygon: 2, MultiPolygon: 3 };

function union(boxes: number[][]): number[] | null {
  if (boxes.length === 0) return null;
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

/**
 * Stores one polygon per matching region (or, for Point features, its centroid for the schematic
 * map), converted to WGS-84. Features whose code matches no region (or has no code) are returned in
 * `unmatched`; nothing is dropped silently. Malformed input is an error naming the feature and the
 * field path. `datum: 'auto'` reads it from the shapefile's .prj, else fits the union of the
 * outlines to their parent's stored outline (engine/geo/datum-detect.ts). A dry run reports the same
 * and writes nothing.
 */
export async function importBoundaries(
  db: Db,
  actor: Actor,
  collection: GeoJsonLike,
  options: { datum: BoundaryDatum; source: string; dryRun?: boolean; prj?: geo.PrjReading },
): Promise<BoundaryImportReport> {
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new AppError('GEOJSON_INVALID', 400, {
      zh: '边界文件必须是 GeoJSON FeatureCollection（含 features 数组）',
      en: 'Boundary file must be a GeoJSON FeatureCollection (with a features array)',
    });
  }
  const unmatched: BoundaryImportReport['unmatched'] = [];
  const candidates: { feature: number; code: string; name: string | null; geometry: geo.Geometry }[] = [];
  const seen = new Set<string>();
  collection.features.forEach((raw, i) => {
    const path = `features[${i}]`;
    if (!raw || typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'Feature') {
      throw invalid(path, i, '应为 {"type": "Feature", …} 对象', 'expected a {"type": "Feature", …} object');
    }
    const f = raw as { properties?: Record<string, unknown> | null; geometry?: geo.Geometry | null };
    if (f.properties !== undefined && f.properties !== null && typeof f.properties !== 'object') {
      throw invalid(`${path}.properties`, i, 'properties 应为对象', 'properties must be an object');
    }
    const props = f.properties ?? {};
    const codeKey = CODE_KEYS.find((k) => props[k] !== undefined && props[k] !== null && props[k] !== '');
    const code = codeKey ? normaliseRegionCode(props[codeKey]) : null;
    const nameKey = NAME_KEYS.find((k) => typeof props[k] === 'string');
    const name = nameKey ? (props[nameKey] as string) : null;
    if (!code) return unmatched.push({ feature: i, code: codeKey ? String(props[codeKey]) : null, name, reason: 'no_code' });
    const g = f.geometry;
    if (!g || typeof g !== 'object' || !(g.type in DEPTH)) return unmatched.push({ feature: i, code, name, reason: 'bad_geometry' });
    checkCoordinates(g.coordinates, DEPTH[g.type], `${path}.geometry.coordinates`, i);
    const kindKey = `${code}:${g.type === 'Point' ? 'centroid' : 'outline'}`;
    if (seen.has(kindKey)) return unmatched.push({ feature: i, code, name, reason: 'duplicate' });
    seen.add(kindKey);
    candidates.push({ feature: i, code, name, geometry: g });
  });

  const work = async (tx: Db): Promise<BoundaryImportReport> => {
    const facts = await regionFactsUnscoped(
      tx,
      candidates.map((c) => c.code),
    );
    const known = candidates.filter((c) => {
      if (facts.has(c.code)) return true;
      unmatched.push({ feature: c.feature, code: c.code, name: c.name, reason: 'unknown_code' });
      return false;
    });
    for (const c of known) if (!(await getRegion(tx, actor, c.code))) throw notFound(WHAT, c.code);
    const datum = await chooseDatum(tx, options, known, facts);
    const outlines: BoundaryRow[] = [];
    const centroids: CentroidRow[] = [];
    const regions: BoundaryImportReport['regions'] = [];
    for (const c of known) {
      const geometry = geo.convertGeometry(c.geometry, datum.used, 'wgs84');
      const fact = facts.get(c.code)!;
      if (c.geometry.type === 'Point') {
        const [lon, lat] = geometry.coordinates as number[];
        centroids.push({ regionCode: c.code, lon, lat, sourceDatum: datum.used, source: options.source });
      } else {
        outlines.push({ regionCode: c.code, geometry, sourceDatum: datum.used, source: options.source, bbox: geo.bbox(geometry)! });
      }
      regions.push({
        feature: c.feature,
        code: c.code,
        name: fact.name,
        level: fact.level,
        kind: c.geometry.type === 'Point' ? 'centroid' : 'outline',
      });
    }
    unmatched.sort((a, b) => a.feature - b.feature);
    const report: BoundaryImportReport = { matched: regions.map((r) => r.code), regions, unmatched, datum, dryRun: !!options.dryRun };
    if (options.dryRun) return report;
    await upsertBoundariesUnscoped(tx, outlines, actor.id);
    await upsertCentroidsUnscoped(tx, centroids, actor.id);
    await appendAudit(tx, actor, {
      action: 'region.boundaries',
      target: `regions:${report.matched.length}`,
      after: { source: options.source, datum, matched: report.matched, unmatched: report.unmatched },
    });
    return report;
  };
  return options.dryRun ? work(db) : db.transaction((tx) => work(tx as Db));
}

type Facts = Awaited<ReturnType<typeof regionFactsUnscoped>>;

/** The datum the user chose, the .prj's, or the one whose reading fits the parent's stored outline. */
async function chooseDatum(
  db: Db,
  options: { datum: BoundaryDatum; prj?: geo.PrjReading },
  known: { code: string; geometry: geo.Geometry }[],
  facts: Facts,
): Promise<BoundaryImportReport['datum']> {
  if (options.datum !== 'auto') return { used: options.datum, by: 'user' };
  if (options.prj && 'datum' in options.prj) return { used: options.prj.datum, by: 'prj' };
  const outlines = known.filter((k) => k.geometry.type !== 'Point');
  const parents = new Set(outlines.map((k) => facts.get(k.code)!.parentCode));
  const parent = parents.size === 1 ? [...parents][0] : null;
  const parentBox = parent ? (await regionFactsUnscoped(db, [parent])).get(parent)?.bbox : null;
  const box = union(outlines.map((k) => geo.bbox(k.geometry)!));
  const fit = parentBox && box ? geo.fitDatum(box, parentBox) : null;
  if (fit?.datum) return { used: fit.datum, by: 'fit', fit };
  throw new AppError('DATUM_UNKNOWN', 400, {
    zh: '无法自动判断坐标系：请选择 WGS-84（GPS、天地图）、GCJ-02（高德、腾讯）或 BD-09（百度）',
    en: 'Could not tell the datum: choose WGS-84 (GPS, Tianditu), GCJ-02 (Amap, Tencent) or BD-09 (Baidu)',
  });
}

/** A GeoJSON (.geojson/.json) or shapefile (.zip) upload as one feature collection, with its .prj reading. */
export function readBoundaryFile(bytes: Uint8Array, fileName: string): { collection: GeoJsonLike; prj: geo.PrjReading; layers: string[] } {
  if (/\.zip$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    let layers: geo.ShapefileLayer[];
    try {
      layers = geo.readShapefileZip(bytes);
    } catch (e) {
      if (isEngineError(e)) throw fromEngineError(e, 400);
      throw e;
    }
    const readings = layers.map((l) => geo.datumOfPrj(l.prj));
    const projected = readings.find((r): r is { projected: string } => !!r && 'projected' in r);
    if (projected) {
      throw new AppError('SHAPEFILE_PROJECTED', 400, {
        zh: `.prj 为投影坐标系「${projected.projected}」（单位米）：请先在 GIS 软件中导出为 WGS-84/CGCS2000 经纬度`,
        en: `The .prj is a projected system "${projected.projected}" (metres): export as WGS-84/CGCS2000 longitude/latitude first`,
      });
    }
    return {
      collection: { type: 'FeatureCollection', features: layers.flatMap((l) => l.collection.features) },
      prj: readings.find((r) => r !== null) ?? null,
      layers: layers.map((l) => l.name),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new AppError('GEOJSON_INVALID', 400, {
      zh: `${fileName} 不是有效的 JSON：${(e as Error).message}`,
      en: `${fileName} is not valid JSON: ${(e as Error).message}`,
    });
  }
  return { collection: parsed as GeoJsonLike, prj: null, layers: [] };
}

export async function boundaryCollection(db: Db, actor: Actor, filter: RegionSetFilter, datum: geo.Datum): Promise<geo.FeatureCollection> {
  const stored = await listBoundariesIn(db, actor, filter);
  return {
    type: 'FeatureCollection',
    features: stored.map((b) => ({
      type: 'Feature',
      id: b.code,
      properties: { code: b.code, name: b.name, level: b.level, source: b.source, datum },
      geometry: geo.convertGeometry(b.geometry as geo.Geometry, 'wgs84', datum),
    })),
  };
}

export interface TileMap {
  layout: { code: string; name: string };
  level: RegionLevel | null;
  cells: (geo.TileCell & { name: string; level: RegionLevel; hasBoundary: boolean })[];
}

/** The map's regions: the layout region's children, or every region under it at one level. */
const tileFilter = (layout: string, level?: RegionLevel | null): RegionSetFilter => (level ? { under: layout, level } : { parent: layout });

/** The schematic map of a region's children (or of its regions at one level): a cell each (engine/geo/tiles.ts). */
export async function tileMap(db: Db, actor: Actor, layout: string, level?: RegionLevel | null): Promise<TileMap> {
  const region = await getRegion(db, actor, layout);
  if (!region) throw notFound(WHAT, layout);
  const sources = await listTileSources(db, actor, layout, tileFilter(layout, level));
  const cells = geo.tileLayout(
    sources.map((s) => ({
      code: s.code,
      fixed: s.col !== null && s.row !== null ? { col: s.col, row: s.row } : null,
      point: s.lon !== null && s.lat !== null ? ([s.lon, s.lat] as const) : null,
    })),
  );
  return {
    layout: { code: region.code, name: region.name },
    level: level ?? null,
    cells: cells.map((c, i) => ({ ...c, name: sources[i].name, level: sources[i].level, hasBoundary: sources[i].hasBoundary })),
  };
}

/**
 * Saves the cells a user placed on one map (all of them: the editor sends the whole grid; an empty
 * list returns the map to its automatic layout). Every code must be one of the map's regions and no
 * two may share a cell. One transaction with its audit entry.
 */
export async function saveTiles(
  db: Db,
  actor: Actor,
  layout: string,
  input: { level?: RegionLevel | null; cells: { code: string; col: number; row: number }[] },
): Promise<TileMap> {
  return db.transaction(async (tx) => {
    const region = await getRegion(tx as Db, actor, layout);
    if (!region) throw notFound(WHAT, layout);
    const allowed = new Set((await listTileSources(tx as Db, actor, layout, tileFilter(layout, input.level))).map((s) => s.code));
    const taken = new Map<string, string>();
    input.cells.forEach((c, i) => {
      if (!allowed.has(c.code)) {
        throw new AppError(
          'TILE_REGION',
          400,
          {
            zh: `cells[${i}].code：${c.code} 不是 ${region.name} 示意图上的地区`,
            en: `cells[${i}].code: ${c.code} is not a region of ${region.name}'s map`,
          },
          { path: `cells[${i}].code` },
        );
      }
      const at = `${c.col},${c.row}`;
      if (taken.has(at)) {
        throw new AppError(
          'TILE_OVERLAP',
          400,
          {
            zh: `cells[${i}]：第 ${c.row + 1} 行第 ${c.col + 1} 列已有地区 ${taken.get(at)}`,
            en: `cells[${i}]: row ${c.row + 1}, column ${c.col + 1} already holds ${taken.get(at)}`,
          },
          { path: `cells[${i}]` },
        );
      }
      taken.set(at, c.code);
    });
    if (new Set(input.cells.map((c) => c.code)).size !== input.cells.length) {
      throw new AppError('TILE_DUPLICATE', 400, { zh: '同一地区出现了两次', en: 'A region is placed twice' });
    }
    await replaceTilesUnscoped(tx as Db, layout, input.cells, actor.id);
    await appendAudit(tx as Db, actor, {
      action: 'region.tiles',
      target: `region:${layout}`,
      after: { level: input.level ?? null, cells: input.cells.length },
    });
    return tileMap(tx as Db, actor, layout, input.level);
  });
}
