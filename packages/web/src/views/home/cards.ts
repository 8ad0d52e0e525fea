/** Which indicators the cockpit shows first. */
import type { IndicatorSummaryItem } from '../../api/types';

export const KEY_INDICATORS = ['GDP', 'INCOME_PC', 'INCOME_RURAL', 'INCOME_RATIO', 'POP_RESIDENT', 'TEXTILE_TURNOVER', 'INDUSTRIAL_OUTPUT', 'FIXED_INVESTMENT', 'SERVICE_CIRCLE_COVERAGE', 'GOOD_AIR_RATIO'];

/** Key indicators in their fixed order, then the rest by code. */
export function orderCards(items: IndicatorSummaryItem[]): IndicatorSummaryItem[] {
  const rank = (code: string) => {
    const i = KEY_INDICATORS.indexOf(code);
    return i === -1 ? KEY_INDICATORS.length : i;
  };
  return [...items].sort((a, b) => rank(a.indicatorCode) - rank(b.indicatorCode) || a.indicatorCode.localeCompare(b.indicatorCode));
}
