/**
 * The engine's cold call, measured as the NumPy peer's: a fresh `node` process on the compiled
 * engine (packages/engine/dist, what the `gongfu` CLI runs; plain JavaScript so that no TypeScript
 * loader compiles in the background) loads the data file and the scheme (not timed), then times its
 * first `runScheme` with every result column read (treated, normalised, node scores, grade strings),
 * and a second call for reference. Prints one JSON line: wall and process CPU seconds.
 *
 *   node bench/assess/cold.mjs DATA.f64 N SCHEME.json      (bench/assess/run.ts writes both files)
 */

import { readFileSync } from 'node:fs';
import { parseScheme, runScheme } from '@gongfu/engine/assess';

const K = 10;
const [path, nArg, schemePath] = process.argv.slice(2);
const n = Number(nArg);
const bytes = readFileSync(path);
const buf = new Float64Array(n * K);
new Uint8Array(buf.buffer).set(bytes.subarray(0, n * K * 8));
/** @type {Record<string, Float64Array>} */
const values = {};
for (let j = 0; j < K; j++) values[`i${j}`] = buf.subarray(j * n, (j + 1) * n);
const data = { unitIds: Array.from({ length: n }, (_, i) => `u${i}`), values };
const plan = parseScheme(JSON.parse(readFileSync(schemePath, 'utf8')));

function timed() {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = runScheme(plan, data, { explain: false, comparePrevious: false, trustedIds: true });
  for (const cols of [r.treated, r.normalised, r.scores]) for (const id of Object.keys(cols)) void cols[id].length;
  void r.grade?.length;
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

const cold = timed();
const second = timed();
console.log(JSON.stringify({ cold: cold.wall, coldCpu: cold.cpu, second: second.wall, secondCpu: second.cpu }));
