/** zod schemas shared by routes; the OpenAPI document is generated from these. */
import { z } from 'zod';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. IMPORT_INVALID'),
      message: z.object({ zh: z.string(), en: z.string() }),
      details: z.unknown().optional(),
    }),
  })
  .describe('Error');

export const errorResponses = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 422: ErrorBody };

export const Datum = z.enum(['wgs84', 'gcj02', 'bd09']);
export const RegionCode = z.string().regex(/^\d{12}(\d{3})?$/).describe('12-digit 统计用区划代码 (15 for grids)');
export const RegionLevel = z.enum(['province', 'city', 'county', 'town', 'village', 'grid']);

export const Region = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  level: RegionLevel,
  parentCode: z.string().nullable(),
  path: z.string(),
  hasBoundary: z.boolean(),
  childCount: z.number().int(),
});

export const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]).optional(),
      properties: z.record(z.string(), z.unknown()).nullable(),
      geometry: z.unknown(),
    }),
  ),
});

export const Observation = z.object({
  id: z.number().int().describe('observation id; GET /observations/{id}/provenance traces it'),
  indicatorCode: z.string(),
  subjectKind: z.string(),
  subjectCode: z.string(),
  subjectName: z.string(),
  regionCode: z.string(),
  period: z.string(),
  value: z.number(),
  status: z.enum(['preliminary', 'final']),
  source: z.string(),
  batchId: z.number().int().describe('import batch that loaded this value'),
  synthetic: z.boolean().describe('true for generated demo data, never for official figures'),
  loadedBy: z.string(),
  loadedAt: z.string(),
  isCurrent: z.boolean(),
});

export const Batch = z.object({
  id: z.number().int(),
  fileName: z.string(),
  fileSha256: z.string(),
  format: z.string(),
  layout: z.string(),
  encoding: z.string().nullable(),
  rowCount: z.number().int(),
  insertedCount: z.number().int(),
  revisedCount: z.number().int(),
  unchangedCount: z.number().int(),
  source: z.string(),
  synthetic: z.boolean(),
  loadedBy: z.string(),
  loadedAt: z.string(),
  note: z.string(),
});

export const csv = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
