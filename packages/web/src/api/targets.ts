/** 挂图作战: types inferred from the server's zod schemas (server/src/targets/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/targets/schemas';
import { getJson } from './http';
import type { Page } from './types';

export type Light = z.infer<typeof S.Light>;
export type TargetItem = z.infer<typeof S.TargetItem>;
export type TargetDetail = z.infer<typeof S.TargetDetail>;
export type BreakdownReport = z.infer<typeof S.BreakdownReport>;
export type ProjectBoard = z.infer<typeof S.ProjectBoard>;
export type ProjectItem = z.infer<typeof S.ProjectItem>;
export type LagWarning = z.infer<typeof S.LagWarning>;
export type TargetQuery = { year: number; parent?: number; top?: 'true' | 'false'; light?: Light };

export const fetchTargets = (q: TargetQuery, page: number, pageSize: number) =>
  getJson<Page<TargetItem>>('/targets', { ...q, page, pageSize });
export const fetchTarget = (id: number) => getJson<TargetDetail>(`/targets/${id}`);
export const fetchBreakdown = (id: number) => getJson<BreakdownReport>(`/targets/${id}/breakdown`);
export const fetchBoard = (year: number) => getJson<ProjectBoard>('/targets/projects/board', { year });
