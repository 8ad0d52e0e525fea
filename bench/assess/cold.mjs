/**
 * The engine's cold call, measured as the NumPy peer's: a fresh `node` process on the compiled
 * engine (packages/engine/dist, what the `gongfu` CLI runs; plain JavaScript so that no TypeScript
 * loader compiles in the background) loads the data file and the scheme (not timed), then times its
 * first `runScheme` with every result column read (treated, normalised, node scores, grade strings),
 * and a second call for reference. Prints one JSON line: wall and process CPU seconds.
 *
 *   node bench/assess/cold.mjs DATA.f64 N SCHEME.json      (bench/assess/run.ts writes both files)
 */

import { loadRun, runReadingAll } from './load-run.mjs';

const [path, nArg, schemePath] = process.argv.slice(2);
const n = Number(nArg);
const { data, plan } = loadRun(path, n, schemePath);

function timed() {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  runReadingAll(plan, data);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

const cold = timed();
const second = timed();
console.log(JSON.stringify({ cold: cold.wall, coldCpu: cold.cpu, second: second.wall, secondCpu: second.cpu }));
