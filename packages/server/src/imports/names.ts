/**
 * Names to codes: towns, villages, counties and indicators that a file names instead of coding.
 * Names are compared in a normalised form (NFKC: full-width → half-width; no spaces, U+3000
 * included; lower case). A region matches by its name or an alias, with or without its suffix
 * (街道/镇/乡/村/社区, 村委会 → 村, 社区居委会 → 社区), and with its ancestors' names in front
 * (柯桥区柯桥街道, 湖塘街道兴华村): 柯桥 / 柯桥镇 / 柯桥街道 / 柯桥区柯桥街道 all name 330603001000.
 * Only the regions handed in (the caller's scope) are candidates. The closer form wins (the exact
 * name before the short form before the bare core, and by the core a town suffix before a village
 * one: 华舍镇 is the town, not the village 华舍村); two regions equally close are ambiguous. A name
 * that matches nothing, or more than one, comes back with up to three suggestions: the nearest
 * names by edit distance on the normalised form (only from the same candidates).
 */
import type { Indicator } from '../indicators/schema.js';
import { headerKey } from '../tables/reader.js';

/** The form names are compared and saved in. */
export const normaliseName = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s\u3000]/g, '')
    .toLowerCase();

/** An indicator name as compared (and as a header is): NFKC, no spaces, dashes or brackets. */
export const indicatorKey = (s: string): string => headerKey(s.normalize('NFKC'));

/** A region code as the catalogue has it (12 or 15 digits); anything else in a subject cell is a name. */
export const looksLikeRegionCode = (s: string): boolean => /^[0-9]{12}([0-9]{3})?$/.test(s);

const COMMITTEE: [RegExp, string][] = [
  [/(社区居民委员会|社区居委会|社区居委)$/, '社区'],
  [/(村民委员会|村委会|村委)$/, '村'],
  [/(居民委员会|居委会)$/, '社区'],
  [/街道办事处$/, '街道'],
];
const PLACE_SUFFIX = /(街道|社区|镇|乡|村)$/;
const ADMIN_SUFFIX = /(自治县|省|市|区|县|街道|镇|乡)$/;

/** 兴华村委会 → 兴华村, 型塘居委会 → 型塘社区, 柯桥街道办事处 → 柯桥街道. */
function shortForm(n: string): string {
  for (const [re, to] of COMMITTEE) if (re.test(n)) return n.replace(re, to);
  return n;
}

const strip = (n: string, re: RegExp) => {
  const m = n.match(re);
  return m && n.length - m[0].length >= 2 ? n.slice(0, -m[0].length) : n;
};

/** The name without its place suffix, when at least two characters remain: 柯桥街道 → 柯桥, 东村 stays. */
const coreForm = (n: string) => strip(shortForm(n), PLACE_SUFFIX);

/** Whether a name says it is a town (街道/镇/乡) or a village (村/社区), by its short form. */
const classOf = (n: string): 'town' | 'village' | null => {
  const short = shortForm(n);
  return /(街道|镇|乡)$/.test(short) ? 'town' : /(村|社区)$/.test(short) ? 'village' : null;
};

/** The three forms of a normalised name, closest first. */
const forms = (n: string): [string, string, string] => [n, shortForm(n), coreForm(n)];

export interface NamedRegion {
  code: string;
  name: string;
  aliases: string[];
  /** names of its ancestors, top down (浙江省, 绍兴市, 柯桥区), whether in scope or not */
  ancestors: string[];
}

export interface Suggestion {
  code: string;
  name: string;
}

export type NameMatch = { code: string } | { code: null; problem: 'unknown' | 'ambiguous'; suggestions: Suggestion[] };

export const MAX_SUGGESTIONS = 3;

/** Levenshtein distance (by UTF-16 unit: Chinese place names are in the BMP). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Up to MAX_SUGGESTIONS candidates nearest to `key`, each by the nearest of its keys; nothing that shares no character. */
function nearest<T>(key: string, items: T[], keysOf: (t: T) => string[], show: (t: T) => Suggestion): Suggestion[] {
  return items
    .map((t) => ({ t, d: Math.min(...keysOf(t).map((k) => editDistance(key, k) / Math.max(key.length, k.length, 1))) }))
    .filter((x) => x.d < 1)
    .sort((x, y) => x.d - y.d)
    .slice(0, MAX_SUGGESTIONS)
    .map((x) => show(x.t));
}

