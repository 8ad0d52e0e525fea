/**
 * Pure helpers of the 15分钟公共服务圈 page: coverage table rows, per-resident covered/uncovered
 * states, what-if before/after rows, thresholds from the preset, map extents. No Vue, no ECharts.
 */
import type { AccessPreset, CoverageRow, LevelReport, RunResidents, WhatIfResult } from '../api/circles';
import type { FeatureCollection } from '../api/types';

/** '*' = the full circle: every category the level requires, each within its threshold. */
export const FULL_CIRCLE = '*';

export type Bbox = [number, number, number, number];

export interface CoverageTableRow {
  region: string;
  total: boolean;
  residents: number;
  population: number;
  fullCircleShare: number;
  /** share (0–1) per category id; null when the level does not require the category */
  shares: Record<string, number | null>;
}

/** The level's categories in report order (the columns of the coverage table). */
export function levelCategories(level: LevelReport): string[] {
  return level.total.categories.map((c) => c.category);
}

function tableRow(row: CoverageRow, categories: string[], total: boolean): CoverageTableRow {
  const byCat = new Map(row.categories.map((c) => [c.category, c.share]));
  return {
    region: row.region,
    total,
    residents: row.residents,
    population: row.population,
    fullCircleShare: row.fullCircleShare,
    shares: Object.fromEntries(categories.map((c) => [c, byCat.get(c) ?? null])),
  };
}

/**
 * Rows of the coverage table: the total first, then the regions (aggregates by code prefix first,
 * then by code). A single region equal to the total (e.g. "(none)" when residents carry no region
 * code) is kept, so the table always shows where the people are.
 */
export function coverageTableRows(level: LevelReport): CoverageTableRow[] {
  const cats = levelCategories(level);
  const regions = [...level.regions].sort((a, b) => a.region.length - b.region.length || a.region.localeCompare(b.region));
  return [tableRow(level.total, cats, true), ...regions.map((r) => tableRow(r, cats, false))];
}

/** Rows below a target share (0–1) for the chosen column. */
export function belowTarget(share: number | null, target: number | null): boolean {
  return share !== null && target !== null && share < target - 1e-9;
}

export type ResidentState = 'covered' | 'uncovered' | 'unsnapped';

/**
 * Per resident: covered when the seconds to the nearest facility of the category are within the
 * level's threshold (for the full circle: every category of the level), unsnapped when the point is
 * off the network. Thresholds come from the level's report (seconds), so they match the run exactly.
 */
export function residentStates(residents: RunResidents, level: LevelReport, category: string): ResidentState[] {
  const wanted = level.total.categories.filter((c) => category === FULL_CIRCLE || c.category === category);
  const cols = wanted.map((c) => ({ index: residents.categories.indexOf(c.category), limit: c.thresholdSeconds }));
  return residents.items.map((r) => {
    if (r.snapDistanceM === null) return 'unsnapped';
    if (!cols.length) return 'uncovered';
    const ok = cols.every(({ index, limit }) => {
      const s = index >= 0 ? r.seconds[index] : null;
      return s !== null && s !== undefined && s <= limit + 1e-9;
    });
    return ok ? 'covered' : 'uncovered';
  });
}

/** Population-weighted share of covered residents (cross-check of the report on screen). */
export function coveredShare(residents: RunResidents, states: ResidentState[]): number {
  let all = 0;
  let covered = 0;
  residents.items.forEach((r, i) => {
    all += r.population;
    if (states[i] === 'covered') covered += r.population;
  });
  return all > 0 ? covered / all : 0;
}

/** The preset's threshold for a category at a level, as given ({meters} or {minutes}); null if none. */
export function presetThreshold(
  preset: AccessPreset | null,
  levelId: string,
  category: string,
): { meters?: number; minutes?: number } | null {
  const level = preset?.levels.find((l) => l.id === levelId);
  const t = level?.thresholds.find((x) => x.category === category);
  if (!t) return null;
  return t.meters !== undefined ? { meters: t.meters } : { minutes: t.minutes };
}

export interface WhatIfRow {
  category: string;
  before: number;
  after: number;
  change: number;
  beforePopulation: number;
  afterPopulation: number;
}

