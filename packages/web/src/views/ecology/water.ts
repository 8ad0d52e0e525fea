/**
 * How a GB 3838-2002 class looks on screen: the colours of the national surface-water bulletins
 * (中国环境监测总站《地表水水质月报》: Ⅰ light blue, Ⅱ blue, Ⅲ green, Ⅳ yellow, Ⅴ orange, 劣Ⅴ red),
 * with a text colour readable on each.
 */
export const WATER_CLASS_COLOUR: Readonly<Record<number, { bg: string; fg: string }>> = {
  1: { bg: '#ccffff', fg: '#1f2d3d' },
  2: { bg: '#00ccff', fg: '#1f2d3d' },
  3: { bg: '#00e400', fg: '#1f2d3d' },
  4: { bg: '#ffff00', fg: '#1f2d3d' },
  5: { bg: '#ff9b00', fg: '#1f2d3d' },
  6: { bg: '#ff0000', fg: '#ffffff' },
};

export const classStyle = (c: number) => ({ background: WATER_CLASS_COLOUR[c]!.bg, color: WATER_CLASS_COLOUR[c]!.fg });

/** a year meets the target when its class is no worse than the target (a section without target: unknown) */
export const meetsTarget = (cls: number | null | undefined, target: number | null) =>
  cls === null || cls === undefined || target === null ? null : cls <= target;
