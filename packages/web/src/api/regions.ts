import { getJson } from './http';
import type { FeatureCollection, Region } from './types';

export const fetchRegions = (q: { parent?: string; level?: string; under?: string; q?: string }) =>
  getJson<{ items: Region[] }>('/regions', q);
export const fetchRegion = (code: string) => getJson<Region>(`/regions/${code}`);

export const fetchBoundaries = (q: { codes?: string; parent?: string; datum?: 'wgs84' | 'gcj02' }) =>
  getJson<FeatureCollection>('/regions/boundaries', q);
