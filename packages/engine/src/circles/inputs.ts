/**
 * Validation of facilities, residents and candidate sites (zod 4 schemas plus checks zod cannot
 * express), and conversion of their coordinates to WGS-84 — the datum of OpenStreetMap — with
 * the project's datum functions (geo/coords.ts: GCJ-02 and BD-09 inputs from Chinese map
 * services are common). Every problem is collected first and reported in one AccessError whose
 * `details.items` lists the offending rows, so a user can fix a whole file at once.
 */
import { z } from 'zod';
import { convertPoint, type Datum } from '../geo/index.js';
import { AccessError } from './errors.js';

const idSchema = z.union([z.string().min(1), z.number()]).transform((v) => String(v));
/** Coordinates are checked after parsing (badCoord) so NaN, strings and nulls all give INVALID_COORDINATES. */
const coord = z.unknown().optional();

export const facilityInputSchema = z.object({
  id: idSchema,
  category: z.string(),
  lon: coord,
  lat: coord,
  name: z.string().optional().nullable(),
});

export const residentInputSchema = z.object({
  id: idSchema,
  lon: coord,
  lat: coord,
  population: z.number().finite().nonnegative(),
  region: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .optional()
    .nullable(),
});

export const candidateInputSchema = z.object({ id: idSchema, lon: coord, lat: coord });

export interface Facility {
  id: string;
  category: string;
  lon: number;
  lat: number;
  name: string | null;
}
export interface Resident {
  id: string;
  lon: number;
  lat: number;
  population: number;
  region: string | null;
}
export interface Candidate {
  id: string;
  lon: number;
  lat: number;
}

const MAX_LISTED = 50;

function badCoord(lon: unknown, lat: unknown): boolean {
  return (
    typeof lon !== 'number' ||
    typeof lat !== 'number' ||
    !Number.isFinite(lon) ||
    !Number.isFinite(lat) ||
    lon < -180 ||
    lon > 180 ||
    lat < -90 ||
    lat > 90
  );
}

type Kind = 'facility' | 'resident' | 'candidate';
const KIND_ZH: Record<Kind, string> = { facility: '设施', resident: '居民点', candidate: '候选点' };

function parseRows<S extends z.ZodType>(kind: Kind, schema: S, rows: readonly unknown[]): z.output<S>[] {
  if (!Array.isArray(rows)) {
    throw new AccessError('INVALID_INPUT', `${KIND_ZH[kind]}数据必须是数组`, `${kind} data must be an array`);
  }
  const out: z.output<S>[] = [];
  const badCoords: { row: number; id: unknown; lon: unknown; lat: unknown }[] = [];
  const invalid: { row: number; issues: string[] }[] = [];
  const seen = new Set<string>();
  const dups: string[] = [];
  rows.forEach((raw, row) => {
    const r = schema.safeParse(raw);
    if (!r.success) {
      invalid.push({ row, issues: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const v = r.data as { id: string; lon?: unknown; lat?: unknown };
    if (badCoord(v.lon, v.lat)) badCoords.push({ row, id: v.id, lon: v.lon ?? null, lat: v.lat ?? null });
    if (seen.has(v.id)) dups.push(v.id);
    seen.add(v.id);
    out.push(r.data);
  });
  if (badCoords.length > 0) {
    const ids = badCoords
      .slice(0, 10)
      .map((b) => b.id)
      .join(', ');
    throw new AccessError(
      'INVALID_COORDINATES',
      `${badCoords.length} 个${KIND_ZH[kind]}的坐标缺失、无效或超出范围（经度 −180…180，纬度 −90…90）：${ids}`,
      `${badCoords.length} ${kind} row(s) have missing, invalid or out-of-range coordinates (lon −180…180, lat −90…90): ${ids}`,
      { kind, count: badCoords.length, items: badCoords.slice(0, MAX_LISTED) },
    );
  }
  if (invalid.length > 0) {
    const first = invalid[0];
    throw new AccessError(
      'INVALID_INPUT',
      `${invalid.length} 行${KIND_ZH[kind]}数据无效（第 ${first.row + 1} 行：${first.issues.join('；')}）`,
      `${invalid.length} ${kind} row(s) are invalid (row ${first.row + 1}: ${first.issues.join('; ')})`,
      { kind, count: invalid.length, items: invalid.slice(0, MAX_LISTED) },
    );
  }
  if (dups.length > 0) {
    throw new AccessError(
      'INVALID_INPUT',
      `${KIND_ZH[kind]}编号重复：${dups.slice(0, 10).join(', ')}`,
      `Duplicate ${kind} ids: ${dups.slice(0, 10).join(', ')}`,
      { kind, items: dups.slice(0, MAX_LISTED) },
    );
  }
  return out;
}

function toWgs(lon: number, lat: number, datum: Datum): [number, number] {
  return datum === 'wgs84' ? [lon, lat] : convertPoint(lon, lat, datum, 'wgs84');
}

/** Validates facilities; `categories` are the known category ids (UNKNOWN_CATEGORY otherwise). */
export function parseFacilities(rows: readonly unknown[], categories: readonly string[], datum: Datum = 'wgs84'): Facility[] {
  const parsed = parseRows('facility', facilityInputSchema, rows);
  const known = new Set(categories);
  const unknown = parsed.filter((f) => !known.has(f.category));
  if (unknown.length > 0) {
    const cats = [...new Set(unknown.map((f) => f.category))].sort();
    throw new AccessError(
      'UNKNOWN_CATEGORY',
      `未知的设施类别：${cats.join(', ')}（可用：${categories.join(', ')}）`,
      `Unknown facility categories: ${cats.join(', ')} (known: ${categories.join(', ')})`,
      { categories: cats, facilities: unknown.slice(0, MAX_LISTED).map((f) => f.id) },
    );
  }
  return parsed.map((f) => {
    const [lon, lat] = toWgs(f.lon as number, f.lat as number, datum);
    return { id: f.id, category: f.category, lon, lat, name: f.name ?? null };
  });
}

export function parseResidents(rows: readonly unknown[], datum: Datum = 'wgs84'): Resident[] {
  return parseRows('resident', residentInputSchema, rows).map((r) => {
    const [lon, lat] = toWgs(r.lon as number, r.lat as number, datum);
    return { id: r.id, lon, lat, population: r.population, region: r.region ?? null };
  });
}

export function parseCandidates(rows: readonly unknown[], datum: Datum = 'wgs84'): Candidate[] {
  return parseRows('candidate', candidateInputSchema, rows).map((r) => {
    const [lon, lat] = toWgs(r.lon as number, r.lat as number, datum);
    return { id: r.id, lon, lat };
  });
}

/** Stable, locale-independent id order (UTF-16 code units), used for every tie-break. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
