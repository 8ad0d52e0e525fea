/**
 * The assessment bench's data and scheme (shared by run.ts, the fresh-process cold run cold.ts and
 * the stage profile stages.ts): 10 indicators, normal, uniform, lognormal (log fallback), a few gross
 * outliers (winsorised), 0.1 % missing; written column-major as float64 for the Python peers.
 */

import { readFileSync } from 'node:fs';
import { mulberry32, type AssessData, type SchemeInput } from '../../packages/engine/src/assess/index.js';

export const K = 10;

function gaussian(r: () => number): () => number {
  return () => {
    const u = 1 - r();
    const v = r();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Deterministic synthetic data: normal, uniform, lognormal (log fallback), a few gross outliers (winsorised), 0.1 % missing. */
export function generate(n: number): Float64Array {
  const r = mulberry32(20250601);
  const g = gaussian(r);
  const buf = new Float64Array(n * K);
  for (let j = 0; j < K; j++) {
    const col = buf.subarray(j * n, (j + 1) * n);
    for (let i = 0; i < n; i++) {
      switch (j % 5) {
        case 0:
          col[i] = 50 + 10 * g();
          break;
        case 1:
          col[i] = r() * 100;
          break;
        case 2:
          col[i] = Math.exp(1 + 0.9 * g()); // heavy right tail → log_CT fallback
          break;
        case 3:
          col[i] = 1.5 + 0.2 * g();
          break;
        case 4:
          col[i] = 200 + 30 * g();
          break;
      }
    }
    if (j % 5 === 3 || j % 5 === 4) {
      // three gross outliers: winsorisation fixes these within winmax = 5
      col[7] = j % 5 === 3 ? -1e6 : 1e7;
      col[70] = j % 5 === 3 ? -5e5 : 5e6;
      col[700] = j % 5 === 3 ? -2e5 : 2e6;
    }
    if (j === 1 || j === 6) for (let i = 13; i < n; i += 997) col[i] = NaN;
  }
  return buf;
}

export const scheme: SchemeInput = {
  schemaVersion: 1,
  id: 'bench',
  version: '1',
  name: 'benchmark',
  indicators: Array.from({ length: K }, (_, j) => ({ id: `i${j}`, direction: j === 3 || j === 7 ? -1 : 1 }) as const),
  nodes: [
    { id: 'p1', children: ['i0', 'i1', 'i2'] },
    { id: 'p2', children: ['i3', 'i4'] },
    { id: 'p3', children: ['i5', 'i6', 'i7'] },
    { id: 'p4', children: ['i8', 'i9'] },
    { id: 's1', children: ['p1', 'p2'] },
    { id: 's2', children: ['p3', 'p4'] },
    { id: 'index', children: ['s1', 's2'] },
  ],
  root: 'index',
  treat: { method: 'winsorise', winmax: 5 },
  normalise: { method: 'minmax', lower: 0, upper: 100 },
  weighting: { method: 'entropy' },
  aggregation: { default: { method: 'amean' } },
  grading: {
    type: 'bands',
    bands: [
      { grade: '优秀', min: 90 },
      { grade: '良好', min: 80 },
      { grade: '合格', min: 60 },
    ],
    otherwise: '基本合格',
  },
  ranking: { ties: 'min' },
};

/** The engine's input over a column-major N×K buffer (ids u0, u1, …: generated, hence trusted). */
export function dataOf(buf: Float64Array, n: number): AssessData {
  const values: Record<string, Float64Array> = {};
  for (let j = 0; j < K; j++) values[`i${j}`] = buf.subarray(j * n, (j + 1) * n);
  return { unitIds: Array.from({ length: n }, (_, i) => `u${i}`), values };
}

/** Reads a data file written by run.ts (float64, column-major, little-endian). */
export function readData(path: string, n: number): Float64Array {
  const bytes = readFileSync(path);
  const buf = new Float64Array(n * K);
  new Uint8Array(buf.buffer).set(bytes.subarray(0, n * K * 8));
  return buf;
}
