/**
 * Schematic tile map layout (示意图): one square cell per region on an integer grid, for places
 * that have no outlines. A cell is placed, in this order of precedence:
 *  1. where a user put it (`fixed`),
 *  2. near its centroid (`point`, lon/lat): the points' box is scaled onto a grid of about
 *     SLACK × n cells with the box's aspect (longitudes shrunk by cos(mean latitude); at most SLACK × n
 *     wide or tall), and each point
 *     takes the free cell nearest its scaled position (greedy nearest-free-cell assignment, the
 *     baseline of grid-map layout; Eppstein, van Kreveld, Speckmann & Staals, "Improved grid map
 *     layout by point set matching", 2015), points taken in code order so the result is stable,
 *  3. otherwise in reading order (left to right, top to bottom) on the first free cells of a grid
 *     ⌈√n⌉ wide, in code order.
 * Columns and rows start at 0; the result is shifted so the top-left occupied cell is at (0, 0)
 * unless a user placed cells (their positions are kept as given).
 */

export interface TileInput {
  code: string;
  fixed?: { col: number; row: number } | null;
  point?: readonly [lon: number, lat: number] | null;
}

export type TilePlacement = 'user' | 'centroid' | 'default';

export interface TileCell {
  code: string;
  col: number;
  row: number;
  placed: TilePlacement;
}

const SLACK = 1.6;

export function tileLayout(items: readonly TileInput[]): TileCell[] {
  const sorted = [...items].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const taken = new Set<string>();
  const key = (c: number, r: number) => `${c},${r}`;
  const out = new Map<string, TileCell>();

  for (const it of sorted) {
    if (!it.fixed || taken.has(key(it.fixed.col, it.fixed.row))) continue;
    taken.add(key(it.fixed.col, it.fixed.row));
    out.set(it.code, { code: it.code, col: it.fixed.col, row: it.fixed.row, placed: 'user' });
  }

  const pointed = sorted.filter((it) => !out.has(it.code) && it.point && it.point.every(Number.isFinite));
  if (pointed.length) {
    const meanLat = pointed.reduce((s, it) => s + it.point![1], 0) / pointed.length;
    const k = Math.cos((meanLat * Math.PI) / 180);
    const xs = pointed.map((it) => it.point![0] * k);
    const ys = pointed.map((it) => it.point![1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const w = x1 - x0 || 1e-9;
    const h = y1 - y0 || 1e-9;
    const cells = Math.max(1, Math.ceil(pointed.length * SLACK));
    // a flat or narrow box (points on one parallel) must not make a grid thousands of cells wide
    const cols = Math.min(cells, Math.max(1, Math.round(Math.sqrt((cells * w) / h))));
    const rows = Math.max(1, Math.ceil(cells / cols));
    const offsetRow = out.size ? Math.max(...[...out.values()].map((c) => c.row)) + 1 : 0;
    pointed.forEach((it, i) => {
      const cx = cols === 1 ? 0 : ((xs[i] - x0) / w) * (cols - 1);
      const cy = offsetRow + (rows === 1 ? 0 : ((y1 - ys[i]) / h) * (rows - 1));
      const [col, row] = nearestFree(cx, cy, taken);
      taken.add(key(col, row));
      out.set(it.code, { code: it.code, col, row, placed: 'centroid' });
    });
  }

  const rest = sorted.filter((it) => !out.has(it.code));
  if (rest.length) {
    const width = Math.max(1, Math.ceil(Math.sqrt(items.length)), ...[...out.values()].map((c) => c.col + 1));
    let i = 0;
    for (const it of rest) {
      while (taken.has(key(i % width, Math.floor(i / width)))) i++;
      const cell = { code: it.code, col: i % width, row: Math.floor(i / width), placed: 'default' as const };
      taken.add(key(cell.col, cell.row));
      out.set(it.code, cell);
    }
  }

  let cells = items.map((it) => out.get(it.code)!);
  if (!cells.some((c) => c.placed === 'user') && cells.length) {
    const dc = Math.min(...cells.map((c) => c.col));
    const dr = Math.min(...cells.map((c) => c.row));
    cells = cells.map((c) => ({ ...c, col: c.col - dc, row: c.row - dr }));
  }
  return cells;
}

/** The free integer cell nearest (cx, cy); ties go to the smaller row, then the smaller column. */
function nearestFree(cx: number, cy: number, taken: Set<string>): [number, number] {
  const c0 = Math.round(cx);
  const r0 = Math.round(cy);
  for (let radius = 0; ; radius++) {
    let best: [number, number] | null = null;
    let bestD = Infinity;
    for (let r = r0 - radius; r <= r0 + radius; r++) {
      for (let c = c0 - radius; c <= c0 + radius; c++) {
        if (Math.max(Math.abs(r - r0), Math.abs(c - c0)) !== radius || taken.has(`${c},${r}`)) continue;
        const d = (c - cx) ** 2 + (r - cy) ** 2;
        if (d < bestD - 1e-12 || (Math.abs(d - bestD) <= 1e-12 && best && (r < best[1] || (r === best[1] && c < best[0])))) {
          best = [c, r];
          bestD = d;
        }
      }
    }
    if (best) return best;
  }
}
