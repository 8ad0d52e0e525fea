/**
 * Where one page's load spends its main thread, to find what makes its longest task: a CPU profile
 * of a cold load (self time by script and by function) and a Chromium trace of the long tasks
 * (what runs inside each: microtasks, script evaluation, style and layout). The page is loaded twice
 * first, as bench/web.ts does, so the numbers are those of its "cold" loads.
 * Run: npx tsx bench/web-profile.ts /data/import
 */
import { ensureWebBuilt, firstStartAdmin, launchBrowser, startServer } from '../packages/web/e2e/harness.js';
import { hashPassword } from '../packages/server/src/auth/passwords.js';
import { findUser, setPasswordHash } from '../packages/server/src/auth/repository.js';
const PATH = process.argv[2] ?? '/data/import';
const server = await startServer();
const browser = await launchBrowser();
const admin = await firstStartAdmin(server);
const user = (await findUser(server.db.store.db, { username: admin.username }))!;
await setPasswordHash(server.db.store.db, user.id, await hashPassword('Bench-Gongfu-2025'), false);
const login = await browser.newContext();
await login.request.post(`${server.url}/api/v1/auth/login`, { data: { username: admin.username, password: 'Bench-Gongfu-2025' } });
const state = await login.storageState();
ensureWebBuilt();
const context = await browser.newContext({ storageState: state, viewport: { width: 1366, height: 768 } });
for (let i = 0; i < 2; i++) {
  const p = await context.newPage();
  await p.goto(server.url + PATH);
  await p.waitForLoadState('networkidle');
  await p.close();
}
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.goto(server.url + PATH);
await page.waitForLoadState('networkidle');
await page.waitForTimeout(300);
const { profile } = (await cdp.send('Profiler.stop')) as {
  profile: {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  };
};
const self = new Map<string, number>();
const dt = new Map<number, number>();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
for (const n of profile.nodes) {
  const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/assets\//, '')}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + (dt.get(n.id) ?? 0));
}
const byFile = new Map<string, number>();
for (const n of profile.nodes) {
  const f = n.callFrame.url.replace(/^.*\/assets\//, '') || n.callFrame.functionName;
  byFile.set(f, (byFile.get(f) ?? 0) + (dt.get(n.id) ?? 0));
}
console.log('self time by file (ms):');
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${(v / 1000).toFixed(1).padStart(7)}  ${k}`);
console.log('self time by function (ms):');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(v / 1000).toFixed(1).padStart(7)}  ${k}`);
await browser.startTracing(page, {
  categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink', 'v8'],
});
await page.goto(server.url + PATH);
await page.waitForLoadState('networkidle');
await page.waitForTimeout(500);
const buf = await browser.stopTracing();
type Ev = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; functionName?: string } };
};
const events = (JSON.parse(buf.toString()).traceEvents as Ev[]).filter((e) => e.ph === 'X');
const tasks = events.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000).sort((a, b) => b.dur! - a.dur!);
for (const t of tasks.slice(0, 3)) {
  console.log(`task ${(t.dur! / 1000).toFixed(0)} ms`);
  const inside = events.filter(
    (e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur! && e !== t,
  );
  const byName = new Map<string, number>();
  for (const e of inside) {
    const key = e.name + (e.args?.data?.url ? ' ' + e.args.data.url.replace(/^.*\/assets\//, '') : '');
    byName.set(key, (byName.get(key) ?? 0) + (e.dur ?? 0));
  }
  for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`  ${(v / 1000).toFixed(1).padStart(7)} ms  ${k}`);
}
await browser.close();
await server.stop();
