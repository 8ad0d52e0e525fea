/** 乡村共富: types inferred from the server's zod schemas (server/src/rural/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/rural/schemas';
import { download, getJson, postJson, request } from './http';
import type { Page } from './types';

export type Economy = z.infer<typeof S.Economy>;
export type EconomyTrend = z.infer<typeof S.EconomyTrend>;
export type VillageEconomy = z.infer<typeof S.VillageEconomy>;
export type WeakList = z.infer<typeof S.WeakList>;
export type WeakComputeReport = z.infer<typeof S.WeakComputeReport>;
export type Pairing = z.infer<typeof S.Pairing>;
export type PairingBody = z.input<typeof S.PairingBody>;
export type Household = z.infer<typeof S.Household>;
export type HouseholdDetail = z.infer<typeof S.HouseholdDetail>;
export type HouseholdSummary = z.infer<typeof S.HouseholdSummary>;
export type Revealed = z.infer<typeof S.Revealed>;
export type LedgerReport = z.infer<typeof S.LedgerReport>;
export type RuralIndicatorsReport = z.infer<typeof S.IndicatorsReport>;
export type HouseholdImportReport = z.infer<typeof S.HouseholdImportReport>;
export type Evidence = z.infer<typeof S.Evidence>;
export type EvidenceBody = z.input<typeof S.EvidenceBody>;

export const fetchEconomy = (q: { year: number; region?: string; sort?: 'rank' | 'code' }, page = 1, pageSize = 50) =>
  getJson<Economy>('/rural/economy', { ...q, page, pageSize });
export const fetchEconomyTrend = (region?: string) => getJson<EconomyTrend>('/rural/economy/trend', { region });
export const fetchWeak = (year: number, region?: string) => getJson<WeakList>('/rural/weak', { year, region });
export const computeWeak = (year: number, region?: string) => postJson<WeakComputeReport>('/rural/weak', { year, region });
export const fetchPairings = (page = 1, pageSize = 50, region?: string) =>
  getJson<Page<Pairing>>('/rural/pairings', { page, pageSize, region });
export const createPairing = (body: PairingBody) => postJson<{ id: number }>('/rural/pairings', body);
export const fetchHouseholds = (q: { year: number; region?: string; q?: string }, page = 1, pageSize = 50) =>
  getJson<Page<Household>>('/rural/households', { ...q, page, pageSize });
export const fetchHouseholdSummary = (year: number, region?: string) =>
  getJson<HouseholdSummary>('/rural/households/summary', { year, region });
export const fetchHousehold = (id: number) => getJson<HouseholdDetail>(`/rural/households/${id}`);
export const revealHousehold = (id: number, reason: string) => postJson<Revealed>(`/rural/households/${id}/reveal`, { reason });
export const writeRuralIndicators = (year: number, region?: string) =>
  postJson<RuralIndicatorsReport>('/rural/indicators', { year, region });

export function uploadLedgers(file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<LedgerReport>('POST', '/rural/ledgers', { form, params: { dryRun } });
}

export function importHouseholds(file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<HouseholdImportReport>('POST', '/rural/households/import', { form, params: { dryRun } });
}

/** The register with clear personal data (rural:pii), watermarked by the server; the reason is audited. */
export const exportHouseholds = (q: { year: number; reason: string; format: 'xlsx' | 'csv'; lang: 'zh' | 'en'; region?: string }) =>
  download('/rural/households/export', q, `households-${q.year}.${q.format}`);
/** The register masked as the list shows it, watermarked and audited (any reader of the register). */
export const exportHouseholdsMasked = (q: { year: number; format: 'xlsx' | 'csv'; lang: 'zh' | 'en'; region?: string }) =>
  download('/rural/households/export/masked', q, `households-${q.year}-masked.${q.format}`);

/** 未来乡村 evidence (佐证材料) of a village's indicators in a period. */
export const fetchEvidence = (q: { village?: string; period?: string }) => getJson<{ items: Evidence[] }>('/rural/future/evidence', q);
export const addEvidence = (body: EvidenceBody) => postJson<{ id: number }>('/rural/future/evidence', body);
