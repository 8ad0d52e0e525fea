/**
 * 乡村共富 services: ledgers (one transaction with its audit entry), the village economy of a year
 * (总收入, 经营性收入 without subsidies, growth, ranks in town and district), the weak-village list
 * (computed by rules as data, stored, audited), 结对帮扶 pairings and their effect, low-income
 * households (PII encrypted at rest, masked in every list, revealed one at a time with the
 * `rural:pii` permission and an audit entry), and indicators through the observation writer.
 * The arithmetic is the engine's (`@gongfu/engine/rural`).
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_WEAK_RULES,
  groupPerCapita,
  growthRate,
  identifyWeak,
  idNumberValid,
  maskIdNumber,
  maskName,
  maskPhone,
  pairingEffect,
  perCapita,
  rankWithin,
  riskFlags,
  trackIncome,
  villageYears,
  isEngineError,
  type Incomes,
  type VillageYear,
  type WeakRule,
} from './engine.js';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, fromEngineError, notFound } from '../errors.js';
import { writeObservations } from '../observations/writer.js';
import { blindIndex, decrypt, encrypt } from './crypto.js';
import {
  countHouseholds,
  countPairings,
  defaultRegion,
  evidenceOf,
  insertEvidenceUnscoped,
  householdByCodeUnscoped,
  householdIdByHmacUnscoped,
  householdSecretOf,
  householdsOf,
  incomesOf,
  insertHouseholdUnscoped,
  ledgerLinesForRanksUnscoped,
  ledgerYearsOf,
  insertPairingUnscoped,
  ledgerLinesOf,
  pairingsOf,
  regionOf,
  replaceWeakUnscoped,
  upsertIncomeUnscoped,
  upsertLedgerUnscoped,
  villagesUnder,
  weakOf,
  type HouseholdRow,
  type IncomeRow,
  type LedgerInput,
  type RegionRow,
  type VillageRow,
} from './repository.js';

export const SYNTHETIC_SOURCE = '柯桥区乡村共富演示数据（合成数据 synthetic，非统计数据）';
/** The seed's target: 低收入农户人均可支配收入增长 10% 以上. */
export const INCOME_GROWTH_TARGET = 0.1;
/** 返贫风险 rules (illustrative lines, data not constants) */
export const RISK_RULES = { dropShare: 0.1, line: 12_000 };

const outOfScope = (code: string) =>
  new AppError('OUT_OF_SCOPE', 403, { zh: `地区「${code}」不在你的数据范围内`, en: `Region "${code}" is outside your data scope` });

const notAVillage = (name: string, detail: Record<string, unknown>) =>
  new AppError('NOT_A_VILLAGE', 400, { zh: `「${name}」不是村社`, en: `"${name}" is not a village` }, detail);

/** A 村社 the caller may write to: 403 when outside their scope, 400 when the code names a town or county. */
async function villageInScope(db: Db, actor: Actor, code: string): Promise<RegionRow> {
  const village = await regionOf(db, actor, code);
  if (!village) throw outOfScope(code);
  if (village.level !== 'village') throw notAVillage(village.name, { field: 'villageCode' });
  return village;
}

/** The region a query names, or the caller's own / first county in scope. */
export async function areaOf(db: Db, actor: Actor, code?: string): Promise<RegionRow> {
  const r = code ? await regionOf(db, actor, code) : await defaultRegion(db, actor);
  if (!r) {
    if (code) throw outOfScope(code);
    throw new AppError('OUT_OF_SCOPE', 403, { zh: '你的数据范围内没有区县', en: 'No county in your scope' });
  }
  return r;
}

/** Villages in the caller's scope (their own area). */
export async function villagesInScope(db: Db, actor: Actor): Promise<VillageRow[]> {
  const area = await areaOf(db, actor);
  return villagesUnder(db, actor, area.level === 'county' ? '/' : area.path);
}

// ---------------------------------------------------------------- ledgers

export async function saveLedger(
  db: Db,
  actor: Actor,
  c: LedgerInput,
  o: { fileName: string; source: string; synthetic: boolean; audit?: string },
) {
  return db.transaction(async (t) => {
    const tx = t as Db;
    await upsertLedgerUnscoped(tx, c, o.source, o.synthetic, actor.id);
    const villages = new Set(c.village);
    await appendAudit(tx, actor, {
      action: o.audit ?? 'rural.ledgers.import',
      target: `rural_ledger:${o.fileName}`,
      after: {
        file: o.fileName,
        synthetic: o.synthetic,
        lines: c.village.length,
        villages: villages.size,
        years: [...new Set(c.year)].sort(),
        villageCodes: [...villages].slice(0, 200),
      },
    });
    return { lines: c.village.length, villages: villages.size };
  });
}

