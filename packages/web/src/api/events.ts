/** 三级指挥协同: types inferred from the server's zod schemas (server/src/events/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/events/schemas';
import { apiUrl, fileForm, getJson, postJson, putJson, request, send } from './http';
import type { Page } from './types';

export type EventCase = z.infer<typeof S.CaseItem>;
export type EventState = z.infer<typeof S.State>;
export type EventAction = z.infer<typeof S.Action>;
export type CaseDetail = z.infer<typeof S.CaseDetail>;
export type TimelineItem = z.infer<typeof S.TimelineItem>;
export type CaseQuery = z.input<typeof S.CaseQuery>;
export type IntakeBody = z.input<typeof S.IntakeBody>;
export type IntakeResult = z.infer<typeof S.IntakeResult>;
export type TransitionBody = z.input<typeof S.TransitionBody>;
export type EventCategory = z.infer<typeof S.Category>;
export type EventUnit = z.infer<typeof S.Unit>;
export type EventIndicators = z.infer<typeof S.Indicators>;
export type EventSummary = z.infer<typeof S.Summary>;
export type MergeBody = z.input<typeof S.MergeBody>;
export type HotlineReport = z.infer<typeof S.HotlineReport>;
export type RoutingRule = z.infer<typeof S.RoutingRule>;
export type RoutingBody = z.input<typeof S.RoutingBody>;
export type UnitStaffing = z.infer<typeof S.UnitStaffing>;
export type CategoryBody = z.input<typeof S.CategoryBody>;
export type CaseFile = z.infer<typeof S.CaseFile>;
export type Queue = NonNullable<CaseQuery['queue']>;

export const fetchCases = (q: CaseQuery, page: number, pageSize: number) =>
  getJson<Page<EventCase>>('/events/cases', { ...q, page, pageSize } as Record<string, string | number | boolean | undefined>);
export const fetchCase = (id: number) => getJson<CaseDetail>(`/events/cases/${id}`);
export const reportCase = (body: IntakeBody) => postJson<IntakeResult>('/events/cases', body);
export const transition = (id: number, body: TransitionBody) => postJson<CaseDetail>(`/events/cases/${id}/transitions`, body);
export const mergeCase = (id: number, body: MergeBody) => postJson<CaseDetail>(`/events/cases/${id}/merge`, body);
export const addCohandler = (id: number, unitCode: string, version: number) =>
  postJson<CaseDetail>(`/events/cases/${id}/cohandlers`, { unitCode, version });
export type ReferBody = z.input<typeof S.ReferBody>;
export type ReferralChoices = z.infer<typeof S.ReferralChoices>;
/** 移送执法: opens an enforcement case on the enterprise and item, in the same transaction as the case's step. */
export const referCase = (id: number, body: ReferBody) => postJson<CaseDetail>(`/events/cases/${id}/referrals`, body);
export const fetchReferralChoices = (q: { object?: string; item?: string }) => getJson<ReferralChoices>('/events/referral-choices', q);
export const replyAsCohandler = (id: number, reason: string) => postJson<CaseDetail>(`/events/cases/${id}/replies`, { reason });
export const attachFile = (id: number, file: File, stage: CaseFile['stage']) =>
  request<CaseDetail>('POST', `/events/cases/${id}/files`, { form: fileForm(file), params: { stage } });
export const caseFileUrl = (id: number, file: number) => apiUrl(`/events/cases/${id}/files/${file}`);
export const fetchCategories = () => getJson<{ items: EventCategory[] }>('/events/categories');
export const fetchUnits = () => getJson<{ items: EventUnit[] }>('/events/units');
export const fetchIndicators = (from: string, to: string, group: EventIndicators['group']) =>
  getJson<EventIndicators>('/events/indicators', { from, to, group });
/** 12345 work orders from the hotline's CSV/Excel export; a dry run previews, a bad file rejects with details.issues (sheet/row/column). */
export const importHotline = (file: File, dryRun: boolean) =>
  request<HotlineReport>('POST', '/events/hotline/import', { form: fileForm(file), params: { dryRun: String(dryRun) } });
export const saveCategory = (code: string, body: CategoryBody) =>
  putJson<EventCategory>(`/events/categories/${encodeURIComponent(code)}`, body);
export const fetchRouting = () => getJson<{ items: RoutingRule[] }>('/events/routing');
export const saveRouting = (body: RoutingBody) => putJson<RoutingRule>('/events/routing', body);
export const deleteRouting = async (categoryCode: string, regionCode: string) => {
  await send('DELETE', '/events/routing', { params: { categoryCode, regionCode } });
};
export const fetchDepartmentUnits = () => getJson<{ items: UnitStaffing[] }>('/events/units/departments');
export const staffUnit = (code: string, departmentId: number | null) =>
  putJson<UnitStaffing>(`/events/units/${encodeURIComponent(code)}/department`, { departmentId });
export const fetchSummary = () => getJson<EventSummary>('/events/summary');
export type CaseMap = z.infer<typeof S.CaseMap>;
export const fetchCaseMap = () => getJson<CaseMap>('/events/map');

/** A fresh idempotency key for one submission (kept across retries of that submission). */
export const newIdempotencyKey = () => `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
