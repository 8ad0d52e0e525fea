/**
 * What an evaluation reads, gathered once: the roster's operating enterprises with their group
 * (规上/规下), town and industry, the land attributed to each from the year's parcels (leased land to
 * the tenant), and the MJ_* values of the year as the engine's columns.
 */
import { attributeLand, mainPollutants } from '@gongfu/engine/mujun';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { enterprisesOf, parcelsOf, townCodes, valuesOf, type EnterpriseRow, type ParcelRow } from './repository.js';

export type Scale = 'above' | 'below';

/** The engine's input columns and the indicator each is read from. */
export const COLUMNS = {
  tax: 'MJ_TAX',
  value_added: 'MJ_VALUE_ADDED',
  revenue: 'MJ_REVENUE',
  employees: 'MJ_EMPLOYEES',
  rd_expense: 'MJ_RD',
  electricity: 'MJ_ELECTRICITY',
  energy_tce: 'MJ_ENERGY',
  safety_accident: 'MJ_SAFETY_ACCIDENT',
  env_violation: 'MJ_ENV_VIOLATION',
} as const;
export type Column = keyof typeof COLUMNS | 'land_mu' | 'emission_t';
const POLLUTANTS = ['MJ_COD', 'MJ_NH3N', 'MJ_SO2', 'MJ_NOX'] as const;
/** every indicator an evaluation reads, in the order of valuesOf's columns */
const READ: readonly string[] = [...Object.values(COLUMNS), ...POLLUTANTS];

const SCALE_WORDS: Record<string, Scale> = {
  规上: 'above',
  规模以上: 'above',
  above: 'above',
  规下: 'below',
  规模以下: 'below',
  below: 'below',
};
const CLOSED = new Set(['关停', '注销', '吊销', '已合并', '合并', '迁出', 'closed', 'merged']);

export interface Firm {
  enterprise: EnterpriseRow;
  townCode: string;
  scale: Scale | null;
  closed: boolean;
  landMu: number | null;
  values: Partial<Record<Column, number>>;
}

export interface Inputs {
  firms: Firm[];
  parcels: ParcelRow[];
  /** MJ_* values of codes that are in no way in the roster cannot exist (the importer refuses them); these are roster firms per missing source */
  townNames: Map<string, string>;
}

export async function readInputs(db: Db, actor: Actor, year: number): Promise<Inputs> {
  const [enterprises, towns, values, parcels] = await Promise.all([
    enterprisesOf(db, actor),
    townCodes(db, actor),
    valuesOf(db, actor, year, READ),
    parcelsOf(db, actor, year),
  ]);
  const land = attributeLand(
    parcels.filter((p) => p.ownerCode).map((p) => ({ id: p.parcelCode, areaMu: p.areaMu, owner: p.ownerCode!, leases: p.leases })),
  ).byEnterprise;
  const bySubject = new Map<number, Map<string, number>>();
  for (const v of values) {
    const m = new Map<string, number>();
    v.values.forEach((value, i) => {
      if (value !== null) m.set(READ[i], value);
    });
    bySubject.set(v.subjectId, m);
  }
  const firms: Firm[] = enterprises.map((e) => {
    const raw = bySubject.get(e.id) ?? new Map<string, number>();
    const out: Firm['values'] = {};
    for (const [column, indicator] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][])
      if (raw.has(indicator)) out[column] = raw.get(indicator)!;
    if (POLLUTANTS.some((p) => raw.has(p))) {
      const one = (p: string) => [raw.get(p) ?? NaN];
      out.emission_t = mainPollutants(one('MJ_COD'), one('MJ_NH3N'), one('MJ_SO2'), one('MJ_NOX'))[0];
    }
    const landMu = land.get(e.code) ?? null;
    if (landMu !== null) out.land_mu = landMu;
    const town = e.regionPath.split('/').find((code) => towns.has(code)) ?? e.regionCode;
    return {
      enterprise: e,
      townCode: town,
      scale: SCALE_WORDS[(e.scale ?? '').trim()] ?? null,
      closed: CLOSED.has((e.status ?? '').trim()),
      landMu,
      values: out,
    };
  });
  return { firms, parcels, townNames: towns };
}