// ---------------------------------------------------------------- economy

export interface VillageEconomy {
  code: string;
  name: string;
  townCode: string;
  townName: string;
  total: number;
  operating: number;
  subsidy: number;
  assets: number | null;
  liabilities: number | null;
  totalGrowth: number | null;
  operatingGrowth: number | null;
  rankInTown: number;
  rankInDistrict: number;
  synthetic: boolean;
}

async function yearsOf(db: Db, actor: Actor, area: RegionRow, years: number[]) {
  const lines = await ledgerLinesOf(db, actor, area.path, years);
  let ys: VillageYear[];
  try {
    ys = villageYears(lines);
  } catch (e) {
    if (isEngineError(e)) throw fromEngineError(e, 422);
    throw e;
  }
  return { ys, synthetic: lines.some((l) => l.synthetic), sources: [...new Set(lines.map((l) => l.source))].slice(0, 5) };
}

export async function economy(db: Db, actor: Actor, q: { year: number; region?: string }) {
  const area = await areaOf(db, actor, q.region);
  const villages = await villagesUnder(db, actor, area.path);
  const { ys, synthetic, sources } = await yearsOf(db, actor, area, [q.year, q.year - 1]);
  const now = new Map(ys.filter((v) => v.year === q.year).map((v) => [v.village, v]));
  const prev = new Map(ys.filter((v) => v.year === q.year - 1).map((v) => [v.village, v]));
  const present = villages.filter((v) => now.has(v.code));
  const ranks = await districtRanks(db, area, q.year);
  const items: VillageEconomy[] = present.map((v) => {
    const y = now.get(v.code)!;
    const p = prev.get(v.code);
    const r = ranks.get(v.code)!;
    return {
      code: v.code,
      name: v.name,
      townCode: v.townCode,
      townName: v.townName,
      total: y.total,
      operating: y.operating,
      subsidy: y.subsidy,
      assets: y.assets,
      liabilities: y.liabilities,
      totalGrowth: growthRate(y.total, p?.total),
      operatingGrowth: growthRate(y.operating, p?.operating),
      rankInTown: r.inGroup,
      rankInDistrict: r.overall,
      synthetic,
    };
  });
  const sum = (m: Map<string, VillageYear>, k: 'total' | 'operating' | 'subsidy') => [...m.values()].reduce((s, v) => s + v[k], 0);
  const summary = {
    villages: villages.length,
    reported: present.length,
    total: sum(now, 'total'),
    operating: sum(now, 'operating'),
    subsidy: sum(now, 'subsidy'),
    totalGrowth: growthRate(sum(now, 'total'), prev.size ? sum(prev, 'total') : null),
    operatingGrowth: growthRate(sum(now, 'operating'), prev.size ? sum(prev, 'operating') : null),
  };
  const towns = new Map<string, { code: string; name: string; villages: number; total: number; operating: number }>();
  for (const v of present) {
    const t = towns.get(v.townCode) ?? { code: v.townCode, name: v.townName, villages: 0, total: 0, operating: 0 };
    t.villages++;
    t.total += now.get(v.code)!.total;
    t.operating += now.get(v.code)!.operating;
    towns.set(v.townCode, t);
  }
  return {
    year: q.year,
    region: { code: area.code, name: area.name, level: area.level },
    synthetic,
    sources,
    summary,
    towns: [...towns.values()],
    items,
  };
}

/**
 * The area's trend: 总收入, 经营性收入 (no subsidies) and 补助收入 of its villages in scope for every year
 * with ledgers, each with its growth against the year before (a village, a town or the district).
 */
