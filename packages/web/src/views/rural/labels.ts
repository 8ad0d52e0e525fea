/** Number formats of the 乡村共富 pages (yuan → 万元, shares → %). */
export const wan = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined
    ? '—'
    : (yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
export const pct = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)}%`;
export const yuan = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('zh-CN'));
