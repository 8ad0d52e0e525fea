/** 大综合一体化执法: types inferred from the server's zod schemas (server/src/enforce/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/enforce/schemas';
import { fileForm, getJson, postJson, request } from './http';
import type { Page } from './types';

export type EnforceItem = z.infer<typeof S.Item>;
export type ItemType = z.infer<typeof S.ItemType>;
export type ItemImport = z.infer<typeof S.ItemImport>;
export type ItemQuery = z.input<typeof S.ItemQuery>;
export type Scenario = z.infer<typeof S.Scenario>;
export type DrawBody = z.input<typeof S.DrawBody>;
export type DrawSummary = z.infer<typeof S.DrawSummary>;
export type DrawDetail = z.infer<typeof S.DrawDetail>;
export type DrawCheck = z.infer<typeof S.DrawCheck>;
export type RepeatAlert = z.infer<typeof S.Alert>;
export type AlertQuery = z.input<typeof S.AlertQuery>;

export const fetchItems = (q: { q?: string; department?: string; itemType?: ItemType }, page: number, pageSize: number) =>
  getJson<Page<EnforceItem>>('/enforce/items', { ...q, page, pageSize });
export const fetchDepartments = () => getJson<{ items: string[] }>('/enforce/departments');
export const fetchScenarios = () => getJson<{ items: Scenario[] }>('/enforce/scenarios');
export const fetchDraws = (page: number, pageSize: number) => getJson<Page<DrawSummary>>('/enforce/draws', { page, pageSize });
export const fetchDraw = (id: number) => getJson<DrawDetail>(`/enforce/draws/${id}`);
export const runDraw = (body: DrawBody) => postJson<DrawDetail>('/enforce/draws', body);
export const verifyDraw = (id: number) => getJson<DrawCheck>(`/enforce/draws/${id}/verify`);
export const fetchAlerts = (q: { days?: number; maxDepartments?: number; since?: string }) =>
  getJson<{ items: RepeatAlert[] }>('/enforce/alerts', q);
export const importItems = (file: File, dryRun: boolean) =>
  request<ItemImport>('POST', '/enforce/items/import', { form: fileForm(file), params: { dryRun: String(dryRun) } });
