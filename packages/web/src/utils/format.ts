/** Number and change formatting for cards and tables. */
export function formatValue(value: number, decimals: number, locale: string): string {
  return value.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

/** A relative change as a signed percentage, e.g. 0.1093 → "+10.9%". */
export function formatChange(change: number | null, digits = 1): string {
  if (change === null || !Number.isFinite(change)) return '—';
  const pct = (change * 100).toFixed(digits);
  return `${change > 0 ? '+' : ''}${pct}%`;
}

/** Whether a change is good news given the indicator's direction (higher or lower is better). */
export function changeTone(change: number | null, direction: 'higher' | 'lower' | undefined): 'good' | 'bad' | 'flat' {
  if (change === null || change === 0 || !direction) return 'flat';
  return change > 0 === (direction === 'higher') ? 'good' : 'bad';
}
