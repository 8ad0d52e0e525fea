/** Card sparklines as a plain SVG polyline (no chart library needed on first paint). */
export function sparklinePoints(values: number[], width: number, height: number, pad = 2): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const y = (v: number) => (max === min ? height / 2 : pad + (height - 2 * pad) * (1 - (v - min) / span));
  return values
    .map((v, i) => (Number.isFinite(v) ? `${round(values.length > 1 ? pad + i * step : width / 2)},${round(y(v))}` : null))
    .filter(Boolean)
    .join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;
