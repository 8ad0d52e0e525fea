/**
 * SQL of the importer's names to codes: the regions a caller may name (in scope), the names of
 * their ancestors (to strip 柯桥区 from 柯桥区柯桥街道), and the saved name mappings per source.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { rows, type Db } from '../db/store.js';
import type { NamedRegion } from './names.js';

/** Every region in the actor's scope, with its aliases and its ancestors' names (top down). */
export async function namedRegions(db: Db, actor: Actor): Promise<NamedRegion[]> {
  const found = await rows<{ code: string; name: string; aliases: string[] | null; path: string }>(
    db,
    sql`select r.code, r.name, r.aliases, r.path from region r where ${inScope(actor, 'region', 'r')} order by r.code`,
  );
  const ancestorCodes = new Set(found.flatMap((r) => r.path.split('/').filter((c) => c && c !== r.code)));
  const names = await regionNamesUnscoped(db, [...ancestorCodes]);
  return found.map((r) => ({
    code: r.code,
    name: r.name,
    aliases: r.aliases ?? [],
    ancestors: r.path
      .split('/')
      .filter((c) => c && c !== r.code)
      .map((c) => names.get(c) ?? ''),
  }));
}

/** Names of regions by code, whatever the scope: the labels of ancestors (a town officer's county). */
export async function regionNamesUnscoped(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const found = await rows<{ code: string; name: string }>(
    db,
    sql`select code, name from region where code = any(${sql.param(codes)}::text[])`,
  );
  return new Map(found.map((r) => [r.code, r.name]));
}

/** Region codes that exist at all, to tell a mapping to an unknown code from one outside the scope. */
export async function existingRegionCodesUnscoped(db: Db, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const found = await rows<{ code: string }>(db, sql`select code from region where code = any(${sql.param(codes)}::text[])`);
  return new Set(found.map((r) => r.code));
}

/** region/indicator: a name → its code; column: a header text → the column role the clerk set (ignore, subject, …) */
export type MappingKind = 'region' | 'indicator' | 'column';

export interface SavedMapping {
  kind: MappingKind;
  name: string;
  code: string;
}

/**
 * The mappings saved for a source. Region mappings are returned whatever their region: the importer
 * applies only those whose region is among the actor's named regions (its scope).
 */
export async function savedMappingsUnscoped(db: Db, source: string): Promise<SavedMapping[]> {
  return rows<SavedMapping>(db, sql`select kind, name, code from import_name_mapping where source = ${source} order by kind, name`);
}

/** Saves (or replaces) mappings of a source; the caller has checked every code against the actor's scope. */
export async function saveMappingsUnscoped(db: Db, source: string, items: SavedMapping[], confirmedBy: string): Promise<void> {
  if (items.length === 0) return;
  await db.execute(sql`
    insert into import_name_mapping (source, kind, name, code, confirmed_by)
    select ${source}, k, n, c, ${confirmedBy}
    from unnest(${sql.param(items.map((i) => i.kind))}::text[],
                ${sql.param(items.map((i) => i.name))}::text[],
                ${sql.param(items.map((i) => i.code))}::text[]) as m(k, n, c)
    on conflict (source, kind, name) do update set code = excluded.code, confirmed_by = excluded.confirmed_by,
      confirmed_at = now()`);
}
