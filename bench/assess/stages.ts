/**
 * Where the assessment pipeline's time goes, stage by stage, in a fresh process: run 1 is the cold
 * call (V8 has not yet compiled anything), the later ones warm. Stages: prepare (checks, outlier
 * treatment), score (normalisation views, entropy weights, aggregation), finish (ranks, grades),
 * then reading every result column (treated, normalised, node scores, grade strings), as the
 * bench's "every column read" figure.
 *
 *   npx tsx bench/assess/stages.ts [units=100000] [runs=8]
 */

import { finish, parseScheme, prepare, runScheme, score } from '../../packages/engine/src/assess/index.js';
import { dataOf, generate, scheme } from './data.js';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 8);
const data = dataOf(generate(N), N);
const plan = parseScheme(scheme);

/** Process CPU ms (µs resolution; includes V8's GC and compiler threads): wall time is too noisy with other jobs on the machine. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

function ms(t0: number): string {
  return (cpuMs() - t0).toFixed(1).padStart(6);
}

for (let r = 0; r < RUNS; r++) {
  const row: string[] = [];
  const all = cpuMs();
  let t = cpuMs();
  const prep = prepare(plan, data, { trustedIds: true });
  row.push(`prepare ${ms(t)}`);
  t = cpuMs();
  const sc = score(prep);
  row.push(`score ${ms(t)}`);
  t = cpuMs();
  const f = finish(plan, data, sc.scores[plan.scheme.root]);
  row.push(`finish ${ms(t)}`);
  t = cpuMs();
  for (const id of Object.keys(prep.treated)) void prep.treated[id].length;
  row.push(`treated ${ms(t)}`);
  t = cpuMs();
  for (const id of Object.keys(sc.normalised)) void sc.normalised[id].length;
  row.push(`normalised ${ms(t)}`);
  t = cpuMs();
  for (const id of Object.keys(sc.scores)) void sc.scores[id].length;
  row.push(`scores ${ms(t)}`);
  t = cpuMs();
  const res = runScheme(plan, data, { explain: false, comparePrevious: false, trustedIds: true });
  row.push(`runScheme ${ms(t)}`);
  t = cpuMs();
  void res.grade?.length;
  row.push(`grade ${ms(t)}`);
  void f;
  console.log(`run ${r + 1}: ${row.join('  ')}  (total ${ms(all)} ms CPU)`);
}
