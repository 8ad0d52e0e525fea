/** Which indicators the cockpit shows first. */
import type { IndicatorSummaryItem, Observation } from '../../api/types';

export const KEY_INDICATORS = ['GDP', 'INCOME_PC', 'INCOME_RURAL', 'INCOME_RATIO', 'POP_RESIDENT', 'TEXTILE_TURNOVER', 'INDUSTRIAL_OUTPUT', 'FIXED_INVESTMENT', 'SERVICE_CIRCLE_COVERAGE', 'GOOD_AIR_RATIO'];

/** Key indicators in their fixed order, then the rest by code. */
export function orderCards(items: IndicatorSummaryItem[]): IndicatorSummaryItem[] {
  return [...items].sort((a, b) => rank(a.indicatorCode) - rank(b.indicatorCode) || a.indicatorCode.localeCompare(b.indicatorCode));
}

const rank = (code: string) => {
  const i = KEY_INDICATORS.indexOf(code);
  return i === -1 ? KEY_INDICATORS.length : i;
};

/** Indicator codes in the same order as the cards. */
export function orderCodes(codes: string[]): string[] {
  return [...codes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The values of the latest period present, highest first (a ranking of the children). */
export function latestPerSubject(rows: Observation[]): Observation[] {
  const latest = rows.reduce((max, o) => (o.period > max ? o.period : max), '');
  return rows.filter((o) => o.period === latest).sort((a, b) => b.value - a.value);
}
