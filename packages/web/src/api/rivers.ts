/** 河长制 and GB 3838 water quality: types inferred from the server's zod schemas (server/src/ecology/rivers-schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/ecology/rivers-schemas';
import { apiUrl, getJson, postJson } from './http';
import type { Page } from './types';

export type River = z.infer<typeof S.River>;
export type Reach = z.infer<typeof S.Reach>;
export type Chief = z.infer<typeof S.Chief>;
export type ChiefLevel = z.infer<typeof S.ChiefLevel>;
export type PatrolRule = z.infer<typeof S.PatrolRule>;
export type Patrol = z.infer<typeof S.Patrol>;
export type PatrolDetail = z.infer<typeof S.PatrolDetail>;
export type PatrolBody = z.input<typeof S.PatrolBody>;
export type CompletionReport = z.infer<typeof S.CompletionReport>;
export type ProblemItem = z.infer<typeof S.ProblemItem>;
export type WaterMonths = z.infer<typeof S.WaterMonths>;
export type SectionMonths = WaterMonths['sections'][number];

export const CHIEF_LEVELS: readonly ChiefLevel[] = ['district', 'town', 'village'];

export interface Span {
  from?: string;
  to?: string;
}

export const fetchRivers = () => getJson<River[]>('/ecology/rivers');
export const fetchReaches = (q: Span & { river?: string; town?: string; q?: string }, page = 1, pageSize = 200) =>
  getJson<Page<Reach>>('/ecology/reaches', { ...q, page, pageSize });
export const fetchPatrolRules = () => getJson<PatrolRule[]>('/ecology/patrol-rules');
export const fetchPatrols = (q: { reach?: string; town?: string; river?: string }, page = 1, pageSize = 50) =>
  getJson<Page<Patrol>>('/ecology/patrols', { ...q, page, pageSize });
export const fetchPatrol = (id: number) => getJson<PatrolDetail>(`/ecology/patrols/${id}`);
export const recordPatrol = (body: PatrolBody) => postJson<PatrolDetail>('/ecology/patrols', body);
export const photoUrl = (patrol: number, photo: number) => apiUrl(`/ecology/patrols/${patrol}/photos/${photo}`);
export const fetchCompletion = (span: Span) => getJson<CompletionReport>('/ecology/patrol-completion', { ...span });
export const fetchProblems = (q: { river?: string }, page = 1, pageSize = 50) =>
  getJson<Page<ProblemItem>>('/ecology/problems', { ...q, page, pageSize });
export const fetchWaterMonths = (year: number, river?: string) => getJson<WaterMonths>('/ecology/water/months', { year, river });
