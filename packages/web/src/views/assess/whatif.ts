/** Slider ranges for what-if: around the unit's own value (and its target), never from other units' data. */
export function sliderRange(value: number | null, target: number | null): { min: number; max: number; step: number } {
  const base = Math.max(Math.abs(value ?? 0), Math.abs(target ?? 0));
  const min = value !== null && value < 0 ? -2 * base : 0;
  const max = base === 0 ? 10 : 2 * base;
  const span = max - min;
  // fine enough that the unit's own value is on the grid (values carry at most 3 decimals)
  const step = span < 1 ? 0.0001 : span < 100 ? 0.001 : span < 10_000 ? 0.01 : 1;
  return { min, max, step };
}
