/**
 * Client of the accessibility API (15分钟公共服务圈, /api/v1/access/*). Types are inferred from the
 * server's zod schemas (packages/server/src/circles/schemas.ts), so client and server cannot drift.
 */
import type { z } from 'zod';
import type {
  AnalysisBody as AnalysisBodySchema,
  BlindSpot as BlindSpotSchema,
  CategoryCoverage as CategoryCoverageSchema,
  CoverageRow as CoverageRowSchema,
  FacilityItem as FacilityItemSchema,
  IndicatorWriteResult as IndicatorWriteResultSchema,
  LevelReport as LevelReportSchema,
  NetworkMeta as NetworkMetaSchema,
  PointIn as PointInSchema,
  PointSet as PointSetSchema,
  ResidentItem as ResidentItemSchema,
  Run as RunSchema,
  RunResidents as RunResidentsSchema,
  RunWithReport as RunWithReportSchema,
  SiteSuggestionResult as SiteSuggestionResultSchema,
  WhatIfResult as WhatIfResultSchema,
} from '../../../server/src/circles/schemas';
import type { AccessPreset as EnginePreset } from '../../../engine/src/circles/presets';
import { fileForm, getJson, postJson, request } from './http';
import type { FeatureCollection, Page } from './types';

export type NetworkMeta = z.infer<typeof NetworkMetaSchema>;
export type PointSet = z.infer<typeof PointSetSchema>;
export type FacilityItem = z.infer<typeof FacilityItemSchema>;
export type ResidentItem = z.infer<typeof ResidentItemSchema>;
export type CategoryCoverage = z.infer<typeof CategoryCoverageSchema>;
export type CoverageRow = z.infer<typeof CoverageRowSchema>;
export type BlindSpot = z.infer<typeof BlindSpotSchema>;
export type LevelReport = z.infer<typeof LevelReportSchema>;
export type Run = z.infer<typeof RunSchema>;
export type RunWithReport = z.infer<typeof RunWithReportSchema>;
export type RunResidents = z.infer<typeof RunResidentsSchema>;
export type AnalysisBody = z.input<typeof AnalysisBodySchema>;
export type PointIn = z.input<typeof PointInSchema>;
export type WhatIfResult = z.infer<typeof WhatIfResultSchema>;
export type SiteSuggestionResult = z.infer<typeof SiteSuggestionResultSchema>;
export type IndicatorWriteResult = z.infer<typeof IndicatorWriteResultSchema>;
export type AccessPreset = EnginePreset;
export type Datum = 'wgs84' | 'gcj02' | 'bd09';
export type TravelMode = NetworkMeta['mode'];

export const DATUMS: Datum[] = ['wgs84', 'gcj02', 'bd09'];

export const fetchDefaultPreset = () => getJson<AccessPreset>('/access/presets/default');

export const fetchNetworks = () => getJson<{ items: NetworkMeta[] }>('/access/networks');
export const fetchNetworkGeoJSON = (id: number) => getJson<FeatureCollection>(`/access/networks/${id}/geojson`, { datum: 'wgs84' });

export const uploadNetwork = (file: File, q: { mode?: TravelMode; name?: string; regionCode?: string }) =>
  request<NetworkMeta>('POST', '/access/networks', { form: fileForm(file), params: q });

export const facilitySetFromOsm = (networkId: number, body: { name?: string; categories?: string[] } = {}) =>
  postJson<PointSet>(`/access/networks/${networkId}/facility-sets`, body);
export const syntheticResidents = (networkId: number, body: { name?: string; peoplePerKm?: number } = {}) =>
  postJson<PointSet>(`/access/networks/${networkId}/resident-sets/synthetic`, body);

export interface SetUpload {
  datum: Datum;
  name?: string;
  networkId?: number;
  regionCode?: string;
}
export const uploadFacilitySet = (file: File, q: SetUpload) =>
  request<PointSet>('POST', '/access/facility-sets', { form: fileForm(file), params: { ...q } });
export const uploadResidentSet = (file: File, q: SetUpload) =>
  request<PointSet>('POST', '/access/resident-sets', { form: fileForm(file), params: { ...q } });

export const fetchFacilitySets = () => getJson<{ items: PointSet[] }>('/access/facility-sets');
export const fetchResidentSets = () => getJson<{ items: PointSet[] }>('/access/resident-sets');
export const fetchFacilitySet = (id: number) => getJson<PointSet & { items: FacilityItem[] }>(`/access/facility-sets/${id}`);
export const fetchResidentSet = (id: number) => getJson<PointSet & { items: ResidentItem[] }>(`/access/resident-sets/${id}`);

export const fetchRuns = (q: { network?: number; facilitySet?: number; residentSet?: number; page?: number; pageSize?: number } = {}) =>
  getJson<Page<Run>>('/access/runs', q);
export const fetchRun = (id: number) => getJson<RunWithReport>(`/access/runs/${id}`);
export const fetchRunResidents = (id: number) => getJson<RunResidents>(`/access/runs/${id}/residents`);
export const createRun = (body: AnalysisBody & { note?: string }) => postJson<RunWithReport>('/access/runs', body);
export const writeIndicators = (runId: number, body: { period: string; level?: string; status?: 'preliminary' | 'final' }) =>
  postJson<IndicatorWriteResult>(`/access/runs/${runId}/indicators`, body);

export const whatIf = (body: AnalysisBody & { add?: PointIn[]; close?: string[]; datum?: Datum }) =>
  postJson<WhatIfResult>('/access/what-if', body);

export interface SiteSuggestionBody {
  networkId: number;
  facilitySetId: number;
  residentSetId: number;
  preset?: Record<string, unknown>;
  category: string;
  k: number;
  level?: string;
  maxCandidates?: number;
}
export const suggestSites = (body: SiteSuggestionBody) => postJson<SiteSuggestionResult>('/access/site-suggestions', body);

export const fetchIsochrones = (body: {
  networkId: number;
  facilitySetId?: number;
  facilityId?: string;
  lon?: number;
  lat?: number;
  minutes?: number[];
}) => postJson<FeatureCollection>('/access/isochrones', body);
