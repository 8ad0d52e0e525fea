/**
 * SQL of 乡村共富: village ledgers, the weak-village list, pairings, low-income households and their
 * incomes. Every read goes through the scope door; writers carry `Unscoped` because their callers
 * resolved the villages (or the household) in the actor's scope first. Household lists read the
 * masked columns only; the encrypted columns are read by `householdSecretOf` (the reveal) and
 * `householdSecretsUnder` (the personal-data export) alone.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { isoTime, one, rows, type Db } from '../db/store.js';

export interface RegionRow {
  code: string;
  name: string;
  level: string;
  path: string;
}

export async function regionOf(db: Db, actor: Actor, code: string): Promise<RegionRow | undefined> {
  return one<RegionRow>(
    db,
    sql`select r.code, r.name, r.level, r.path from region r where r.code = ${code} and ${inScope(actor, 'region', 'r')}`,
  );
}

/** The caller's own region when in scope (a town or village officer's), else the first county in scope. */
export async function defaultRegion(db: Db, actor: Actor): Promise<RegionRow | undefined> {
  const own = sql`(select u.region_code from app_user u where u.id = ${actor.userId ?? -1})`;
  return one<RegionRow>(
    db,
    sql`select r.code, r.name, r.level, r.path from region r
        where (r.level = 'county' or (r.code = ${own} and r.level in ('county', 'town', 'village'))) and ${inScope(actor, 'region', 'r')}
        order by (r.code = ${own}) desc, r.code limit 1`,
  );
}

export interface VillageRow {
  code: string;
  name: string;
  townCode: string;
  townName: string;
}

/** Villages (村社) in scope under a path, with their town. */
export async function villagesUnder(db: Db, actor: Actor, path: string): Promise<VillageRow[]> {
  return rows<VillageRow>(
    db,
    sql`select v.code, v.name, t.code as "townCode", t.name as "townName"
        from region v join region t on t.code = v.parent_code
        where v.level = 'village' and v.path like ${path + '%'} and ${inScope(actor, 'region', 'v')} order by v.code`,
  );
}

export interface LedgerRow {
  village: string;
  year: number;
  item: string;
  amount: number;
  synthetic: boolean;
  source: string;
}

export async function ledgerLinesOf(db: Db, actor: Actor, path: string, years: readonly number[]): Promise<LedgerRow[]> {
  return rows<LedgerRow>(
    db,
    sql`select l.village_code as village, l.year::int as year, l.item, l.amount, l.synthetic, l.source
        from rural_ledger l join region v on v.code = l.village_code
        where v.path like ${path + '%'} and l.year = any(${sql.param([...years])}::int[]) and ${inScope(actor, 'rural_ledger', 'l')}
        order by l.village_code, l.year, l.item`,
  );
}

/**
 * Every village's ledger lines of one year in the county of `areaPath`, with its town, read past the
 * caller's scope **for ranks only**: the economy service turns them into each village's place in its
 * town and the district and returns no value, code or name of a village outside the scope.
 */
export async function ledgerLinesForRanksUnscoped(
  db: Db,
  areaPath: string,
  year: number,
): Promise<(Pick<LedgerRow, 'village' | 'year' | 'item' | 'amount'> & { town: string })[]> {
  // the county the area lies in (or the area itself)
  const county = sql`(select c.path from region c where c.level = 'county' and ${areaPath} like c.path || '%' order by length(c.path) desc limit 1)`;
  return rows(
    db,
    sql`select l.village_code as village, l.year::int as year, l.item, l.amount, v.parent_code as town
        from rural_ledger l join region v on v.code = l.village_code
        where v.path like ${county} || '%' and v.level = 'village' and l.year = ${year}
        order by l.village_code, l.item`,
  );
}

export async function ledgerYearsOf(db: Db, actor: Actor): Promise<number[]> {
  const r = await rows<{ year: number }>(
    db,
    sql`select distinct l.year::int as year from rural_ledger l where ${inScope(actor, 'rural_ledger', 'l')} order by 1`,
  );
  return r.map((x) => x.year);
}

export interface LedgerInput {
  village: string[];
  year: number[];
  item: string[];
  amount: number[];
}

