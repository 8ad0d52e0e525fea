/**
 * Travel-mode profiles: which OSM ways a mode may use, in which direction, and how fast.
 *
 * Way filters follow OSMnx's network_type filters (osmnx/_overpass.py `_get_network_filter`,
 * "walk", "bike", "drive"), which exclude by highway value and by access/foot/bicycle/
 * motor_vehicle = no|private. Walking ignores oneway (pedestrians walk both ways); cycling and
 * driving honour oneway=yes|1|true|-1|reverse, junction=roundabout, and motorways as implied
 * oneway; cycling also honours oneway:bicycle=no.
 *
 * Speeds: walking default 5 km/h (configurable; peer tools use 4–5 km/h or 60–80 m/min),
 * cycling 15 km/h. Driving uses `maxspeed` when it parses (km/h; "mph" converted; "walk" = 5;
 * first value of a list), otherwise a per-highway default. The driving defaults below are
 * *illustrative* values for Chinese county roads, editable as plain data (for scale: 道路交通安全法
 * 实施条例 第四十五条 — recalled, verify — sets 30 km/h urban / 40 km/h rural on roads without a
 * centre line and 50 / 70 km/h with one lane per direction).
 */

export type TravelMode = 'walking' | 'cycling' | 'driving';

export interface ModeProfile {
  mode: TravelMode;
  /** Constant speed for walking/cycling, km/h. */
  speedKmh: number;
  /** Driving: default speed per highway value, km/h (also used to decide which ways drive). */
  highwaySpeedsKmh: Record<string, number>;
  /** Driving: use the way's maxspeed tag when present. */
  useMaxspeed: boolean;
  /** Walking speed for the off-network leg (point → road), km/h; default 5. */
  offNetworkSpeedKmh: number;
}

export const DEFAULT_WALKING_KMH = 5;
export const DEFAULT_CYCLING_KMH = 15;

/** Illustrative driving speeds (km/h) by highway tag. */
export const DEFAULT_DRIVING_SPEEDS_KMH: Record<string, number> = {
  motorway: 100,
  motorway_link: 60,
  trunk: 80,
  trunk_link: 50,
  primary: 60,
  primary_link: 40,
  secondary: 50,
  secondary_link: 40,
  tertiary: 40,
  tertiary_link: 30,
  unclassified: 30,
  residential: 30,
  living_street: 10,
  road: 30,
  service: 20,
  track: 15,
};

const WALK_EXCLUDED = new Set([
  'abandoned',
  'bus_guideway',
  'construction',
  'cycleway',
  'motorway',
  'motorway_link',
  'no',
  'planned',
  'platform',
  'proposed',
  'raceway',
  'razed',
  'busway',
]);
const BIKE_EXCLUDED = new Set([
  'abandoned',
  'bus_guideway',
  'construction',
  'corridor',
  'elevator',
  'escalator',
  'footway',
  'motorway',
  'motorway_link',
  'no',
  'planned',
  'platform',
  'proposed',
  'raceway',
  'razed',
  'steps',
  'busway',
]);
const DENY = new Set(['no', 'private']);

export function defaultProfile(mode: TravelMode = 'walking', overrides: Partial<ModeProfile> = {}): ModeProfile {
  return {
    mode,
    speedKmh: mode === 'cycling' ? DEFAULT_CYCLING_KMH : DEFAULT_WALKING_KMH,
    highwaySpeedsKmh: { ...DEFAULT_DRIVING_SPEEDS_KMH },
    useMaxspeed: true,
    offNetworkSpeedKmh: DEFAULT_WALKING_KMH,
    ...overrides,
  };
}

/** Parses an OSM maxspeed value to km/h, or NaN. */
export function parseMaxspeed(v: string | undefined): number {
  if (v === undefined) return NaN;
  const first = v.split(';')[0].trim().toLowerCase();
  if (first === 'walk') return 5;
  const m = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/.exec(first);
  if (!m) return NaN;
  const n = Number(m[1]);
  if (!(n > 0)) return NaN;
  if (m[2] === 'mph') return n * 1.609344;
  if (m[2] === 'knots') return n * 1.852;
  return n;
}

export interface WayRule {
  /** Speed in km/h (> 0). */
  speedKmh: number;
  /** 0 both ways, 1 only along the node order, -1 only against it. */
  oneway: 0 | 1 | -1;
}

/** Decides whether `mode` may use a way with these tags; null when it may not. */
export function wayRule(profile: ModeProfile, tag: (k: string) => string | undefined): WayRule | null {
  const hw = tag('highway');
  if (hw === undefined) return null;
  if (tag('area') === 'yes') return null;
  const access = tag('access');
  const mode = profile.mode;
  if (mode === 'walking') {
    if (WALK_EXCLUDED.has(hw)) return null;
    const foot = tag('foot');
    if (foot !== undefined && DENY.has(foot)) return null;
    if (access !== undefined && DENY.has(access) && foot !== 'yes' && foot !== 'designated' && foot !== 'permissive') return null;
    if (tag('service') === 'private') return null;
    return { speedKmh: profile.speedKmh, oneway: 0 };
  }
  const onewayTag = tag('oneway');
  let oneway: 0 | 1 | -1 = 0;
  if (onewayTag === 'yes' || onewayTag === '1' || onewayTag === 'true') oneway = 1;
  else if (onewayTag === '-1' || onewayTag === 'reverse') oneway = -1;
  else if (onewayTag === undefined && (tag('junction') === 'roundabout' || hw === 'motorway')) oneway = 1;
  if (mode === 'cycling') {
    if (BIKE_EXCLUDED.has(hw)) return null;
    const bicycle = tag('bicycle');
    if (bicycle !== undefined && DENY.has(bicycle)) return null;
    if (access !== undefined && DENY.has(access) && bicycle !== 'yes' && bicycle !== 'designated' && bicycle !== 'permissive') return null;
    if (tag('oneway:bicycle') === 'no') oneway = 0;
    return { speedKmh: profile.speedKmh, oneway };
  }
  // driving
  const base = profile.highwaySpeedsKmh[hw];
  if (base === undefined) return null;
  const mv = tag('motor_vehicle') ?? tag('motorcar');
  if (mv !== undefined && DENY.has(mv)) return null;
  if (access !== undefined && DENY.has(access) && mv !== 'yes' && mv !== 'designated') return null;
  const service = tag('service');
  if (service === 'parking_aisle' || service === 'private' || service === 'driveway' || service === 'emergency_access') return null;
  let speed = base;
  if (profile.useMaxspeed) {
    const ms = parseMaxspeed(tag('maxspeed'));
    if (ms > 0) speed = ms;
  }
  return { speedKmh: speed, oneway };
}
