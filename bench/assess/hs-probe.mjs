/**
 * Allocation probe: JavaScript-heap bytes allocated per call by function (V8's sampling heap
 * profiler, collected objects included), after `warm` calls, every result column read. Boxed
 * doubles show a loop running unoptimised (a first call, or a deoptimisation).
 *   node bench/assess/hs-probe.mjs DATA.f64 N SCHEME.json [warm=0] [calls=1]   (files as for cold.mjs)
 */
import { Session } from 'node:inspector/promises';
import { loadRun, runReadingAll } from './load-run.mjs';
const [path, nArg, schemePath, warmArg, callsArg] = process.argv.slice(2);
const n = Number(nArg);
const warm = Number(warmArg ?? 0);
const calls = Number(callsArg ?? 1);
const { data, plan } = loadRun(path, n, schemePath);
const go = () => {
  runReadingAll(plan, data);
};
for (let r = 0; r < warm; r++) go();
const s = new Session();
s.connect();
await s.post('HeapProfiler.startSampling', {
  samplingInterval: 4096,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
for (let r = 0; r < calls; r++) go();
const { profile } = await s.post('HeapProfiler.stopSampling');
const tot = new Map();
const walk = (nd, st) => {
  const f = nd.callFrame;
  const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  const st2 = [...st, k];
  if (nd.selfSize) {
    const key = st2.slice(-2).reverse().join(' < ');
    tot.set(key, (tot.get(key) ?? 0) + nd.selfSize);
  }
  for (const c of nd.children) walk(c, st2);
};
walk(profile.head, []);
let all = 0;
for (const v of tot.values()) all += v;
console.log('total', (all / calls / 1e6).toFixed(1), 'MB/call');
for (const [k, v] of [...tot].sort((a, b) => b[1] - a[1]).slice(0, 22)) console.log((v / calls / 1e6).toFixed(2), 'MB/call', k);