export async function economyTrend(db: Db, actor: Actor, q: { region?: string }) {
  const area = await areaOf(db, actor, q.region);
  const years = await ledgerYearsOf(db, actor);
  const { ys, synthetic } = await yearsOf(db, actor, area, years);
  const by = new Map<number, { villages: number; total: number; operating: number; subsidy: number }>();
  for (const v of ys) {
    const y = by.get(v.year) ?? { villages: 0, total: 0, operating: 0, subsidy: 0 };
    y.villages++;
    y.total += v.total;
    y.operating += v.operating;
    y.subsidy += v.subsidy;
    by.set(v.year, y);
  }
  const items = [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, y]) => {
      const prev = by.get(year - 1);
      return { year, ...y, totalGrowth: growthRate(y.total, prev?.total), operatingGrowth: growthRate(y.operating, prev?.operating) };
    });
  return { region: { code: area.code, name: area.name, level: area.level }, synthetic, items };
}

/**
 * Each village's place by 经营性收入 among **all** villages of its town and of the district in a year,
 * whatever the caller's scope (a village cadre sees that their village is 2nd of 3, not 1st of 1).
 * Only the ranks leave this function.
 */
async function districtRanks(db: Db, area: RegionRow, year: number) {
  const lines = await ledgerLinesForRanksUnscoped(db, area.path, year);
  const townOf = new Map(lines.map((l) => [l.village, l.town]));
  let ys: VillageYear[];
  try {
    ys = villageYears(lines.map((l) => ({ ...l, synthetic: false, source: '' })));
  } catch (e) {
    if (isEngineError(e)) throw fromEngineError(e, 422);
    throw e;
  }
  return rankWithin(ys.map((v) => ({ id: v.village, group: townOf.get(v.village) ?? '', value: v.operating })));
}

/** Operating income of villages by year (for pairing effects). */
async function operatingByYear(db: Db, actor: Actor, area: RegionRow, years: number[]) {
  const { ys } = await yearsOf(db, actor, area, years);
  const m = new Map<string, Map<number, number>>();
  for (const v of ys) (m.get(v.village) ?? m.set(v.village, new Map()).get(v.village)!).set(v.year, v.operating);
  return m;
}

// ---------------------------------------------------------------- weak villages

export async function computeWeak(db: Db, actor: Actor, q: { year: number; region?: string; rules?: WeakRule[] }) {
  const rules = q.rules?.length ? q.rules : [...DEFAULT_WEAK_RULES];
  const area = await areaOf(db, actor, q.region);
  const villages = await villagesUnder(db, actor, area.path);
  const { ys, synthetic } = await yearsOf(db, actor, area, [q.year, q.year - 1]);
  let result;
  try {
    result = identifyWeak(ys, q.year, rules);
  } catch (e) {
    if (isEngineError(e)) throw fromEngineError(e, 400);
    throw e;
  }
  const current = new Map(ys.filter((v) => v.year === q.year).map((v) => [v.village, v]));
  if (current.size === 0)
    throw new AppError('NO_LEDGER', 422, { zh: `${q.year} 年没有村社台账，无法认定`, en: `No ledgers for ${q.year}; nothing to identify` });
  const list = result.weak.map((w) => ({
    village: w.village,
    total: current.get(w.village)!.total,
    operating: current.get(w.village)!.operating,
    reasons: w.reasons,
    change: w.change,
    synthetic,
  }));
  return db.transaction(async (t) => {
    const tx = t as Db;
    const replaced = await replaceWeakUnscoped(
      tx,
      q.year,
      villages.map((v) => v.code),
      list,
      rules,
      actor.id,
    );
    await appendAudit(tx, actor, {
      action: 'rural.weak.compute',
      target: `rural_weak:${q.year}:${area.code}`,
      after: {
        year: q.year,
        region: area.code,
        rules,
        weak: list.length,
        exited: result.exited.length,
        replaced,
        villages: list.map((w) => w.village).slice(0, 400),
      },
    });
    return { year: q.year, region: area.code, weak: list.length, exited: result.exited.length, replaced, rules };
  });
}

export async function weakList(db: Db, actor: Actor, q: { year: number; region?: string }) {
  const area = await areaOf(db, actor, q.region);
  const villages = new Map((await villagesUnder(db, actor, area.path)).map((v) => [v.code, v]));
  const now = await weakOf(db, actor, q.year, area.path);
  const before = await weakOf(db, actor, q.year - 1, area.path);
  const nowSet = new Set(now.map((w) => w.village));
  const pairings = await pairingsOf(db, actor, area.path);
  const paired = new Map<string, string[]>();
  for (const p of pairings) paired.set(p.villageCode, [...(paired.get(p.villageCode) ?? []), p.partnerName]);
  const named = (code: string) => ({ code, name: villages.get(code)?.name ?? code, townName: villages.get(code)?.townName ?? '' });
  return {
    year: q.year,
    region: { code: area.code, name: area.name },
    computedAt: now[0]?.computedAt ?? null,
    rules: (now[0]?.rules as WeakRule[] | undefined) ?? null,
    synthetic: now.some((w) => w.synthetic),
    items: now.map((w) => ({
      ...named(w.village),
      total: w.total,
      operating: w.operating,
      reasons: w.reasons,
      change: w.change,
      partners: paired.get(w.village) ?? [],
    })),
    exited: now.length ? before.filter((w) => !nowSet.has(w.village)).map((w) => named(w.village)) : [],
  };
}

