/**
 * Telling which datum uploaded coordinates are in.
 * - From a shapefile's .prj (OGC WKT): a geographic WGS 84 or CGCS2000 system (CGCS2000 differs
 *   from WGS-84 by centimetres, far below outline accuracy) is WGS-84; a projected system (PROJCS,
 *   e.g. Gauss-Krüger) holds metres, not degrees, and is refused by the caller.
 * - By fit: GCJ-02 and BD-09 shift Zhejiang by ≈ 0.5 km and ≈ 1.2 km. When the uploaded outlines
 *   are the parts of a region whose outline is stored (the 镇街 of 柯桥区), the box of their union,
 *   read as each datum and converted to WGS-84, is compared corner by corner with the stored box;
 *   the datum with the smallest largest-corner distance wins if it is clearly better (under half of
 *   the runner-up's), else the answer is undecided (null) and the user must choose.
 */
import { convertPoint, type Datum } from './coords.js';
import { haversineMeters } from './distance.js';

export type PrjReading = { datum: Datum } | { projected: string } | null;

export function datumOfPrj(wkt: string | null | undefined): PrjReading {
  if (!wkt) return null;
  const text = wkt.trim();
  if (/^PROJCS\b|^PROJCRS\b/i.test(text)) return { projected: /^\w+\["([^"]*)"/.exec(text)?.[1] ?? '' };
  if (/WGS[ _]?(19)?84|CGCS[ _]?2000|China[ _]Geodetic[ _]Coordinate[ _]System[ _]2000/i.test(text)) return { datum: 'wgs84' };
  return null;
}

export interface DatumFit {
  datum: Datum | null;
  /** largest corner distance in metres per candidate datum */
  metres: Record<Datum, number>;
}

const DATUMS: Datum[] = ['wgs84', 'gcj02', 'bd09'];

export function fitDatum(uploaded: readonly number[], storedWgs84: readonly number[]): DatumFit {
  const corners = (b: readonly number[]) => [
    [b[0], b[1]],
    [b[2], b[3]],
  ];
  const metres = {} as Record<Datum, number>;
  for (const d of DATUMS) {
    const up = corners(uploaded).map(([x, y]) => convertPoint(x, y, d, 'wgs84'));
    const ref = corners(storedWgs84);
    metres[d] = Math.max(...up.map((p, i) => haversineMeters(p[0], p[1], ref[i][0], ref[i][1])));
  }
  const ranked = [...DATUMS].sort((a, b) => metres[a] - metres[b]);
  const clear = metres[ranked[0]] < 0.5 * metres[ranked[1]];
  return { datum: clear ? ranked[0] : null, metres };
}
