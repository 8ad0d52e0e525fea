/** Number formatting for cards and tables (changes between periods: utils/change.ts). */
export function formatValue(value: number, decimals: number, locale: string): string {
  return value.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}