/** Inserts or replaces ledger lines (village, year, item). */
export async function upsertLedgerUnscoped(tx: Db, c: LedgerInput, source: string, synthetic: boolean, by: string): Promise<void> {
  const step = 20_000;
  for (let i = 0; i < c.village.length; i += step) {
    const part = <T>(a: T[]) => sql.param(a.slice(i, i + step));
    await tx.execute(
      sql`insert into rural_ledger (village_code, year, item, amount, source, synthetic, loaded_by)
          select x.v, x.y, x.i, x.a, ${source}, ${synthetic}, ${by}
          from unnest(${part(c.village)}::text[], ${part(c.year)}::int[], ${part(c.item)}::text[], ${part(c.amount)}::float8[]) as x(v, y, i, a)
          on conflict (village_code, year, item) do update set amount = excluded.amount, source = excluded.source,
            synthetic = excluded.synthetic, loaded_by = excluded.loaded_by, loaded_at = now()`,
    );
  }
}

export interface WeakRow {
  village: string;
  total: number;
  operating: number;
  reasons: { rule: string; metric: string; value: number; below: number }[];
  change: 'new' | 'continued';
  rules: unknown;
  synthetic: boolean;
  computedAt: string;
}

export async function weakOf(db: Db, actor: Actor, year: number, path: string): Promise<WeakRow[]> {
  return rows<WeakRow>(
    db,
    sql`select w.village_code as village, w.total, w.operating, w.reasons, w.change, w.rules, w.synthetic, w.computed_at::text as "computedAt"
        from rural_weak w join region v on v.code = w.village_code
        where w.year = ${year} and v.path like ${path + '%'} and ${inScope(actor, 'rural_weak', 'w')} order by w.village_code`,
  );
}

/** Replaces the stored list of `year` for the given villages (the caller's, resolved in scope). */
export async function replaceWeakUnscoped(
  tx: Db,
  year: number,
  villages: readonly string[],
  list: readonly Omit<WeakRow, 'computedAt' | 'rules'>[],
  rules: unknown,
  by: string,
): Promise<number> {
  const gone = await rows<{ village: string }>(
    tx,
    sql`delete from rural_weak where year = ${year} and village_code = any(${sql.param([...villages])}::text[]) returning village_code as village`,
  );
  for (const w of list)
    await tx.execute(
      sql`insert into rural_weak (year, village_code, total, operating, reasons, change, rules, synthetic, computed_by)
          values (${year}, ${w.village}, ${w.total}, ${w.operating}, ${JSON.stringify(w.reasons)}::jsonb, ${w.change},
                  ${JSON.stringify(rules)}::jsonb, ${w.synthetic}, ${by})`,
    );
  return gone.length;
}

export interface PairingRow {
  id: number;
  villageCode: string;
  villageName: string;
  townName: string;
  partnerKind: string;
  partnerName: string;
  startYear: number;
  endYear: number | null;
  projects: string;
  amount: number;
  milestones: { date: string; text: string; done: boolean }[];
  synthetic: boolean;
}

const pairingWhere = (actor: Actor, path: string) => sql`v.path like ${path + '%'} and ${inScope(actor, 'rural_pairing', 'p')}`;

export async function pairingsOf(db: Db, actor: Actor, path: string, w = { limit: 100_000, offset: 0 }): Promise<PairingRow[]> {
  return rows<PairingRow>(
    db,
    sql`select p.id::int as id, p.village_code as "villageCode", v.name as "villageName", t.name as "townName",
          p.partner_kind as "partnerKind", p.partner_name as "partnerName", p.start_year::int as "startYear",
          p.end_year::int as "endYear", p.projects, p.amount, p.milestones, p.synthetic
        from rural_pairing p join region v on v.code = p.village_code left join region t on t.code = v.parent_code
        where ${pairingWhere(actor, path)} order by p.village_code, p.id limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countPairings(db: Db, actor: Actor, path: string): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from rural_pairing p join region v on v.code = p.village_code where ${pairingWhere(actor, path)}`,
  );
  return r?.n ?? 0;
}

