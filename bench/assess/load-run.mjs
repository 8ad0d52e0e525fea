/**
 * What the single-process probes share (cold.mjs, gc-probe.mjs, hs-probe.mjs): the data file and
 * scheme that bench/assess/run.ts writes, read into the engine's input, and one call with every
 * result column read (treated, normalised, node scores, grade strings).
 */
import { readFileSync } from 'node:fs';
import { parseScheme, runScheme } from '@gongfu/engine/assess';

const K = 10;

/** The units × 10 indicators (float64, column-major) and the parsed scheme. */
export function loadRun(path, n, schemePath) {
  const bytes = readFileSync(path);
  const buf = new Float64Array(n * K);
  new Uint8Array(buf.buffer).set(bytes.subarray(0, n * K * 8));
  /** @type {Record<string, Float64Array>} */
  const values = {};
  for (let j = 0; j < K; j++) values[`i${j}`] = buf.subarray(j * n, (j + 1) * n);
  const data = { unitIds: Array.from({ length: n }, (_, i) => `u${i}`), values };
  return { data, plan: parseScheme(JSON.parse(readFileSync(schemePath, 'utf8'))) };
}

/** One run with every result column built. */
export function runReadingAll(plan, data) {
  const r = runScheme(plan, data, { explain: false, comparePrevious: false, trustedIds: true });
  for (const cols of [r.treated, r.normalised, r.scores]) for (const id of Object.keys(cols)) void cols[id].length;
  void r.grade?.length;
  return r;
}