/** A region as shown in a suggestion: its ancestors below the county and its name, e.g. 湖塘街道兴华村委会. */
const qualified = (r: NamedRegion) => `${r.ancestors.slice(3).join('')}${r.name}`;

/** Resolves region names among `regions` (the caller's scope); one resolver per import, results cached by name. */
export function regionResolver(regions: NamedRegion[]): (raw: string) => NameMatch {
  const prepared = regions.map((r) => ({
    r,
    names: [r.name, ...r.aliases].map((n) => ({ forms: forms(normaliseName(n)), kind: classOf(normaliseName(n)) })),
    ancestors: r.ancestors.map((a) => {
      const n = normaliseName(a);
      return [...new Set([n, strip(n, ADMIN_SUFFIX), coreForm(n)])].sort((x, y) => y.length - x.length);
    }),
  }));
  /** `prefix` is made of ancestor names (each at most once, top down), or is empty. */
  const consumed = (prefix: string, ancestors: string[][], from = 0): boolean => {
    if (prefix === '') return true;
    for (let j = from; j < ancestors.length; j++)
      for (const v of ancestors[j]) if (prefix.startsWith(v) && consumed(prefix.slice(v.length), ancestors, j + 1)) return true;
    return false;
  };
  const cache = new Map<string, NameMatch>();
  return (raw) => {
    const key = normaliseName(raw);
    const hit = cache.get(key);
    if (hit) return hit;
    const input = forms(key);
    const kind = classOf(key);
    let best = Infinity;
    let found: NamedRegion[] = [];
    for (const p of prepared) {
      let tier = Infinity;
      for (const n of p.names)
        for (let t = 0; t < 3 && t < tier; t++) {
          const s = input[t];
          const v = n.forms[t];
          if (!v || !s.endsWith(v) || !consumed(s.slice(0, s.length - v.length), p.ancestors)) continue;
          // by the bare core, 华舍镇 names the town 华舍街道 before the village 华舍村
          tier = t === 2 && kind && n.kind && kind !== n.kind ? 3 : t;
        }
      if (tier < best) [best, found] = [tier, [p.r]];
      else if (tier === best && tier < Infinity) found.push(p.r);
    }
    const show = (r: NamedRegion) => ({ code: r.code, name: qualified(r) });
    let match: NameMatch;
    if (found.length === 1) match = { code: found[0].code };
    else if (found.length > 1) match = { code: null, problem: 'ambiguous', suggestions: found.slice(0, MAX_SUGGESTIONS).map(show) };
    else
      match = {
        code: null,
        problem: 'unknown',
        suggestions: nearest(
          input[2],
          prepared,
          (p) => p.names.map((n) => n.forms[2]),
          (p) => show(p.r),
        ),
      };
    cache.set(key, match);
    return match;
  };
}

/** Resolves indicator names (Chinese or English, with or without the unit in brackets) in the catalogue. */
export function indicatorResolver(catalogue: Map<string, Indicator>): (raw: string) => NameMatch {
  const byKey = new Map<string, Indicator[]>();
  const put = (k: string, ind: Indicator) => {
    const list = byKey.get(k) ?? [];
    if (!list.includes(ind)) byKey.set(k, [...list, ind]);
  };
  for (const ind of catalogue.values()) {
    put(indicatorKey(ind.code), ind);
    put(indicatorKey(ind.nameZh), ind);
    put(indicatorKey(ind.nameEn), ind);
  }
  const show = (i: Indicator) => ({ code: i.code, name: i.nameZh });
  return (raw) => {
    const nfkc = raw.normalize('NFKC').trim();
    const unitless = nfkc.replace(/\s*\([^()]*\)\s*$/, '');
    const list = byKey.get(indicatorKey(nfkc)) ?? byKey.get(indicatorKey(unitless)) ?? [];
    if (list.length === 1) return { code: list[0].code };
    if (list.length > 1) return { code: null, problem: 'ambiguous', suggestions: list.slice(0, MAX_SUGGESTIONS).map(show) };
    return {
      code: null,
      problem: 'unknown',
      suggestions: nearest(indicatorKey(unitless), [...catalogue.values()], (i) => [indicatorKey(i.nameZh), indicatorKey(i.nameEn)], show),
    };
  };
}
