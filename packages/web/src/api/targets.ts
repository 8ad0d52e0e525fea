/** 挂图作战: types inferred from the server's zod schemas (server/src/targets/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/targets/schemas';
import { apiUrl, getJson, request } from './http';
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

export type MilestoneTree = z.infer<typeof S.MilestoneTree>;
export type Milestone = z.infer<typeof S.Milestone>;
export type MilestoneDecision = 'review' | 'accept' | 'return';
export const fetchMilestones = () => getJson<MilestoneTree>('/targets/milestones');
export const reportMilestone = (id: number, note: string, links: string[]) =>
  request<Milestone>('POST', `/targets/milestones/${id}/report`, { json: { note, links } });
export const decideMilestone = (id: number, decision: MilestoneDecision, reason = '') =>
  request<Milestone>('POST', `/targets/milestones/${id}/decision`, { json: { decision, reason } });
export const attachEvidence = (id: number, file: File) => {
  const form = new FormData();
  form.append('file', file);
  return request<{ id: number; fileName: string }>('POST', `/targets/milestones/${id}/files`, { form });
};
export const evidenceUrl = (id: number, file: number) => apiUrl(`/targets/milestones/${id}/files/${file}`);
export const reportUrl = (year: number, month?: number) => apiUrl('/targets/report.xlsx', { year, month });
