/**
 * Coverage of public-service circles (15分钟公共服务圈 and the GB 50180-2018 life circles).
 *
 * For every facility category one multi-source bounded search (search.ts) gives each
 * resident's travel time to the nearest facility of that category (point-times.ts), bounded by
 * the largest threshold any selected level sets for that category. Then, per level and per
 * region, coverage of a category = Σ population of residents whose time ≤ threshold ÷ Σ
 * population; "full circle" coverage = population of residents covered in *every* category the
 * level requires. Residents that cannot be snapped to a road count in the denominator as not
 * covered and are listed. Blind spots are single-linkage clusters (clusters.ts) of residents not
 * covered by the full circle and, separately, per category.
 *
 * Determinism: facilities are labelled in id order, so every tie goes to the smallest id;
 * regions, residents and clusters are emitted in sorted order; numbers are rounded to fixed
 * decimals. The same inputs give byte-identical JSON.
 */
import { clusterPoints } from './clusters.js';
import { buildEdgeIndex, type EdgeIndex } from './edge-index.js';
import { AccessError } from './errors.js';
import { compareIds, type Facility, type Resident } from './inputs.js';
import type { RoadNetwork } from './network.js';
import { destinationsByEdge, pointTimes, type PointTimes } from './point-times.js';
import { DEFAULT_PRESET, thresholdSeconds, type AccessPreset, type LevelPreset } from './presets.js';
import { multiSourceSearch, SearchWorkspace } from './search.js';
import { destinationSeeds, DEFAULT_MAX_SNAP_M, snapPoints, type Snapped } from './snap.js';

export interface AnalyzeOptions {
  /** Level ids to evaluate; default: every preset level whose mode is the network's mode. */
  levels?: string[];
  /** Points farther than this from any road are reported, not snapped (default 300 m). */
  maxSnapDistanceM?: number;
  /** Linking distance for blind-spot clusters (default 300 m). */
  blindSpotDistanceM?: number;
  /** Also aggregate regions by these code-prefix lengths (e.g. [6, 9] for county, town). */
  regionPrefixLengths?: number[];
  /** Reuse a prebuilt edge index. */
  index?: EdgeIndex;
}

export interface CategoryCoverage {
  category: string;
  thresholdSeconds: number;
  coveredPopulation: number;
  share: number;
}

export interface CoverageRow {
  region: string;
  residents: number;
  population: number;
  offNetworkPopulation: number;
  fullCirclePopulation: number;
  fullCircleShare: number;
  categories: CategoryCoverage[];
}

export interface BlindSpot {
  /** Category id, or "*" for the full circle. */
  category: string;
  population: number;
  residents: string[];
  lon: number;
  lat: number;
  bbox: [number, number, number, number];
}

export interface LevelReport {
  id: string;
  nameZh: string;
  nameEn: string;
  mode: string;
  illustrative: boolean;
  source: string;
  total: CoverageRow;
  regions: CoverageRow[];
  blindSpots: BlindSpot[];
}

export interface ResidentResult {
  id: string;
  region: string | null;
  population: number;
  /** Off-network distance to the road in metres, null when unsnapped. */
  snapDistanceM: number | null;
  /** Seconds to the nearest facility per category (order of AccessReport.categories), null beyond the search bound. */
  seconds: (number | null)[];
  facility: (string | null)[];
}

