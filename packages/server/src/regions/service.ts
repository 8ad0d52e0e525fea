/** Region hierarchy loading and boundary upload. Each public function is one transaction. */
import { geo } from '@gongfu/engine';
import { AppError, notFound } from '../errors.js';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { parseCsv } from '../tables/csv.js';
import {
  existingCodesUnscoped,
  getRegion,
  listBoundaries,
  upsertBoundariesUnscoped,
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

export interface BoundaryImportReport {
  matched: string[];
  unmatched: { feature: number; code: string | null; name: string | null; reason: 'no_code' | 'unknown_code' | 'bad_geometry' }[];
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
  features?: { properties?: Record<string, unknown> | null; geometry?: geo.Geometry | null }[];
}

/**
 * Stores one polygon per matching region, converted to WGS-84. Features whose code matches no
 * region (or has no code) are returned in `unmatched`; nothing is dropped silently.
 */
export async function importBoundaries(
  db: Db,
  actor: Actor,
  collection: GeoJsonLike,
  options: { datum: geo.Datum; source: string },
): Promise<BoundaryImportReport> {
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new AppError('GEOJSON_INVALID', 400, {
      zh: '边界文件必须是 GeoJSON FeatureCollection',
      en: 'Boundary file must be a GeoJSON FeatureCollection',
    });
  }
  const report: BoundaryImportReport = { matched: [], unmatched: [] };
  const candidates: { feature: number; code: string; name: string | null; geometry: geo.Geometry }[] = [];
  collection.features.forEach((f, i) => {
    const props = f.properties ?? {};
    const code = normaliseRegionCode(props.code ?? props.adcode ?? props['区划代码']);
    const name = typeof props.name === 'string' ? props.name : null;
    if (!code) return report.unmatched.push({ feature: i, code: null, name, reason: 'no_code' });
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !geo.bbox(g)) {
      return report.unmatched.push({ feature: i, code, name, reason: 'bad_geometry' });
    }
    candidates.push({ feature: i, code, name, geometry: g });
  });
  return db.transaction(async (tx) => {
    const known = await existingCodesUnscoped(
      tx as Db,
      candidates.map((c) => c.code),
    );
    const rowsToStore: BoundaryRow[] = [];
    for (const c of candidates) {
      if (!known.has(c.code)) {
        report.unmatched.push({ feature: c.feature, code: c.code, name: c.name, reason: 'unknown_code' });
        continue;
      }
      if (!(await getRegion(tx as Db, actor, c.code))) throw notFound(WHAT, c.code);
      const geometry = geo.convertGeometry(c.geometry, options.datum, 'wgs84');
      rowsToStore.push({ regionCode: c.code, geometry, sourceDatum: options.datum, source: options.source, bbox: geo.bbox(geometry)! });
      report.matched.push(c.code);
    }
    await upsertBoundariesUnscoped(tx as Db, rowsToStore, actor.id);
    report.unmatched.sort((a, b) => a.feature - b.feature);
    await appendAudit(tx as Db, actor, {
      action: 'region.boundaries',
      target: `regions:${report.matched.length}`,
      after: { source: options.source, datum: options.datum, matched: report.matched, unmatched: report.unmatched },
    });
    return report;
  });
}

export async function boundaryCollection(
  db: Db,
  actor: Actor,
  filter: { codes?: string[]; parent?: string },
  datum: geo.Datum,
): Promise<geo.FeatureCollection> {
  const stored = await listBoundaries(db, actor, filter);
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
