/**
 * Facility categories from OSM tags.
 *
 * A facility is any node, or any way (by its centroid), whose tags match a rule below. Rules
 * are plain data, tried in order; the first match gives the element's single category, so more
 * specific rules (name contains 文明实践, senior social facilities) come before general ones.
 * Tag values follow the OSM wiki (Key:amenity, Key:leisure, Key:shop, Key:healthcare,
 * Key:social_facility, Public transport); the mapping onto GB 50180-2018 facility types is
 * this project's reading and is editable.
 */
import type { TagList } from './osm-handler.js';

export interface FacilityTagRule {
  category: string;
  key: string;
  /** Exact values to match; omit to match any value. */
  values?: string[];
  /** Match when the tag value contains this text (used for names such as 新时代文明实践站). */
  contains?: string;
}

export const DEFAULT_FACILITY_TAG_RULES: FacilityTagRule[] = [
  { category: 'civilisation_station', key: 'name', contains: '文明实践' },
  { category: 'education', key: 'amenity', values: ['kindergarten', 'school', 'childcare'] },
  { category: 'elderly_care', key: 'social_facility', values: ['nursing_home', 'assisted_living', 'group_home'] },
  { category: 'elderly_care', key: 'social_facility:for', values: ['senior'] },
  { category: 'elderly_care', key: 'amenity', values: ['nursing_home'] },
  { category: 'health', key: 'amenity', values: ['clinic', 'doctors', 'hospital', 'pharmacy', 'dentist'] },
  { category: 'health', key: 'healthcare', values: ['centre', 'clinic', 'doctor', 'hospital', 'pharmacy'] },
  { category: 'community_service', key: 'amenity', values: ['social_facility', 'townhall', 'post_office', 'social_centre'] },
  { category: 'community_service', key: 'office', values: ['government'] },
  { category: 'culture', key: 'amenity', values: ['library', 'community_centre', 'arts_centre', 'theatre', 'cinema'] },
  { category: 'culture', key: 'tourism', values: ['museum'] },
  {
    category: 'sports',
    key: 'leisure',
    values: ['sports_centre', 'fitness_centre', 'fitness_station', 'pitch', 'stadium', 'sports_hall', 'swimming_pool', 'track'],
  },
  { category: 'commerce', key: 'shop', values: ['supermarket', 'convenience', 'greengrocer', 'mall', 'department_store'] },
  { category: 'commerce', key: 'amenity', values: ['marketplace'] },
  { category: 'public_transport', key: 'highway', values: ['bus_stop'] },
  { category: 'public_transport', key: 'public_transport', values: ['platform', 'station'] },
  { category: 'public_transport', key: 'railway', values: ['station', 'halt', 'subway_entrance', 'tram_stop'] },
  { category: 'public_transport', key: 'amenity', values: ['bus_station', 'ferry_terminal'] },
  { category: 'park', key: 'leisure', values: ['park', 'playground', 'garden'] },
];

/** Compiled rules: key → list of (rule index, rule). */
export interface CompiledRules {
  keys: Set<string>;
  rules: FacilityTagRule[];
  valueSets: (Set<string> | null)[];
}

export function compileFacilityRules(rules: FacilityTagRule[] = DEFAULT_FACILITY_TAG_RULES): CompiledRules {
  return {
    keys: new Set(rules.map((r) => r.key)),
    rules,
    valueSets: rules.map((r) => (r.values ? new Set(r.values) : null)),
  };
}

export interface FacilityMatch {
  category: string;
  /** The matching "key=value". */
  tag: string;
}

/** First rule matched by `tags`, or null. */
export function matchFacility(tags: TagList, compiled: CompiledRules): FacilityMatch | null {
  if (tags.length === 0) return null;
  let any = false;
  for (let i = 0; i < tags.length; i += 2) {
    if (compiled.keys.has(tags[i])) {
      any = true;
      break;
    }
  }
  if (!any) return null;
  const { rules, valueSets } = compiled;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    for (let i = 0; i < tags.length; i += 2) {
      if (tags[i] !== rule.key) continue;
      const v = tags[i + 1];
      const set = valueSets[r];
      if (set ? set.has(v) : rule.contains !== undefined ? v.includes(rule.contains) : true) {
        return { category: rule.category, tag: `${rule.key}=${v}` };
      }
    }
  }
  return null;
}
