/** 亩均效益评价: types inferred from the server's zod schemas (server/src/mujun/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/mujun/schemas';
import { download, getJson, postJson } from './http';
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
export const publishRun = (id: number, status: 'published' | 'final') =>
  postJson<{ id: number; status: string }>(`/mujun/runs/${id}/publish`, { status });
export const fetchAdjustments = (id: number) => getJson<{ items: Adjustment[] }>(`/mujun/runs/${id}/adjustments`);
export const requestAdjustment = (id: number, enterprise: string, toClass: MujunClass, reason: string) =>
  postJson<{ id: number; status: string }>(`/mujun/runs/${id}/adjustments`, { enterprise, toClass, reason });
export const decideAdjustment = (id: number, adjustment: number, approve: boolean, note = '') =>
  postJson<{ id: number; status: string }>(`/mujun/runs/${id}/adjustments/${adjustment}/decision`, { approve, note });
