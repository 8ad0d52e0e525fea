import { getJson, putJson, request } from './http';
import type { z } from 'zod';
import type { FeatureCollection, Region } from './types';
import type { BoundaryFileReport as BoundaryFileReportSchema, TileMapSchema } from '../../../server/src/regions/schemas';

export type BoundaryFileReport = z.infer<typeof BoundaryFileReportSchema>;
export type TileMap = z.infer<typeof TileMapSchema>;
export type TileCell = TileMap['cells'][number];
export type BoundaryDatum = 'auto' | 'wgs84' | 'gcj02' | 'bd09';

export const fetchRegions = (q: { parent?: string; level?: string; under?: string; q?: string }) =>
  getJson<{ items: Region[] }>('/regions', q);
export const fetchRegion = (code: string) => getJson<Region>(`/regions/${code}`);

export const fetchBoundaries = (q: { codes?: string; parent?: string; under?: string; level?: string; datum?: 'wgs84' | 'gcj02' }) =>
  getJson<FeatureCollection>('/regions/boundaries', q);

/** Outlines or centroids as GeoJSON or a zipped shapefile; a dry run reports matches and stores nothing. */
export function uploadBoundaryFile(file: File, q: { datum: BoundaryDatum; source: string; dryRun: boolean }) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<BoundaryFileReport>('POST', '/regions/boundaries/file', { form, params: q });
}

export const fetchTiles = (layout: string, level?: string | null) =>
  getJson<TileMap>('/regions/tiles', { layout, level: level ?? undefined });
export const saveTiles = (layout: string, body: { level?: string | null; cells: { code: string; col: number; row: number }[] }) =>
  putJson<TileMap>(`/regions/tiles/${layout}`, body);
