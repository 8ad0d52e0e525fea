/** 亩均效益评价: types inferred from the server's zod schemas (server/src/mujun/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/mujun/schemas';
import { download, fileForm, getJson, postJson, request } from './http';
import type { Page } from './types';

export type MujunClass = z.infer<typeof S.Class>;
export type RunStatus = z.infer<typeof S.RunStatus>;
export type MujunRun = z.infer<typeof S.Run>;
export type MujunResult = z.infer<typeof S.Result>;
export type ResultQuery = z.input<typeof S.ResultQuery>;
export type NewRun = z.input<typeof S.NewRunBody>;
export type Distribution = z.infer<typeof S.Distribution>;
export type DistributionRow = Distribution['rows'][number];
export type DistributionBy = Distribution['by'];
export type Migration = z.infer<typeof S.Migration>;
export type Adjustment = z.infer<typeof S.Adjustment>;
export type Reconciliation = z.infer<typeof S.Reconciliation>;
export type ListBody = 'grid' | 'tax' | 'land';
export type EnterpriseRecord = z.infer<typeof S.EnterpriseRecord>;
export type EnterpriseRun = z.infer<typeof S.EnterpriseRun>;
export type ItemExplanation = z.infer<typeof S.ItemExplanation>;
export type Appeal = z.infer<typeof S.Appeal>;
export type AppealStatus = z.infer<typeof S.AppealStatus>;

export const CLASSES = ['A', 'B', 'C', 'D'] as const;
/** the class filter's and the counts' key of firms without a class */
export const NOT_RATED = 'notRated';

export const fetchRuns = () => getJson<{ items: MujunRun[] }>('/mujun/runs');
export const fetchRun = (id: number) => getJson<MujunRun>(`/mujun/runs/${id}`);
export const createRun = (body: NewRun) =>
  postJson<{ id: number; counts: Record<string, number>; enterprises: number }>('/mujun/runs', body);
export const fetchReconciliation = (year: number) => getJson<Reconciliation>('/mujun/reconcile', { year });
export const fetchResults = (id: number, q: ResultQuery, page: number, pageSize: number) =>
  getJson<Page<MujunResult>>(`/mujun/runs/${id}/results`, { ...q, page, pageSize });
export const fetchDistribution = (id: number, by: DistributionBy) => getJson<Distribution>(`/mujun/runs/${id}/distribution`, { by });
export const fetchMigration = (id: number) => getJson<Migration>(`/mujun/runs/${id}/migration`);
/** a receiving body's list, saved under the file name the server sends */
export const downloadList = (id: number, body: ListBody) => download(`/mujun/runs/${id}/lists/${body}`, {}, `mujun-${body}.xlsx`);
export const publishRun = (id: number, status: 'published' | 'final', appealDays?: number) =>
  postJson<{ id: number; status: string }>(`/mujun/runs/${id}/publish`, { status, appealDays });
export const fetchAdjustments = (id: number) => getJson<{ items: Adjustment[] }>(`/mujun/runs/${id}/adjustments`);
export const requestAdjustment = (id: number, enterprise: string, toClass: MujunClass, reason: string) =>
  postJson<{ id: number; status: string }>(`/mujun/runs/${id}/adjustments`, { enterprise, toClass, reason });
export const decideAdjustment = (id: number, adjustment: number, approve: boolean, note = '') =>
  postJson<{ id: number; status: string }>(`/mujun/runs/${id}/adjustments/${adjustment}/decision`, { approve, note });

// 公示 and appeal: the enterprise account's own record, and the officers' side
export const fetchMyRecord = () => getJson<EnterpriseRecord>('/mujun/mine');
export const fetchEnterpriseRecord = (code: string) => getJson<EnterpriseRecord>(`/mujun/enterprises/${encodeURIComponent(code)}/record`);
export const fileAppeal = (runId: number, reason: string) =>
  postJson<{ id: number; status: string }>('/mujun/mine/appeals', { runId, reason });
export const attachToAppeal = (appeal: number, file: File) =>
  request<{ id: number; fileName: string }>('POST', `/mujun/mine/appeals/${appeal}/files`, { form: fileForm(file) });
export const downloadOwnAppealFile = (appeal: number, file: { id: number; fileName: string }) =>
  download(`/mujun/mine/appeals/${appeal}/files/${file.id}`, {}, file.fileName);
export const fetchAppeals = (runId: number) => getJson<{ items: Appeal[] }>(`/mujun/runs/${runId}/appeals`);
export const downloadAppealFile = (appeal: number, file: { id: number; fileName: string }) =>
  download(`/mujun/appeals/${appeal}/files/${file.id}`, {}, file.fileName);
export const decideAppeal = (appeal: number, accept: boolean, note = '') =>
  postJson<{ id: number; status: string }>(`/mujun/appeals/${appeal}/decision`, { accept, note });