// ---------------------------------------------------------------- pairings

export interface PairingInput {
  villageCode: string;
  partnerKind: 'department' | 'enterprise' | 'other';
  partnerName: string;
  startYear: number;
  endYear?: number | null;
  projects?: string;
  amount?: number;
  milestones?: { date: string; text: string; done: boolean }[];
}

export async function createPairing(db: Db, actor: Actor, p: PairingInput, o: { synthetic?: boolean; audit?: string } = {}) {
  await villageInScope(db, actor, p.villageCode);
  return db.transaction(async (t) => {
    const tx = t as Db;
    const row = {
      villageCode: p.villageCode,
      partnerKind: p.partnerKind,
      partnerName: p.partnerName,
      startYear: p.startYear,
      endYear: p.endYear ?? null,
      projects: p.projects ?? '',
      amount: p.amount ?? 0,
      milestones: p.milestones ?? [],
      synthetic: o.synthetic ?? false,
    };
    const id = await insertPairingUnscoped(tx, row, actor.id);
    await appendAudit(tx, actor, { action: o.audit ?? 'rural.pairing.create', target: `rural_pairing:${id}`, after: { id, ...row } });
    return { id };
  });
}

export async function pairingList(db: Db, actor: Actor, q: { region?: string; page: number; pageSize: number }) {
  const area = await areaOf(db, actor, q.region);
  const w = { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
  const [list, total] = await Promise.all([pairingsOf(db, actor, area.path, w), countPairings(db, actor, area.path)]);
  const years = Array.from({ length: 12 }, (_, i) => new Date().getFullYear() - 10 + i);
  const income = await operatingByYear(db, actor, area, years);
  const items = list.map((p) => {
    const e = pairingEffect(p.startYear, income.get(p.villageCode) ?? new Map());
    return { ...p, effect: { baseYear: e.baseYear, base: e.base, years: e.years, annualGrowth: e.annualGrowth } };
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------- households

export interface HouseholdInput {
  code: string;
  villageCode: string;
  members: number;
  name: string;
  idNumber: string;
  phone?: string | null;
  flags?: string[];
  measures?: string;
  incomes?: ({ year: number; members?: number } & Incomes)[];
}

/** Stores households in one transaction: PII encrypted, masked copies for lists; one audit entry with masked values only. */
export async function createHouseholds(
  db: Db,
  actor: Actor,
  list: readonly HouseholdInput[],
  o: { synthetic?: boolean; audit?: string } = {},
) {
  const villages = new Map<string, RegionRow | undefined>();
  for (const h of list) if (!villages.has(h.villageCode)) villages.set(h.villageCode, await regionOf(db, actor, h.villageCode));
  const rows = list.map((h, i) => {
    const village = villages.get(h.villageCode);
    if (!village) throw outOfScope(h.villageCode);
    if (village.level !== 'village') throw notAVillage(village.name, { field: 'villageCode', index: i });
    const idNumber = h.idNumber.trim().toUpperCase();
    if (!idNumberValid(idNumber))
      throw new AppError(
        'BAD_ID_NUMBER',
        400,
        { zh: '身份证号格式或校验位不正确', en: 'The ID number is malformed or its check digit is wrong' },
        { field: 'idNumber', index: i },
      );
    return {
      code: h.code,
      villageCode: h.villageCode,
      members: h.members,
      nameEnc: encrypt(h.name.trim()),
      idEnc: encrypt(idNumber),
      phoneEnc: h.phone ? encrypt(h.phone.trim()) : null,
      idHmac: blindIndex(idNumber),
      nameMasked: maskName(h.name),
      idMasked: maskIdNumber(idNumber),
      phoneMasked: h.phone ? maskPhone(h.phone) : null,
      flags: h.flags ?? [],
      measures: h.measures ?? '',
      synthetic: o.synthetic ?? false,
    };
  });
  return db.transaction(async (t) => {
    const tx = t as Db;
    const out: { id: number; code: string }[] = [];
    for (const [i, row] of rows.entries()) {
      const h = list[i]!;
      if (await householdByCodeUnscoped(tx, h.code))
        throw new AppError(
          'DUPLICATE_HOUSEHOLD',
          409,
          { zh: `户编号 ${h.code} 已存在`, en: `Household ${h.code} exists already` },
          { field: 'code', index: i },
        );
      const dup = await householdIdByHmacUnscoped(tx, row.idHmac);
      if (dup)
        throw new AppError(
          'DUPLICATE_PERSON',
          409,
          { zh: `该身份证号已登记在户 ${dup.code}`, en: `This ID number is registered in household ${dup.code}` },
          { field: 'idNumber', index: i },
        );
      const id = await insertHouseholdUnscoped(tx, row, actor.id);
      for (const inc of h.incomes ?? [])
        await upsertIncomeUnscoped(tx, {
          householdId: id,
          year: inc.year,
          members: inc.members ?? h.members,
          wage: inc.wage,
          business: inc.business,
          property: inc.property,
          transfer: inc.transfer,
        });
      out.push({ id, code: h.code });
    }
    await appendAudit(tx, actor, {
      action: o.audit ?? 'rural.household.create',
      target: list.length === 1 ? `rural_household:${list[0]!.code}` : `rural_household:${list.length}`,
      after: {
        households: rows.length,
        synthetic: o.synthetic ?? false,
        items: rows
          .slice(0, 50)
          .map((r) => ({ code: r.code, village: r.villageCode, members: r.members, name: r.nameMasked, idNumber: r.idMasked })),
      },
    });
    return out;
  });
}

export async function createHousehold(db: Db, actor: Actor, h: HouseholdInput) {
  const [r] = await createHouseholds(db, actor, [h]);
  return r!;
}

const incomesOfRow = (r: IncomeRow): Incomes => ({ wage: r.wage, business: r.business, property: r.property, transfer: r.transfer });

function withIncome(h: HouseholdRow, incomes: IncomeRow[], year: number) {
  const years = incomes.map((r) => ({ year: r.year, members: r.members, incomes: incomesOfRow(r) }));
  const t = trackIncome(years, year, INCOME_GROWTH_TARGET);
  return {
    ...h,
    year,
    perCapita: t?.perCapita ?? null,
    previous: t?.previous ?? null,
    growth: t?.growth ?? null,
    meetsTarget: t?.meetsTarget ?? null,
    risks: riskFlags(t, h.flags, RISK_RULES),
  };
}

export async function householdList(
  db: Db,
  actor: Actor,
  q: { year: number; region?: string; q?: string; status?: 'active' | 'exited'; page: number; pageSize: number },
) {
  const area = await areaOf(db, actor, q.region);
  const f = { path: area.path, q: q.q, status: q.status };
  const w = { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
  const [list, total] = await Promise.all([householdsOf(db, actor, f, w), countHouseholds(db, actor, f)]);
  const incomes = list.length
    ? await incomesOf(
        db,
        actor,
        area.path,
        [q.year, q.year - 1],
        list.map((h) => h.id),
      )
    : [];
  const by = new Map<number, IncomeRow[]>();
  for (const r of incomes) by.set(r.householdId, [...(by.get(r.householdId) ?? []), r]);
  return { items: list.map((h) => withIncome(h, by.get(h.id) ?? [], q.year)), total, page: q.page, pageSize: q.pageSize };
}

export async function householdDetail(db: Db, actor: Actor, id: number) {
  const [h] = await householdsOf(db, actor, { path: '/', ids: [id] });
  if (!h) throw notFound({ zh: '低收入农户', en: 'Household' }, String(id));
  const incomes = await incomesOf(
    db,
    actor,
    '/',
    Array.from({ length: 30 }, (_, i) => 2010 + i),
    [id],
  );
  return {
    ...h,
    incomes: incomes.map((r) => ({
      year: r.year,
      members: r.members,
      ...incomesOfRow(r),
      perCapita: perCapita(incomesOfRow(r), r.members),
    })),
  };
}

/** One household's clear name, ID and phone, for a user with `rural:pii`; the audit entry records who, which and why. */
export async function revealHousehold(db: Db, actor: Actor, id: number, reason: string) {
  const s = await householdSecretOf(db, actor, id);
  if (!s) throw notFound({ zh: '低收入农户', en: 'Household' }, String(id));
  const clear = { name: decrypt(s.nameEnc), idNumber: decrypt(s.idEnc), phone: s.phoneEnc ? decrypt(s.phoneEnc) : null };
  await db.transaction(async (t) => {
    await appendAudit(t as Db, actor, {
      action: 'rural.household.reveal',
      target: `rural_household:${s.code}`,
      after: { household: s.code, village: s.villageCode, reason, fields: ['name', 'idNumber', ...(clear.phone ? ['phone'] : [])] },
    });
  });
  return { id, code: s.code, ...clear };
}

/** Households of one area (a village or a town) gathered for its aggregate. */
interface Group {
  code: string;
  name: string;
  townName: string | null;
  households: number;
  now: IncomeRow[];
  prev: IncomeRow[];
  meets: number;
  risk: number;
}

/**
 * Per village and per town: households, population-weighted per-capita income and its growth over
 * the households with both years, how many meet the target and how many are at risk. No household
 * data: only counts and sums leave this function.
 */
export async function householdSummary(db: Db, actor: Actor, q: { year: number; region?: string }) {
  const area = await areaOf(db, actor, q.region);
  const list = await householdsOf(db, actor, { path: area.path, status: 'active' });
  const incomes = await incomesOf(db, actor, area.path, [q.year, q.year - 1]);
  const byId = new Map(list.map((h) => [h.id, h]));
  const villages = new Map<string, Group>();
  const towns = new Map<string, Group>();
  const group = (m: Map<string, Group>, code: string, name: string, townName: string | null) => {
    let g = m.get(code);
    if (!g) m.set(code, (g = { code, name, townName, households: 0, now: [], prev: [], meets: 0, risk: 0 }));
    return g;
  };
  const groupsOf = (h: HouseholdRow) => [
    group(villages, h.villageCode, h.villageName, h.townName),
    ...(h.townCode ? [group(towns, h.townCode, h.townName, null)] : []),
  ];
  for (const h of list) for (const g of groupsOf(h)) g.households++;
  const by = new Map<number, IncomeRow[]>();
  for (const r of incomes) if (byId.has(r.householdId)) by.set(r.householdId, [...(by.get(r.householdId) ?? []), r]);
  for (const [hid, rs] of by) {
    const h = byId.get(hid)!;
    const now = rs.find((r) => r.year === q.year);
    const prev = rs.find((r) => r.year === q.year - 1);
    const x = withIncome(h, rs, q.year);
    for (const g of groupsOf(h)) {
      // growth of the same households: both years present
      if (now && prev) {
        g.now.push(now);
        g.prev.push(prev);
      }
      if (x.meetsTarget) g.meets++;
      if (x.risks.length) g.risk++;
    }
  }
  const pc = (rs: IncomeRow[]) => groupPerCapita(rs.map((r) => ({ members: r.members, incomes: incomesOfRow(r) })));
  const figures = (g: Group) => ({
    code: g.code,
    name: g.name,
    households: g.households,
    tracked: g.now.length,
    perCapita: pc(g.now),
    previous: pc(g.prev),
    growth: growthRate(pc(g.now), pc(g.prev)),
    meetsTarget: g.meets,
    atRisk: g.risk,
  });
  const allNow = [...villages.values()].flatMap((g) => g.now);
  const allPrev = [...villages.values()].flatMap((g) => g.prev);
  return {
    year: q.year,
    target: INCOME_GROWTH_TARGET,
    region: { code: area.code, name: area.name },
    synthetic: list.some((h) => h.synthetic),
    total: {
      households: list.length,
      tracked: allNow.length,
      perCapita: pc(allNow),
      previous: pc(allPrev),
      growth: growthRate(pc(allNow), pc(allPrev)),
    },
    towns: [...towns.values()].sort((a, b) => (a.code < b.code ? -1 : 1)).map(figures),
    items: [...villages.values()].map((g) => ({ ...figures(g), townName: g.townName })),
  };
}

// ---------------------------------------------------------------- indicators

export async function writeIndicators(db: Db, actor: Actor, q: { year: number; region?: string }) {
  const eco = await economy(db, actor, { year: q.year, region: q.region });
  const hh = await householdSummary(db, actor, q);
  const area = await areaOf(db, actor, q.region);
  const values: { indicator: string; regionCode: string; value: number }[] = [];
  const wan = (y: number) => Math.round(y / 100) / 100;
  if (eco.items.length) {
    values.push({ indicator: 'RURAL_COLLECTIVE_INCOME', regionCode: area.code, value: wan(eco.summary.total) });
    values.push({ indicator: 'RURAL_COLLECTIVE_OPERATING_INCOME', regionCode: area.code, value: wan(eco.summary.operating) });
    if (area.level === 'county')
      for (const t of eco.towns) {
        values.push({ indicator: 'RURAL_COLLECTIVE_INCOME', regionCode: t.code, value: wan(t.total) });
        values.push({ indicator: 'RURAL_COLLECTIVE_OPERATING_INCOME', regionCode: t.code, value: wan(t.operating) });
      }
    for (const v of eco.items) {
      values.push({ indicator: 'RURAL_COLLECTIVE_INCOME', regionCode: v.code, value: wan(v.total) });
      values.push({ indicator: 'RURAL_COLLECTIVE_OPERATING_INCOME', regionCode: v.code, value: wan(v.operating) });
    }
  }
  if (hh.total.perCapita !== null)
    values.push({ indicator: 'RURAL_LOW_INCOME_PCDI', regionCode: area.code, value: Math.round(hh.total.perCapita) });
  if (hh.total.growth !== null)
    values.push({ indicator: 'RURAL_LOW_INCOME_PCDI_GROWTH', regionCode: area.code, value: Math.round(hh.total.growth * 1000) / 10 });
  if (values.length === 0)
    throw new AppError('NOTHING_TO_WRITE', 422, { zh: `${q.year} 年没有可写入的数值`, en: `Nothing to write for ${q.year}` });
  const synthetic = eco.synthetic || hh.synthetic;
  const source = `村社台账与低收入农户登记汇总（${q.year}）` + (synthetic ? '【合成数据 synthetic】' : '');
  const rows = values.map((v) => ({
    indicatorCode: v.indicator,
    subject: { kind: 'region' as const, code: v.regionCode },
    period: String(q.year),
    periodStart: `${q.year}-01-01`,
    value: v.value,
    status: 'final' as const,
    source,
  }));
  const written = await writeObservations(db, actor, {
    batch: {
      fileName: `rural-${area.code}-${q.year}`,
      fileSha256: createHash('sha256')
        .update(JSON.stringify(rows.map((o) => [o.indicatorCode, o.subject.code, o.value])))
        .digest('hex'),
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: rows.length,
      source,
      synthetic,
      note:
        `rural collective economy and low-income household income ${q.year}` + (synthetic ? '; synthetic data, not official figures' : ''),
    },
    rows,
    whenUnchanged: 'skip',
    audit: { action: 'rural.indicators', after: { year: q.year, region: area.code } },
  });
  return {
    year: q.year,
    synthetic,
    batchId: written.batchId,
    inserted: written.inserted,
    revised: written.revised,
    unchanged: written.unchanged,
    values: values.length,
  };
}

// ---------------------------------------------------------------- 未来乡村 evidence

export interface EvidenceInput {
  villageCode: string;
  indicator: string;
  period: string;
  title: string;
  link?: string | null;
  note?: string;
}

/** Evidence (佐证材料) of a village's 未来乡村 indicator in a period: the village must be in the caller's scope. */
export async function addEvidence(db: Db, actor: Actor, e: EvidenceInput, o: { synthetic?: boolean } = {}) {
  await villageInScope(db, actor, e.villageCode);
  return db.transaction(async (t) => {
    const tx = t as Db;
    const row = {
      villageCode: e.villageCode,
      indicator: e.indicator,
      period: e.period,
      title: e.title,
      link: e.link ?? null,
      note: e.note ?? '',
      synthetic: o.synthetic ?? false,
    };
    const id = await insertEvidenceUnscoped(tx, row, actor.id);
    await appendAudit(tx, actor, { action: 'rural.future.evidence', target: `rural_future_evidence:${id}`, after: { id, ...row } });
    return { id };
  });
}

export async function evidenceList(db: Db, actor: Actor, q: { village?: string; period?: string; region?: string }) {
  const area = await areaOf(db, actor, q.region);
  return { items: await evidenceOf(db, actor, { village: q.village, period: q.period, path: area.path }) };
}
