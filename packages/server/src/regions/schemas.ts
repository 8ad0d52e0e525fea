/** Schemas of the outline upload and the schematic tile map (the web infers its types from them). */
import { z } from 'zod';
import { Datum, RegionLevel } from '../http/schemas.js';

export const BoundaryDatum = z.enum(['auto', 'wgs84', 'gcj02', 'bd09']);
export const BoundaryReport = z.object({
  matched: z.array(z.string()),
  regions: z.array(
    z.object({ feature: z.number(), code: z.string(), name: z.string(), level: RegionLevel, kind: z.enum(['outline', 'centroid']) }),
  ),
  unmatched: z.array(
    z.object({
      feature: z.number().describe('0-based index in features'),
      code: z.string().nullable(),
      name: z.string().nullable(),
      reason: z.enum(['no_code', 'unknown_code', 'bad_geometry', 'duplicate']),
    }),
  ),
  datum: z.object({
    used: Datum,
    by: z.enum(['user', 'prj', 'fit']),
    fit: z.object({ datum: Datum.nullable(), metres: z.record(z.string(), z.number()) }).optional(),
  }),
  dryRun: z.boolean(),
});
export const TileMapSchema = z.object({
  layout: z.object({ code: z.string(), name: z.string() }),
  level: RegionLevel.nullable(),
  cells: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: RegionLevel,
      col: z.number().int(),
      row: z.number().int(),
      placed: z.enum(['user', 'centroid', 'default']),
      hasBoundary: z.boolean(),
    }),
  ),
});

export const BoundaryFileReport = BoundaryReport.extend({ fileName: z.string(), layers: z.array(z.string()) });
