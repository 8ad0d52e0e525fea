/** 生态 · air quality: types inferred from the server's zod schemas (server/src/ecology/schemas.ts). */
import type { z } from 'zod';
import type * as S from '../../../server/src/ecology/schemas';
import { getJson, postJson, request } from './http';
import type { Page } from './types';

export type Station = z.infer<typeof S.Station>;
export type AqiCalendar = z.infer<typeof S.Calendar>;
export type AnnualAir = z.infer<typeof S.Annual>;
export type AirDay = z.infer<typeof S.DayDetail>;
export type ReadingsReport = z.infer<typeof S.ReadingsReport>;
export type AirIndicatorsReport = z.infer<typeof S.IndicatorsReport>;
export type Pollutant = z.infer<typeof S.PollutantId>;

export const POLLUTANTS: readonly Pollutant[] = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3'];

/** what a query names: a station (code) or a region (town, district); neither = the caller's own */
export interface AirTarget {
  station?: string;
  region?: string;
}

export const fetchStations = (q: { region?: string; type?: string; q?: string }, page = 1, pageSize = 200) =>
  getJson<Page<Station>>('/ecology/stations', { ...q, page, pageSize });
export const fetchCalendar = (year: number, t: AirTarget) => getJson<AqiCalendar>('/ecology/calendar', { year, ...t });
export const fetchAnnual = (year: number, t: AirTarget) => getJson<AnnualAir>('/ecology/annual', { year, ...t });
export const fetchDay = (station: string, date: string) => getJson<AirDay>('/ecology/day', { station, date });
export const writeAirIndicators = (year: number, region?: string) => postJson<AirIndicatorsReport>('/ecology/indicators', { year, region });

export function uploadReadings(file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ReadingsReport>('POST', '/ecology/readings', { form, params: { dryRun } });
}
