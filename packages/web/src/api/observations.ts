import { getJson } from './http';
import type { Batch, Observation } from './types';

export interface ObservationQuery {
  indicator?: string;
  region?: string;
  subject?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export const fetchObservations = (q: ObservationQuery) =>
  getJson<{ items: Observation[]; hasMore: boolean }>('/observations', { ...q });

export const fetchProvenance = (id: number) =>
  getJson<{ observation: Observation; batch: Batch; history: (Observation & { batch: Batch })[] }>(`/observations/${id}/provenance`);
