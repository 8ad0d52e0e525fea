/**
 * The engine's cold call, as the NumPy peer's: a fresh process loads the data file (not timed),
 * then times its first `runScheme` with every result column read (treated, normalised, node scores,
 * grade strings). Prints one JSON line: wall and process CPU seconds of that call, and of a
 * second (warm-ish) call for reference.
 *
 *   npx tsx bench/assess/cold.ts DATA.f64 N
 */

import { parseScheme, runScheme, type AssessData, type AssessResult } from '../../packages/engine/src/assess/index.js';
import { dataOf, readData, scheme } from './data.js';

const [path, nArg] = process.argv.slice(2);
const n = Number(nArg);
const data: AssessData = dataOf(readData(path, n), n);
const plan = parseScheme(scheme);

function readAll(r: AssessResult): void {
  for (const cols of [r.treated, r.normalised, r.scores]) for (const id of Object.keys(cols)) void cols[id].length;
  void r.grade?.length;
}

function timed(): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  readAll(runScheme(plan, data, { explain: false, comparePrevious: false, trustedIds: true }));
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

const cold = timed();
const second = timed();
console.log(JSON.stringify({ cold: cold.wall, coldCpu: cold.cpu, second: second.wall, secondCpu: second.cpu }));
