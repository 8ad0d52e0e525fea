/**
 * SQL for regions, their subjects and boundaries. Reads apply the data scope; the writes load master
 * data (region:write) and are unscoped by name: their callers check what they may touch.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { rows, type Db } from '../db/store.js';

export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village' | 'grid';
export const REGION_LEVELS: RegionLevel[] = ['province', 'city', 'county', 'town', 'village', 'grid'];

export interface RegionInput {
  code: string;
  name: string;
  nameEn?: string | null;
  level: RegionLevel;
  parentCode: string | null;
}

export interface Region {
  code: string;
  name: string;
  nameEn: string | null;
  level: RegionLevel;
  parentCode: string | null;
  path: string;
  hasBoundary: boolean;
  childCount: number;
}

/** Inserts or renames regions in parent-before-child order and gives each a region subject. */
export async function upsertRegionsUnscoped(db: Db, regions: RegionInput[], source: string): Promise<void> {
  const ordered = [...regions].sort((a, b) => REGION_LEVELS.indexOf(a.level) - REGION_LEVELS.indexOf(b.level));
  for (const level of REGION_LEVELS) {
    const batch = ordered.filter((r) => r.level === level);
    if (batch.length === 0) continue;
    await db.execute(sql`
      insert into region (code, name, name_en, level, parent_code, path, source)
      select n.code, n.name, n.name_en, n.level, n.parent_code,
             coalesce(p.path, '/') || n.code || '/', ${source}
      from unnest(${sql.param(batch.map((r) => r.code))}::text[],
                  ${sql.param(batch.map((r) => r.name))}::text[],
                  ${sql.param(batch.map((r) => r.nameEn ?? null))}::text[],
                  ${sql.param(batch.map((r) => r.level))}::text[],
                  ${sql.param(batch.map((r) => r.parentCode))}::text[])
             as n(code, name, name_en, level, parent_code)
      left join region p on p.code = n.parent_code
      on conflict (code) do update set name = excluded.name,
        name_en = coalesce(excluded.name_en, region.name_en), level = excluded.level,
        parent_code = excluded.parent_code, path = excluded.path, source = excluded.source`);
    await db.execute(sql`
      insert into subject (kind, code, name, region_code)
      select 'region', c, nm, c from unnest(${sql.param(batch.map((r) => r.code))}::text[],
                                           ${sql.param(batch.map((r) => r.name))}::text[]) as n(c, nm)
      on conflict (kind, code) do update set name = excluded.name`);
  }
}

/** Region codes that exist at all, regardless of scope: to tell "unknown" from "not yours". */
export async function existingCodesUnscoped(db: Db, codes: string[]): Promise<Set<string>> {
  const found = await rows<{ code: string }>(db, sql`select code from region where code = any(${sql.param(codes)}::text[])`);
  return new Set(found.map((r) => r.code));
}

const REGION_COLUMNS = sql`r.code, r.name, r.name_en as "nameEn", r.level, r.parent_code as "parentCode", r.path,
  exists (select 1 from region_boundary b where b.region_code = r.code) as "hasBoundary",
  (select count(*)::int from region c where c.parent_code = r.code) as "childCount"`;

export async function listRegions(
  db: Db,
  actor: Actor,
  filter: { parent?: string; level?: RegionLevel; q?: string; under?: string },
): Promise<Region[]> {
  const conditions = [inScope(actor, 'region', 'r')];
  if (filter.parent) conditions.push(sql`r.parent_code = ${filter.parent}`);
  if (filter.level) conditions.push(sql`r.level = ${filter.level}`);
  if (filter.q) conditions.push(sql`(r.name like ${'%' + filter.q + '%'} or r.code like ${filter.q + '%'})`);
  if (filter.under) {
    conditions.push(sql`r.path like (select path from region where code = ${filter.under}) || '%'`);
  }
  return rows<Region>(db, sql`select ${REGION_COLUMNS} from region r where ${sql.join(conditions, sql` and `)} order by r.code limit 5000`);
}

export async function getRegion(db: Db, actor: Actor, code: string): Promise<Region | undefined> {
  const [region] = await rows<Region>(
    db,
    sql`select ${REGION_COLUMNS} from region r where r.code = ${code} and ${inScope(actor, 'region', 'r')}`,
  );
  return region;
}

export interface BoundaryRow {
  regionCode: string;
  geometry: unknown;
  sourceDatum: 'wgs84' | 'gcj02' | 'bd09';
  source: string;
  bbox: number[];
}

export async function upsertBoundariesUnscoped(db: Db, items: BoundaryRow[], uploadedBy: string): Promise<void> {
  if (items.length === 0) return;
  await db.execute(sql`
    insert into region_boundary (region_code, geometry, source_datum, source, bbox, uploaded_by)
    select b.region_code, b.geometry::jsonb, b.source_datum, b.source,
           array[b.x0, b.y0, b.x1, b.y1], ${uploadedBy}
    from unnest(${sql.param(items.map((i) => i.regionCode))}::text[],
                ${sql.param(items.map((i) => JSON.stringify(i.geometry)))}::text[],
                ${sql.param(items.map((i) => i.sourceDatum))}::text[],
                ${sql.param(items.map((i) => i.source))}::text[],
                ${sql.param(items.map((i) => i.bbox[0]))}::float8[],
                ${sql.param(items.map((i) => i.bbox[1]))}::float8[],
                ${sql.param(items.map((i) => i.bbox[2]))}::float8[],
                ${sql.param(items.map((i) => i.bbox[3]))}::float8[])
         as b(region_code, geometry, source_datum, source, x0, y0, x1, y1)
    on conflict (region_code) do update set geometry = excluded.geometry, source_datum = excluded.source_datum,
      source = excluded.source, bbox = excluded.bbox, uploaded_by = excluded.uploaded_by, uploaded_at = now()`);
}

