/** Number texts of the targets views: values with their unit's decimals, rates in %, gaps in 个百分点. */
export const num = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : (v * 100).toFixed(digits) + '%';
export const LIGHT_TONE = { green: 'success', yellow: 'warning', red: 'danger' } as const;