export interface NewPairing {
  villageCode: string;
  partnerKind: string;
  partnerName: string;
  startYear: number;
  endYear: number | null;
  projects: string;
  amount: number;
  milestones: unknown[];
  synthetic: boolean;
}

export async function insertPairingUnscoped(tx: Db, p: NewPairing, by: string): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into rural_pairing (village_code, partner_kind, partner_name, start_year, end_year, projects, amount, milestones, synthetic, created_by)
        values (${p.villageCode}, ${p.partnerKind}, ${p.partnerName}, ${p.startYear}, ${p.endYear}, ${p.projects}, ${p.amount},
                ${JSON.stringify(p.milestones)}::jsonb, ${p.synthetic}, ${by})
        returning id::int as id`,
  );
  return r!.id;
}

/** A household as every list shows it: masked columns only. */
export interface HouseholdRow {
  id: number;
  code: string;
  villageCode: string;
  villageName: string;
  townCode: string | null;
  townName: string;
  members: number;
  nameMasked: string;
  idMasked: string;
  phoneMasked: string | null;
  flags: string[];
  measures: string;
  status: string;
  synthetic: boolean;
}

export interface HouseholdFilter {
  path: string;
  q?: string;
  status?: string;
  ids?: readonly number[];
}

const householdWhere = (actor: Actor, f: HouseholdFilter) => {
  const where = [sql`v.path like ${f.path + '%'}`, inScope(actor, 'rural_household', 'h')];
  if (f.q) where.push(sql`(h.code ilike ${'%' + f.q + '%'} or v.name ilike ${'%' + f.q + '%'})`);
  if (f.status) where.push(sql`h.status = ${f.status}`);
  if (f.ids) where.push(sql`h.id = any(${sql.param([...f.ids])}::bigint[])`);
  return sql.join(where, sql` and `);
};

export async function householdsOf(db: Db, actor: Actor, f: HouseholdFilter, w = { limit: 100_000, offset: 0 }): Promise<HouseholdRow[]> {
  return rows<HouseholdRow>(
    db,
    sql`select h.id::int as id, h.code, h.village_code as "villageCode", v.name as "villageName", v.parent_code as "townCode",
          t.name as "townName", h.members::int as members, h.name_masked as "nameMasked", h.id_masked as "idMasked", h.phone_masked as "phoneMasked",
          h.flags, h.measures, h.status, h.synthetic
        from rural_household h join region v on v.code = h.village_code left join region t on t.code = v.parent_code
        where ${householdWhere(actor, f)} order by h.village_code, h.code limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countHouseholds(db: Db, actor: Actor, f: HouseholdFilter): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from rural_household h join region v on v.code = h.village_code where ${householdWhere(actor, f)}`,
  );
  return r?.n ?? 0;
}

/** The encrypted columns of every household in scope under `path`: only the personal-data export reads them. */
export async function householdSecretsUnder(
  db: Db,
  actor: Actor,
  path: string,
): Promise<{ id: number; nameEnc: string; idEnc: string; phoneEnc: string | null }[]> {
  return rows(
    db,
    sql`select h.id::int as id, h.name_enc as "nameEnc", h.id_enc as "idEnc", h.phone_enc as "phoneEnc"
        from rural_household h join region v on v.code = h.village_code
        where ${householdWhere(actor, { path })}`,
  );
}

/** The encrypted columns of one household in scope: only the reveal reads them. */
export async function householdSecretOf(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ code: string; villageCode: string; nameEnc: string; idEnc: string; phoneEnc: string | null } | undefined> {
  return one(
    db,
    sql`select h.code, h.village_code as "villageCode", h.name_enc as "nameEnc", h.id_enc as "idEnc", h.phone_enc as "phoneEnc"
        from rural_household h where h.id = ${id} and ${inScope(actor, 'rural_household', 'h')}`,
  );
}

export interface IncomeRow {
  householdId: number;
  year: number;
  members: number;
  wage: number;
  business: number;
  property: number;
  transfer: number;
}

export async function incomesOf(
  db: Db,
  actor: Actor,
  path: string,
  years: readonly number[],
  ids?: readonly number[],
): Promise<IncomeRow[]> {
  return rows<IncomeRow>(
    db,
    sql`select i.household_id::int as "householdId", i.year::int as year, i.members::int as members, i.wage, i.business, i.property, i.transfer
        from rural_household_income i join rural_household h on h.id = i.household_id join region v on v.code = h.village_code
        where v.path like ${path + '%'} and i.year = any(${sql.param([...years])}::int[])
          ${ids ? sql`and i.household_id = any(${sql.param([...ids])}::bigint[])` : sql``}
          and ${inScope(actor, 'rural_household_income', 'i')}
        order by i.household_id, i.year`,
  );
}

export interface NewHousehold {
  code: string;
  villageCode: string;
  members: number;
  nameEnc: string;
  idEnc: string;
  phoneEnc: string | null;
  idHmac: string;
  nameMasked: string;
  idMasked: string;
  phoneMasked: string | null;
  flags: string[];
  measures: string;
  synthetic: boolean;
}

export async function householdIdByHmacUnscoped(tx: Db, hmac: string): Promise<{ id: number; code: string } | undefined> {
  return one(tx, sql`select id::int as id, code from rural_household where id_hmac = ${hmac}`);
}

export async function householdByCodeUnscoped(tx: Db, code: string): Promise<{ id: number } | undefined> {
  return one(tx, sql`select id::int as id from rural_household where code = ${code}`);
}

export async function insertHouseholdUnscoped(tx: Db, h: NewHousehold, by: string): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into rural_household (code, village_code, members, name_enc, id_enc, phone_enc, id_hmac, name_masked, id_masked, phone_masked,
          flags, measures, synthetic, created_by)
        values (${h.code}, ${h.villageCode}, ${h.members}, ${h.nameEnc}, ${h.idEnc}, ${h.phoneEnc}, ${h.idHmac}, ${h.nameMasked}, ${h.idMasked},
                ${h.phoneMasked}, ${sql.param(h.flags)}::text[], ${h.measures}, ${h.synthetic}, ${by})
        returning id::int as id`,
  );
  return r!.id;
}