/** Before/after/change of the total for one level: the full circle first, then each category. */
export function whatIfRows(result: WhatIfResult, levelId: string): WhatIfRow[] {
  const before = result.before.find((l) => l.level === levelId);
  const after = result.after.find((l) => l.level === levelId);
  if (!before || !after) return [];
  const rows: WhatIfRow[] = [
    {
      category: FULL_CIRCLE,
      before: before.fullCircleShare,
      after: after.fullCircleShare,
      change: after.fullCircleShare - before.fullCircleShare,
      beforePopulation: before.fullCirclePopulation,
      afterPopulation: after.fullCirclePopulation,
    },
  ];
  for (const b of before.categories) {
    const a = after.categories.find((c) => c.category === b.category);
    if (!a) continue;
    rows.push({
      category: b.category,
      before: b.share,
      after: a.share,
      change: a.share - b.share,
      beforePopulation: b.coveredPopulation,
      afterPopulation: a.coveredPopulation,
    });
  }
  return rows;
}

/** Share 0–1 as a percentage with one decimal ("63.2%"); "—" for null. */
export function formatShare(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '—' : `${(share * 100).toFixed(digits)}%`;
}

/** Change of a share in percentage points with its sign ("+12.3", "−0.4", "0.0"). */
export function formatChange(change: number, digits = 1): string {
  const v = Number((change * 100).toFixed(digits));
  if (v === 0) return (0).toFixed(digits);
  return v > 0 ? `+${v.toFixed(digits)}` : `−${Math.abs(v).toFixed(digits)}`;
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of LineStrings / points; null when empty. */
export function bboxOf(coords: Iterable<number[]>): Bbox | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of coords) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

/** The network's edges as polylines ([lon, lat] lists), skipping anything that is not a LineString. */
export function roadPolylines(fc: FeatureCollection | null): number[][][] {
  if (!fc) return [];
  const out: number[][][] = [];
  for (const f of fc.features) {
    const g = f.geometry as { type?: string; coordinates?: unknown } | null;
    if (g?.type === 'LineString' && Array.isArray(g.coordinates)) out.push(g.coordinates as number[][]);
    else if (g?.type === 'MultiLineString' && Array.isArray(g.coordinates)) out.push(...(g.coordinates as number[][][]));
  }
  return out;
}

export interface IsochroneRing {
  minutes: number;
  rings: number[][][];
}

/** Outer rings of isochrone MultiPolygons, largest time first (drawn below the smaller ones). */
export function isochroneRings(fc: FeatureCollection | null): IsochroneRing[] {
  if (!fc) return [];
  const out: IsochroneRing[] = [];
  for (const f of fc.features) {
    const g = f.geometry as { type?: string; coordinates?: number[][][][] } | null;
    const minutes = Number((f.properties as { minutes?: number } | null)?.minutes);
    if (g?.type !== 'MultiPolygon' || !g.coordinates || !Number.isFinite(minutes)) continue;
    out.push({ minutes, rings: g.coordinates.map((poly) => poly[0]).filter((r) => r && r.length >= 3) });
  }
  return out.sort((a, b) => b.minutes - a.minutes);
}

export interface MapView {
  center: [number, number];
  zoom: number;
}

/** Centre and zoom that show `target` inside the map of `full` (with a margin), zoom within [1, 60]. */
export function viewOf(full: Bbox, target: Bbox, margin = 1.5): MapView {
  const fw = full[2] - full[0];
  const fh = full[3] - full[1];
  const tw = Math.max(target[2] - target[0], fw / 60);
  const th = Math.max(target[3] - target[1], fh / 60);
  const zoom = Math.min(60, Math.max(1, Math.min(fw / (tw * margin), fh / (th * margin))));
  return { center: [(target[0] + target[2]) / 2, (target[1] + target[3]) / 2], zoom: Math.round(zoom * 100) / 100 };
}

/** The map "region" of a network: its bounding box as one transparent polygon, for ECharts' geo. */
export function bboxFeatureCollection(b: Bbox) {
  return {
    type: 'FeatureCollection' as const,
    features: [
      {
        type: 'Feature' as const,
        properties: { name: 'extent' },
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [b[0], b[1]],
              [b[2], b[1]],
              [b[2], b[3]],
              [b[0], b[3]],
              [b[0], b[1]],
            ],
          ],
        },
      },
    ],
  };
}
