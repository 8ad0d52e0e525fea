/**
 * Contour polygons of a scalar grid by marching squares (Lorensen & Cline 1987 in 2-D; the
 * method of d3-contour and Valhalla/OTP isochrones). Region = grid values ≤ level.
 *
 * Each cell's boundary is walked counter-clockwise (bottom, right, top, left); where it passes
 * from inside to outside ("exit") a contour segment starts, ending at the next crossing from
 * outside to inside ("entry"), so the inside is always on the segment's left. A crossing edge
 * is an exit in one of its two cells and an entry in the other, so segments chain into closed
 * rings: counter-clockwise outer rings and clockwise holes (the RFC 7946 winding). Saddles
 * (two diagonal corners inside) are resolved by the cell-centre average (the "asymptotic
 * decider" simplification d3-contour uses). Crossing points are linearly interpolated.
 * The caller must pad the grid with an outside border so every ring closes.
 */

export interface Grid {
  /** Points per row / column. */
  width: number;
  height: number;
  /** Row-major values, row 0 at the bottom (south). */
  values: Float64Array;
}

/** Rings in grid coordinates (x = column, y = row), closed (first point repeated). */
export function contourRings(grid: Grid, level: number, cap = Infinity): number[][][] {
  const { width: W, height: H } = grid;
  const v = (i: number, j: number) => Math.min(grid.values[j * W + i], cap);
  const inside = (i: number, j: number) => grid.values[j * W + i] <= level;
  const next = new Int32Array(2 * W * H).fill(-1);
  const crossings: number[] = [];
  for (let j = 0; j < H - 1; j++) {
    for (let i = 0; i < W - 1; i++) {
      const bl = inside(i, j);
      const br = inside(i + 1, j);
      const tr = inside(i + 1, j + 1);
      const tl = inside(i, j + 1);
      if (bl === br && br === tr && tr === tl) continue;
      // CCW: bottom (bl→br), right (br→tr), top (tr→tl), left (tl→bl)
      const edges = [2 * (j * W + i), 2 * (j * W + i + 1) + 1, 2 * ((j + 1) * W + i), 2 * (j * W + i) + 1];
      const from = [bl, br, tr, tl];
      const to = [br, tr, tl, bl];
      crossings.length = 0; // pairs (edge, isExit)
      for (let k = 0; k < 4; k++) if (from[k] !== to[k]) crossings.push(edges[k], from[k] ? 1 : 0);
      const m = crossings.length / 2;
      if (m === 2) {
        const exit = crossings[1] ? 0 : 1;
        next[crossings[2 * exit]] = crossings[2 * (1 - exit)];
      } else {
        // saddle: crossings alternate exit/entry in CCW order
        const centre = (v(i, j) + v(i + 1, j) + v(i + 1, j + 1) + v(i, j + 1)) / 4;
        const joined = centre <= level;
        for (let k = 0; k < 4; k++) {
          if (!crossings[2 * k + 1]) continue;
          const other = joined ? (k + 1) % 4 : (k + 3) % 4;
          next[crossings[2 * k]] = crossings[2 * other];
        }
      }
    }
  }
  const point = (edge: number): [number, number] => {
    const p = edge >> 1;
    const i = p % W;
    const j = (p - i) / W;
    const i2 = edge & 1 ? i : i + 1;
    const j2 = edge & 1 ? j + 1 : j;
    const a = v(i, j);
    const b = v(i2, j2);
    const t = a === b ? 0.5 : Math.min(1, Math.max(0, (level - a) / (b - a)));
    return [i + t * (i2 - i), j + t * (j2 - j)];
  };
  const rings: number[][][] = [];
  const seen = new Uint8Array(next.length);
  for (let s = 0; s < next.length; s++) {
    if (next[s] < 0 || seen[s]) continue;
    const ring: number[][] = [];
    let e = s;
    while (!seen[e] && next[e] >= 0) {
      seen[e] = 1;
      ring.push(point(e));
      e = next[e];
    }
    if (ring.length >= 3) {
      ring.push(ring[0].slice());
      rings.push(ring);
    }
  }
  return rings;
}

export function signedArea(ring: number[][]): number {
  let a = 0;
  for (let k = 0; k + 1 < ring.length; k++) a += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return a / 2;
}

export function pointInRing(x: number, y: number, ring: number[][]): boolean {
  let inside = false;
  for (let k = 0, l = ring.length - 1; k < ring.length; l = k++) {
    const [xi, yi] = ring[k];
    const [xj, yj] = ring[l];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Groups rings into polygons: each hole (clockwise) goes to the smallest outer ring containing it. */
export function ringsToPolygons(rings: number[][][]): number[][][][] {
  const outers = rings.filter((r) => signedArea(r) > 0);
  const holes = rings.filter((r) => signedArea(r) < 0);
  const polys = outers.map((r) => [r]);
  const areas = outers.map(signedArea);
  for (const h of holes) {
    let best = -1;
    for (let k = 0; k < outers.length; k++) {
      if (pointInRing(h[0][0], h[0][1], outers[k]) && (best < 0 || areas[k] < areas[best])) best = k;
    }
    if (best >= 0) polys[best].push(h);
  }
  return polys;
}