export async function upsertIncomeUnscoped(tx: Db, r: IncomeRow): Promise<void> {
  await tx.execute(
    sql`insert into rural_household_income (household_id, year, members, wage, business, property, transfer)
        values (${r.householdId}, ${r.year}, ${r.members}, ${r.wage}, ${r.business}, ${r.property}, ${r.transfer})
        on conflict (household_id, year) do update set members = excluded.members, wage = excluded.wage, business = excluded.business,
          property = excluded.property, transfer = excluded.transfer`,
  );
}

// ---------------------------------------------------------------- 未来乡村 evidence

export interface EvidenceRow {
  id: number;
  villageCode: string;
  villageName: string;
  indicator: string;
  period: string;
  title: string;
  link: string | null;
  note: string;
  synthetic: boolean;
  createdBy: string;
  createdAt: string;
}

export async function evidenceOf(db: Db, actor: Actor, f: { village?: string; period?: string; path: string }): Promise<EvidenceRow[]> {
  const where = [sql`v.path like ${f.path + '%'}`, inScope(actor, 'rural_future_evidence', 'e')];
  if (f.village) where.push(sql`e.village_code = ${f.village}`);
  if (f.period) where.push(sql`e.period = ${f.period}`);
  return rows<EvidenceRow>(
    db,
    sql`select e.id::int as id, e.village_code as "villageCode", v.name as "villageName", e.indicator, e.period, e.title, e.link, e.note,
          e.synthetic, e.created_by as "createdBy", ${isoTime(sql`e.created_at`)} as "createdAt"
        from rural_future_evidence e join region v on v.code = e.village_code
        where ${sql.join(where, sql` and `)} order by e.village_code, e.indicator, e.id limit 2000`,
  );
}

export async function insertEvidenceUnscoped(
  tx: Db,
  e: { villageCode: string; indicator: string; period: string; title: string; link: string | null; note: string; synthetic: boolean },
  by: string,
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into rural_future_evidence (village_code, indicator, period, title, link, note, synthetic, created_by)
        values (${e.villageCode}, ${e.indicator}, ${e.period}, ${e.title}, ${e.link}, ${e.note}, ${e.synthetic}, ${by})
        returning id::int as id`,
  );
  return r!.id;
}
