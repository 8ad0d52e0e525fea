import { download, getJson, postJson } from './http';
import type { Batch, Observation, Page, Provenance, Withdrawal } from './types';

export interface ObservationQuery {
  indicator?: string;
  region?: string;
  subject?: string;
  from?: string;
  to?: string;
  batch?: number;
  page?: number;
  pageSize?: number;
}

export const fetchObservations = (q: ObservationQuery) => getJson<Page<Observation>>('/observations', { ...q });

export const fetchProvenance = (id: number) => getJson<Provenance>(`/observations/${id}/provenance`);
export const withdrawObservation = (id: number, reason: string) => postJson<Withdrawal>(`/observations/${id}/withdraw`, { reason });
export const fetchBatch = (id: number) => getJson<Batch>(`/batches/${id}`);

export interface ExportOptions {
  format: 'xlsx' | 'csv';
  layout: 'long' | 'wide';
  lang: 'zh' | 'en';
}
export const downloadExport = (q: Omit<ObservationQuery, 'page' | 'pageSize'>, o: ExportOptions) =>
  download('/exports/observations', { ...q, ...o }, `observations.${o.format}`);
