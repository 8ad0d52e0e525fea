import { sql } from 'drizzle-orm';
import { isoTime, rows, type Db } from '../db/store.js';
import type { CatalogueEntry, Indicator, IndicatorSet } from './schema.js';

const COLUMNS = sql`code, name_zh as "nameZh", name_en as "nameEn", unit, direction, frequency, accumulation,
  decimals, definition, source_department as "sourceDepartment", subject_kind as "subjectKind",
  valid_min as "validMin", valid_max as "validMax",
  ${isoTime(sql`retired_at`)} as "retiredAt", retired_reason as "retiredReason"`;

export async function listIndicators(db: Db, codes?: string[]): Promise<CatalogueEntry[]> {
  const where = codes ? sql`where code = any(${sql.param(codes)}::text[])` : sql``;
  return rows<CatalogueEntry>(db, sql`select ${COLUMNS} from indicator ${where} order by code`);
}

export async function upsertIndicators(db: Db, items: Indicator[]): Promise<void> {
  for (const i of items) {
    await db.execute(sql`
      insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals,
                             definition, source_department, subject_kind, valid_min, valid_max)
      values (${i.code}, ${i.nameZh}, ${i.nameEn}, ${i.unit}, ${i.direction}, ${i.frequency}, ${i.accumulation},
              ${i.decimals}, ${i.definition}, ${i.sourceDepartment}, ${i.subjectKind}, ${i.validMin ?? null}, ${i.validMax ?? null})
      on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
        unit = excluded.unit, direction = excluded.direction, frequency = excluded.frequency,
        accumulation = excluded.accumulation, decimals = excluded.decimals, definition = excluded.definition,
        source_department = excluded.source_department, subject_kind = excluded.subject_kind,
        valid_min = excluded.valid_min, valid_max = excluded.valid_max, updated_at = now()`);
  }
}

/** Catalogue entries whose Chinese name or (case-insensitive) English name is one of the given names. */
export async function indicatorsNamed(
  db: Db,
  namesZh: string[],
  namesEn: string[],
): Promise<Pick<Indicator, 'code' | 'nameZh' | 'nameEn'>[]> {
  return rows(
    db,
    sql`select code, name_zh as "nameZh", name_en as "nameEn" from indicator
        where btrim(name_zh) = any(${sql.param(namesZh.map((n) => n.trim()))}::text[])
           or lower(btrim(name_en)) = any(${sql.param(namesEn.map((n) => n.trim().toLowerCase()))}::text[])
        order by code`,
  );
}

/** Number of current observations per indicator, in every region: frequency and subject kind are frozen once data exists anywhere. */
export async function observationCountUnscoped(db: Db, code: string): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from observation where indicator_code = ${code}`);
  return r.n;
}

export async function listSets(db: Db): Promise<IndicatorSet[]> {
  return rows<IndicatorSet>(
    db,
    sql`select s.code, s.name_zh as "nameZh", s.name_en as "nameEn", s.description,
          coalesce((select array_agg(m.indicator_code order by m.position) from indicator_set_member m
                    where m.set_code = s.code), '{}') as indicators
        from indicator_set s order by s.code`,
  );
}

export async function upsertSet(db: Db, set: IndicatorSet): Promise<void> {
  await db.execute(sql`
    insert into indicator_set (code, name_zh, name_en, description)
    values (${set.code}, ${set.nameZh}, ${set.nameEn}, ${set.description})
    on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
      description = excluded.description`);
  await db.execute(sql`delete from indicator_set_member where set_code = ${set.code}`);
  if (set.indicators.length === 0) return;
  await db.execute(sql`
    insert into indicator_set_member (set_code, indicator_code, position)
    select ${set.code}, c, p::int from unnest(${sql.param(set.indicators)}::text[]) with ordinality as m(c, p)`);
}
