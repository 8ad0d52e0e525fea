/** 大综合一体化执法: types inferred from the server's zod schemas (server/src/enforce/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/enforce/schemas';
import { apiUrl, deleteJson, fileForm, getJson, postJson, putJson, request } from './http';
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

export type ItemVersion = z.infer<typeof S.ItemVersion>;
export type ScenarioObject = z.infer<typeof S.ScenarioObject>;
export type ObjectChecklist = z.infer<typeof S.ObjectChecklist>;
export const fetchItemVersions = (code: string) => getJson<{ items: ItemVersion[] }>(`/enforce/items/${encodeURIComponent(code)}/versions`);
export const fetchScenarioObjects = (code: string) =>
  getJson<{ items: ScenarioObject[] }>(`/enforce/scenarios/${encodeURIComponent(code)}/objects`);
export const enrolObject = (code: string, id: number) =>
  putJson<{ items: ScenarioObject[] }>(`/enforce/scenarios/${encodeURIComponent(code)}/objects/${id}`, {});
export const withdrawObject = (code: string, id: number) =>
  deleteJson<{ items: ScenarioObject[] }>(`/enforce/scenarios/${encodeURIComponent(code)}/objects/${id}`);
export const fetchObjectChecklist = (id: number) => getJson<ObjectChecklist>(`/enforce/objects/${id}/checklist`);

export type PlanBody = z.input<typeof S.PlanBody>;
export type Plan = z.infer<typeof S.Plan>;
export type PlanDetail = z.infer<typeof S.PlanDetail>;
export type PlanInspectionBody = z.input<typeof S.PlanInspectionBody>;
export type Inspection = z.infer<typeof S.Inspection>;
export type FollowUp = z.infer<typeof S.FollowUp>;
export type EnforceObject = z.infer<typeof S.ObjectItem>;
export type EnforcementCase = z.infer<typeof S.EnforcementCase>;
export type CaseDetail = z.infer<typeof S.CaseDetail>;
export type CaseStage = z.infer<typeof S.CaseStage>;
export type CaseStats = z.infer<typeof S.CaseStats>;
export type BurdenRow = z.infer<typeof S.BurdenPage>['items'][number];

export const fetchObjects = (q: { q?: string; region?: string }, page = 1, pageSize = 20) =>
  getJson<Page<EnforceObject>>('/enforce/objects', { ...q, page, pageSize });
export const fetchPlans = (page: number, pageSize: number) => getJson<Page<Plan>>('/enforce/plans', { page, pageSize });
export const fetchPlan = (id: number) => getJson<PlanDetail>(`/enforce/plans/${id}`);
export const createPlan = (body: PlanBody) => postJson<PlanDetail>('/enforce/plans', body);
export const recordPlanInspection = (id: number, body: PlanInspectionBody) =>
  postJson<Inspection>(`/enforce/plans/${id}/inspections`, body);
export const fetchFollowUp = (inspectionId: number) => getJson<FollowUp>(`/enforce/inspections/${inspectionId}/follow-up`);
export const attachInspectionPhoto = (inspectionId: number, item: string, file: File) =>
  request<FollowUp>('POST', `/enforce/inspections/${inspectionId}/files`, { form: fileForm(file), params: { item } });
export const inspectionFileUrl = (inspectionId: number, file: number) => apiUrl(`/enforce/inspections/${inspectionId}/files/${file}`);
export const orderRectification = (inspectionId: number, body: { itemCode: string; dueOn: string; note?: string }) =>
  postJson<FollowUp>(`/enforce/inspections/${inspectionId}/orders`, body);
export const openCase = (body: { subjectId: number; itemCode: string; inspectionId: number | null; summary?: string }) =>
  postJson<CaseDetail>('/enforce/cases', body);
export const fetchCases = (page: number, pageSize: number) => getJson<Page<EnforcementCase>>('/enforce/cases', { page, pageSize });
export const fetchCase = (id: number) => getJson<CaseDetail>(`/enforce/cases/${id}`);
export const moveCase = (id: number, body: { to: CaseStage; version: number; note?: string }) =>
  postJson<CaseDetail>(`/enforce/cases/${id}/transitions`, body);
export const attachCaseFile = (id: number, file: File) =>
  request<CaseDetail>('POST', `/enforce/cases/${id}/files`, { form: fileForm(file) });
export const caseFileUrl = (id: number, file: number) => apiUrl(`/enforce/cases/${id}/files/${file}`);
export const publishDraw = (id: number) => postJson<DrawDetail>(`/enforce/draws/${id}/publish`);
export const fetchCaseStats = (q: { from?: string; to?: string } = {}) => getJson<CaseStats>('/enforce/statistics', q);
export const fetchBurden = (page: number, pageSize: number, since?: string) =>
  getJson<Page<BurdenRow>>('/enforce/burden', { page, pageSize, since });
export const saveScenario = (body: z.input<typeof S.ScenarioBody>) => putJson<Scenario>('/enforce/scenarios', body);
export const recordInspection = (body: z.input<typeof S.InspectionBody>) => postJson<Inspection>('/enforce/inspections', body);
