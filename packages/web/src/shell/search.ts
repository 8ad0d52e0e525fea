/**
 * The header's global search (全局搜索) over pages, indicators and regions: pure matching here,
 * the requests in GlobalSearch.vue. Text is compared after NFKC folding (full-width letters and
 * digits, the ideographic space), case-insensitively and without spaces, so "ＧＤＰ", "gdp" and
 * "G D P" find 地区生产总值 (GDP) alike.
 */
export const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** 0 when the query does not occur in any of the texts; higher when it is a prefix or the whole text. */
export function matchScore(query: string, texts: readonly string[]): number {
  const q = fold(query);
  if (!q) return 0;
  let best = 0;
  for (const text of texts) {
    const t = fold(text);
    const at = t.indexOf(q);
    if (at < 0) continue;
    best = Math.max(best, t === q ? 3 : at === 0 ? 2 : 1);
  }
  return best;
}

/** The items whose texts contain the query, best first (stable among equals), at most `limit`. */
export function bestMatches<T>(items: readonly T[], query: string, textsOf: (item: T) => string[], limit = 8): T[] {
  return items
    .map((item, i) => ({ item, i, score: matchScore(query, textsOf(item)) }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, limit)
    .map((m) => m.item);
}