export interface StoredBoundary {
  code: string;
  name: string;
  level: RegionLevel;
  geometry: unknown;
  source: string;
}

/** Filters of the outline and tile reads: children of a region, or every region under it at one level. */
export interface RegionSetFilter {
  codes?: string[];
  parent?: string;
  under?: string;
  level?: RegionLevel;
}

function setConditions(actor: Actor, filter: RegionSetFilter) {
  const conditions = [inScope(actor, 'region', 'r')];
  if (filter.codes) conditions.push(sql`r.code = any(${sql.param(filter.codes)}::text[])`);
  if (filter.parent) conditions.push(sql`r.parent_code = ${filter.parent}`);
  if (filter.under) conditions.push(sql`r.path like (select path from region where code = ${filter.under}) || '_%'`);
  if (filter.level) conditions.push(sql`r.level = ${filter.level}`);
  return sql.join(conditions, sql` and `);
}

export async function listBoundariesIn(db: Db, actor: Actor, filter: RegionSetFilter): Promise<StoredBoundary[]> {
  return rows<StoredBoundary>(
    db,
    sql`select r.code, r.name, r.level, b.geometry, b.source
        from region_boundary b join region r on r.code = b.region_code
        where ${setConditions(actor, filter)} order by r.code`,
  );
}

/** Names, parents and stored outline boxes of known codes, regardless of scope (to report and to fit a datum). */
export async function regionFactsUnscoped(
  db: Db,
  codes: string[],
): Promise<Map<string, { name: string; level: RegionLevel; parentCode: string | null; bbox: number[] | null }>> {
  const found = await rows<{ code: string; name: string; level: RegionLevel; parentCode: string | null; bbox: number[] | null }>(
    db,
    sql`select r.code, r.name, r.level, r.parent_code as "parentCode", b.bbox
        from region r left join region_boundary b on b.region_code = r.code
        where r.code = any(${sql.param(codes)}::text[])`,
  );
  return new Map(found.map((f) => [f.code, f]));
}

export interface CentroidRow {
  regionCode: string;
  lon: number;
  lat: number;
  sourceDatum: 'wgs84' | 'gcj02' | 'bd09';
  source: string;
}

export async function upsertCentroidsUnscoped(db: Db, items: CentroidRow[], uploadedBy: string): Promise<void> {
  if (items.length === 0) return;
  await db.execute(sql`
    insert into region_centroid (region_code, lon, lat, source_datum, source, uploaded_by)
    select c.region_code, c.lon, c.lat, c.source_datum, c.source, ${uploadedBy}
    from unnest(${sql.param(items.map((i) => i.regionCode))}::text[],
                ${sql.param(items.map((i) => i.lon))}::float8[],
                ${sql.param(items.map((i) => i.lat))}::float8[],
                ${sql.param(items.map((i) => i.sourceDatum))}::text[],
                ${sql.param(items.map((i) => i.source))}::text[]) as c(region_code, lon, lat, source_datum, source)
    on conflict (region_code) do update set lon = excluded.lon, lat = excluded.lat, source_datum = excluded.source_datum,
      source = excluded.source, uploaded_by = excluded.uploaded_by, uploaded_at = now()`);
}

export interface TileSource {
  code: string;
  name: string;
  level: RegionLevel;
  hasBoundary: boolean;
  col: number | null;
  row: number | null;
  /** the uploaded centroid, else the centre of the stored outline's box */
  lon: number | null;
  lat: number | null;
}

/** The regions of one map with what places their cells: the user's cell, the centroid, the outline's box. */
export async function listTileSources(db: Db, actor: Actor, layoutCode: string, filter: RegionSetFilter): Promise<TileSource[]> {
  return rows<TileSource>(
    db,
    sql`select r.code, r.name, r.level, b.region_code is not null as "hasBoundary", t.col, t."row" as "row",
               coalesce(c.lon, (b.bbox[1] + b.bbox[3]) / 2) as lon, coalesce(c.lat, (b.bbox[2] + b.bbox[4]) / 2) as lat
        from region r
        left join region_boundary b on b.region_code = r.code
        left join region_centroid c on c.region_code = r.code
        left join region_tile t on t.region_code = r.code and t.layout_code = ${layoutCode} and ${inScope(actor, 'region_tile', 't')}
        where ${setConditions(actor, filter)} order by r.code limit 2000`,
  );
}

/** Replaces the hand-placed cells of one map (the caller has checked the map and every code). */
export async function replaceTilesUnscoped(
  db: Db,
  layoutCode: string,
  cells: { code: string; col: number; row: number }[],
  by: string,
): Promise<void> {
  await db.execute(sql`delete from region_tile where layout_code = ${layoutCode}`);
  if (cells.length === 0) return;
  await db.execute(sql`
    insert into region_tile (layout_code, region_code, col, "row", updated_by)
    select ${layoutCode}, t.code, t.col, t.r, ${by}
    from unnest(${sql.param(cells.map((c) => c.code))}::text[], ${sql.param(cells.map((c) => c.col))}::int[],
                ${sql.param(cells.map((c) => c.row))}::int[]) as t(code, col, r)`);
}