export interface AccessReport {
  mode: string;
  walkingSpeedKmh: number;
  categories: string[];
  /** Search bound per category, seconds. */
  boundSeconds: number[];
  facilities: { total: number; byCategory: Record<string, number>; unsnapped: string[] };
  levels: LevelReport[];
  residents: ResidentResult[];
  unsnappedResidents: string[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10000) / 10000;
const r7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** Levels selected by id (or by mode), validated against the network mode. */
export function selectLevels(preset: AccessPreset, mode: string, ids?: string[]): LevelPreset[] {
  if (!ids) return preset.levels.filter((l) => l.mode === mode);
  return ids.map((id) => {
    const l = preset.levels.find((x) => x.id === id);
    if (!l) {
      throw new AccessError('UNKNOWN_LEVEL', `未知的圈层：${id}`, `Unknown level: ${id}`, {
        level: id,
        known: preset.levels.map((x) => x.id),
      });
    }
    if (l.mode !== mode) {
      throw new AccessError(
        'MODE_MISMATCH',
        `圈层 ${id} 按"${l.mode}"计算，但路网为"${mode}"`,
        `Level ${id} is defined for ${l.mode} but the network is for ${mode}`,
        { level: id, levelMode: l.mode, networkMode: mode },
      );
    }
    return l;
  });
}

export interface CategoryTimes {
  categories: string[];
  boundSeconds: number[];
  /** Per category: resident times and facility labels (index into sorted facilities). */
  times: PointTimes[];
  facilities: Facility[];
  facilitySnap: Snapped;
  residentSnap: Snapped;
}

/**
 * Nearest-facility time for every resident and every category (one search per category).
 * Facilities are sorted by id; labels index into the returned `facilities`.
 */
export function nearestFacilityTimes(
  net: RoadNetwork,
  facilitiesIn: readonly Facility[],
  residents: readonly Resident[],
  categories: string[],
  boundSeconds: number[],
  options: { maxSnapDistanceM?: number; index?: EdgeIndex; residentSnap?: Snapped } = {},
): CategoryTimes {
  const index = options.index ?? buildEdgeIndex(net);
  const maxD = options.maxSnapDistanceM ?? DEFAULT_MAX_SNAP_M;
  const facilities = facilitiesIn.slice().sort((a, b) => compareIds(a.id, b.id));
  const facilitySnap = snapPoints(
    net,
    facilities.map((f) => f.lon),
    facilities.map((f) => f.lat),
    { maxDistanceM: maxD, index },
  );
  const residentSnap =
    options.residentSnap ??
    snapPoints(
      net,
      residents.map((r) => r.lon),
      residents.map((r) => r.lat),
      { maxDistanceM: maxD, index },
    );
  const ws = new SearchWorkspace(net.nodeCount);
  const labels = Int32Array.from(facilities, (_f, i) => i);
  const times = categories.map((cat, c) => {
    const include = (i: number) => facilities[i].category === cat;
    const seeds = destinationSeeds(net, facilitySnap, labels, include);
    const search = multiSourceSearch(net, seeds, boundSeconds[c], ws);
    return pointTimes(net, search, residentSnap, facilitySnap, labels, destinationsByEdge(facilitySnap, include), boundSeconds[c]);
  });
  return { categories, boundSeconds, times, facilities, facilitySnap, residentSnap };
}

/** The full coverage analysis of `residents` against `facilities` for the preset's levels. */
export function analyzeAccess(
  net: RoadNetwork,
  facilities: readonly Facility[],
  residentsIn: readonly Resident[],
  preset: AccessPreset = DEFAULT_PRESET,
  options: AnalyzeOptions = {},
): AccessReport {
  const levels = selectLevels(preset, net.mode, options.levels);
  const known = new Set(preset.categories.map((c) => c.id));
  for (const f of facilities) {
    if (!known.has(f.category)) {
      throw new AccessError('UNKNOWN_CATEGORY', `未知的设施类别：${f.category}`, `Unknown facility category: ${f.category}`, {
        category: f.category,
        facility: f.id,
      });
    }
  }
  const residents = residentsIn.slice().sort((a, b) => compareIds(a.id, b.id));
  const walk = net.offNetworkSpeedMps;
  // categories in preset order, bound = max threshold over levels
  const bound = new Map<string, number>();
  for (const l of levels) {
    for (const t of l.thresholds) bound.set(t.category, Math.max(bound.get(t.category) ?? 0, thresholdSeconds(t, walk)));
  }
  const categories = preset.categories.map((c) => c.id).filter((c) => bound.has(c));
  const boundSeconds = categories.map((c) => bound.get(c)!);
  const ct = nearestFacilityTimes(net, facilities, residents, categories, boundSeconds, options);
  const catIndex = new Map(categories.map((c, i) => [c, i]));

  const regionKeys = (r: Resident): string[] => {
    if (r.region === null) return ['(none)'];
    const keys = [r.region];
    for (const len of options.regionPrefixLengths ?? []) {
      if (r.region.length > len) keys.push(r.region.slice(0, len));
    }
    return keys;
  };

  const levelReports: LevelReport[] = levels.map((level) => {
    const th = level.thresholds.map((t) => ({ ci: catIndex.get(t.category)!, seconds: thresholdSeconds(t, walk) }));
    const covered = th.map(({ ci, seconds }) => {
      const tm = ct.times[ci].time;
      const u = new Uint8Array(residents.length);
      for (let i = 0; i < residents.length; i++) u[i] = tm[i] <= seconds ? 1 : 0;
      return u;
    });
    const full = new Uint8Array(residents.length);
    for (let i = 0; i < residents.length; i++) full[i] = covered.every((u) => u[i] === 1) ? 1 : 0;

    const acc = new Map<string, { n: number; pop: number; off: number; full: number; cat: number[] }>();
    const add = (key: string, i: number) => {
      let a = acc.get(key);
      if (!a) {
        a = { n: 0, pop: 0, off: 0, full: 0, cat: th.map(() => 0) };
        acc.set(key, a);
      }
      const p = residents[i].population;
      a.n++;
      a.pop += p;
      if (ct.residentSnap.edge[i] < 0) a.off += p;
      if (full[i]) a.full += p;
      for (let k = 0; k < th.length; k++) if (covered[k][i]) a.cat[k] += p;
    };
    for (let i = 0; i < residents.length; i++) {
      add('*', i);
      for (const key of regionKeys(residents[i])) add(key, i);
    }
    const row = (key: string): CoverageRow => {
      const a = acc.get(key) ?? { n: 0, pop: 0, off: 0, full: 0, cat: th.map(() => 0) };
      return {
        region: key,
        residents: a.n,
        population: r2(a.pop),
        offNetworkPopulation: r2(a.off),
        fullCirclePopulation: r2(a.full),
        fullCircleShare: a.pop > 0 ? r4(a.full / a.pop) : 0,
        categories: th.map((t, k) => ({
          category: categories[t.ci],
          thresholdSeconds: r2(t.seconds),
          coveredPopulation: r2(a.cat[k]),
          share: a.pop > 0 ? r4(a.cat[k] / a.pop) : 0,
        })),
      };
    };
    const regionIds = [...acc.keys()].filter((k) => k !== '*').sort(compareIds);

    const lon = residents.map((r) => r.lon);
    const lat = residents.map((r) => r.lat);
    const pop = residents.map((r) => r.population);
    const eps = options.blindSpotDistanceM ?? 300;
    const byIdOrder = (a: number, b: number) => compareIds(residents[a].id, residents[b].id);
    const spots = (category: string, isCovered: Uint8Array): BlindSpot[] => {
      const members: number[] = [];
      for (let i = 0; i < residents.length; i++) if (!isCovered[i] && residents[i].population > 0) members.push(i);
      return clusterPoints(lon, lat, pop, members, eps, byIdOrder).map((c) => ({
        category,
        population: r2(c.weight),
        residents: c.members.map((i) => residents[i].id),
        lon: r7(c.lon),
        lat: r7(c.lat),
        bbox: c.bbox.map(r7) as [number, number, number, number],
      }));
    };
    const blindSpots = [...spots('*', full), ...th.flatMap((t, k) => spots(categories[t.ci], covered[k]))];
    return {
      id: level.id,
      nameZh: level.nameZh,
      nameEn: level.nameEn,
      mode: level.mode,
      illustrative: level.illustrative,
      source: level.source,
      total: { ...row('*'), region: '*' },
      regions: regionIds.map(row),
      blindSpots,
    };
  });

  const byCategory: Record<string, number> = {};
  for (const f of ct.facilities) byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  const byCategorySorted: Record<string, number> = {};
  for (const k of Object.keys(byCategory).sort()) byCategorySorted[k] = byCategory[k];

  return {
    mode: net.mode,
    walkingSpeedKmh: r2(walk * 3.6),
    categories,
    boundSeconds: boundSeconds.map(r2),
    facilities: {
      total: ct.facilities.length,
      byCategory: byCategorySorted,
      unsnapped: ct.facilities.filter((_f, i) => ct.facilitySnap.edge[i] < 0).map((f) => f.id),
    },
    levels: levelReports,
    residents: residents.map((r, i) => ({
      id: r.id,
      region: r.region,
      population: r.population,
      snapDistanceM: ct.residentSnap.edge[i] >= 0 ? r2(ct.residentSnap.distanceM[i]) : null,
      seconds: ct.times.map((t) => (t.time[i] < Infinity ? r2(t.time[i]) : null)),
      facility: ct.times.map((t) => (t.label[i] >= 0 ? ct.facilities[t.label[i]].id : null)),
    })),
    unsnappedResidents: residents.filter((_r, i) => ct.residentSnap.edge[i] < 0).map((r) => r.id),
  };
}
