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

export async function listBoundaries(db: Db, actor: Actor, filter: { codes?: string[]; parent?: string }): Promise<StoredBoundary[]> {
  const conditions = [inScope(actor, 'region', 'r')];
  if (filter.codes) conditions.push(sql`r.code = any(${sql.param(filter.codes)}::text[])`);
  if (filter.parent) conditions.push(sql`r.parent_code = ${filter.parent}`);
  return rows<StoredBoundary>(
    db,
    sql`select r.code, r.name, r.level, b.geometry, b.source
        from region_boundary b join region r on r.code = b.region_code
        where ${sql.join(conditions, sql` and `)} order by r.code`,
  );
}
