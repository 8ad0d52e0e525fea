/**
 * GC probe: median CPU per call and the GC pauses (count, ms by kind) over many warm calls, reading
 * the named result groups (lazy | grade | treated | normalised | scores, comma-separated).
 *   node bench/assess/gc-probe.mjs DATA.f64 N SCHEME.json WHAT [runs=40]
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { runScheme } from '@gongfu/engine/assess';
import { loadRun } from './load-run.mjs';

const [path, nArg, schemePath, whatArg, runsArg] = process.argv.slice(2);
const n = Number(nArg);
const { data, plan } = loadRun(path, n, schemePath);
const what = whatArg.split(',');
const runs = Number(runsArg ?? 40);
const kinds = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};
/** @type {Record<string, { count: number; ms: number }>} */
const gc = {};
let counting = false;
new PerformanceObserver((list) => {
  if (!counting) return;
  for (const e of list.getEntries()) {
    const k = kinds[/** @type {any} */ (e).detail.kind] ?? 'other';
    gc[k] ??= { count: 0, ms: 0 };
    gc[k].count++;
    gc[k].ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
const cpus = [];
const walls = [];
const faults = [];
for (let r = 0; r < runs; r++) {
  if (r === 10) counting = true;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const f0 = process.resourceUsage().minorPageFault;
  const res = runScheme(plan, data, { explain: false, comparePrevious: false, trustedIds: true });
  for (const w of what) if (w !== 'grade' && w !== 'lazy') for (const id of Object.keys(res[w])) void res[w][id].length;
  if (what.includes('grade')) void res.grade?.length;
  const c = process.cpuUsage(c0);
  if (r >= 10) {
    cpus.push((c.user + c.system) / 1000);
    walls.push(performance.now() - t0);
    faults.push(process.resourceUsage().minorPageFault - f0);
  }
}
setTimeout(() => {
  cpus.sort((a, b) => a - b);
  walls.sort((a, b) => a - b);
  faults.sort((a, b) => a - b);
  const per = Object.entries(gc).map(
    ([k, v]) => `${k} ${(v.count / (runs - 10)).toFixed(2)}/call ${(v.ms / (runs - 10)).toFixed(2)} ms/call`,
  );
  console.log(
    `${whatArg}: median wall ${walls[walls.length >> 1].toFixed(1)} ms/call, CPU ${cpus[cpus.length >> 1].toFixed(1)} ms/call (min ${cpus[0].toFixed(1)}); page faults ${faults[faults.length >> 1]}/call; GC ${per.join(', ')}`,
  );
}, 50);
