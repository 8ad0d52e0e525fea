/** The indicator catalogue (指标管理) and its sets: types inferred from server/src/indicators/schema.ts. */
import { download, fileForm, getJson, postJson, putJson, request } from './http';
import type { z } from 'zod';
import type * as S from '../../../server/src/indicators/schema';
import type { CatalogueEntry, Indicator, IndicatorSet } from './types';

export type HistoryEntry = z.infer<typeof S.HistoryEntry>;
export type CataloguePreview = z.infer<typeof S.CataloguePreview>;

export const fetchIndicators = () => getJson<{ items: CatalogueEntry[] }>('/indicators');
export const fetchIndicatorSets = () => getJson<{ items: IndicatorSet[] }>('/indicator-sets');
export const saveIndicator = ({ code, ...body }: Indicator) => putJson<CatalogueEntry>(`/indicators/${encodeURIComponent(code)}`, body);
export const retireIndicator = (code: string, reason: string) =>
  postJson<CatalogueEntry>(`/indicators/${encodeURIComponent(code)}/retire`, { reason });
export const restoreIndicator = (code: string) => postJson<CatalogueEntry>(`/indicators/${encodeURIComponent(code)}/restore`, {});
export const fetchIndicatorHistory = (code: string) =>
  getJson<{ items: HistoryEntry[] }>(`/indicators/${encodeURIComponent(code)}/history`);
export const importCatalogue = (file: File, dryRun: boolean) =>
  request<CataloguePreview>('POST', '/indicators/import', { form: fileForm(file), params: { dryRun: String(dryRun) } });

export interface TemplateOptions {
  format: 'xlsx' | 'csv';
  layout: 'wide' | 'long';
  lang: 'zh' | 'en';
  region?: string;
}
export const downloadTemplate = (set: string, o: TemplateOptions) =>
  download(`/indicator-sets/${encodeURIComponent(set)}/template`, { ...o }, `template-${set}-${o.layout}.${o.format}`);
