/** SQL of the subjects registry. Every read and write is limited to the actor's regions. */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { isoTime, rows, type Db } from '../db/store.js';
import type { SubjectKind } from '../indicators/schema.js';

export interface Subject {
  id: number;
  kind: SubjectKind;
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  attributes: Record<string, unknown>;
  source: string;
  updatedBy: string | null;
  updatedAt: string;
}

export interface SubjectInput {
  kind: Exclude<SubjectKind, 'region'>;
  code: string;
  name: string;
  regionCode: string;
  attributes: Record<string, unknown>;
  source: string;
}

export interface SubjectFilter {
  kind?: SubjectKind;
  /** subjects in this region and below */
  region?: string;
  /** part of the code or name */
  q?: string;
  limit: number;
}

export async function listSubjects(db: Db, actor: Actor, f: SubjectFilter): Promise<Subject[]> {
  const where = [inScope(actor, 'subject', 's')];
  if (f.kind) where.push(sql`s.kind = ${f.kind}`);
  if (f.region) where.push(sql`r.path like (select path from region where code = ${f.region}) || '%'`);
  if (f.q) where.push(sql`(s.code ilike ${'%' + f.q + '%'} or s.name ilike ${'%' + f.q + '%'})`);
  return rows<Subject>(
    db,
    sql`select s.id, s.kind, s.code, s.name, s.region_code as "regionCode", r.name as "regionName", s.attributes, s.source,
          s.updated_by as "updatedBy", ${isoTime(sql`s.updated_at`)} as "updatedAt"
        from subject s join region r on r.code = s.region_code
        where ${sql.join(where, sql` and `)} order by s.kind, s.code limit ${f.limit}`,
  );
}

/** The region codes among `codes` that exist and lie in the actor's scope. */
export async function regionsInScope(db: Db, actor: Actor, codes: string[]): Promise<Set<string>> {
  const found = await rows<{ code: string }>(
    db,
    sql`select r.code from region r where r.code = any(${sql.param(codes)}::text[]) and ${inScope(actor, 'region', 'r')}`,
  );
  return new Set(found.map((r) => r.code));
}

/** The region each existing subject is bound to now, keyed `kind:code`, whatever the scope: a write may not move a subject out of someone else's region. */
export async function currentRegionsUnscoped(db: Db, items: Pick<SubjectInput, 'kind' | 'code'>[]): Promise<Map<string, string>> {
  const found = await rows<{ kind: string; code: string; regionCode: string }>(
    db,
    sql`select s.kind, s.code, s.region_code as "regionCode" from subject s
        join unnest(${sql.param(items.map((i) => i.kind))}::text[], ${sql.param(items.map((i) => i.code))}::text[]) as n(kind, code)
          on s.kind = n.kind and s.code = n.code`,
  );
  return new Map(found.map((s) => [`${s.kind}:${s.code}`, s.regionCode]));
}

/** Inserts or updates subjects by (kind, code); returns how many were new. */
export async function upsertSubjects(db: Db, actor: Actor, items: SubjectInput[]): Promise<{ inserted: number; updated: number }> {
  if (items.length === 0) return { inserted: 0, updated: 0 };
  const result = await rows<{ inserted: boolean }>(
    db,
    sql`insert into subject (kind, code, name, region_code, attributes, source, updated_by, updated_at)
        select kind, code, name, region_code, attributes::jsonb, source, ${actor.id}, now()
        from unnest(${sql.param(items.map((i) => i.kind))}::text[], ${sql.param(items.map((i) => i.code))}::text[],
                    ${sql.param(items.map((i) => i.name))}::text[], ${sql.param(items.map((i) => i.regionCode))}::text[],
                    ${sql.param(items.map((i) => JSON.stringify(i.attributes)))}::text[], ${sql.param(items.map((i) => i.source))}::text[])
             as n(kind, code, name, region_code, attributes, source)
        on conflict (kind, code) do update set name = excluded.name, region_code = excluded.region_code,
          attributes = excluded.attributes, source = excluded.source, updated_by = excluded.updated_by, updated_at = now()
        returning (xmax = 0) as inserted`,
  );
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}
