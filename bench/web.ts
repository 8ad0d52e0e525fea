/**
 * Home-page cost of the web app in headless Chromium (Debian /usr/bin/chromium via playwright-core):
 * the gzip-compressed size of the JavaScript the cockpit loads, and the time from navigation start
 * to the first render of the indicator cards (median of 5 cold loads, each in a fresh browser
 * context with an empty cache). The server runs in-process on a fresh demo database, with the web
 * app built from source when stale.
 * Run: npx tsx bench/web.ts
 */
import { ensureWebBuilt, firstStartAdmin, launchBrowser, startServer } from '../packages/web/e2e/harness.js';
import { describeCost, measureHome, type HomeCost } from '../packages/web/e2e/measure.js';
import { hashPassword } from '../packages/server/src/auth/passwords.js';
import { findUser, setPasswordHash } from '../packages/server/src/auth/repository.js';

const RUNS = 5;
const PASSWORD = 'Bench-Gongfu-2025';

const server = await startServer();
const browser = await launchBrowser();
try {
  // the first-start administrator, with the one-time password already replaced
  const admin = await firstStartAdmin(server);
  const user = (await findUser(server.db.store.db, { username: admin.username }))!;
  await setPasswordHash(server.db.store.db, user.id, await hashPassword(PASSWORD), false);
  const login = await browser.newContext();
  const res = await login.request.post(`${server.url}/api/v1/auth/login`, { data: { username: admin.username, password: PASSWORD } });
  if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
  const state = await login.storageState();
  await login.close();

  const dist = ensureWebBuilt();
  await measureHome(browser, server.url, state, dist); // warm-up (server caches, JIT)
  const runs: HomeCost[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureHome(browser, server.url, state, dist));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const first = runs[0];
  console.log(`Chromium ${browser.version()}, ${RUNS} cold loads of / (cockpit of 柯桥区)`);
  console.log(first.jsFiles.map((f) => `  ${f}`).join('\n'));
  console.log(
    describeCost({
      ...first,
      firstRenderMs: median(runs.map((r) => r.firstRenderMs)),
      chartsRenderedMs: median(runs.map((r) => r.chartsRenderedMs)),
    }),
  );
  console.log(`first render per run (ms): ${runs.map((r) => r.firstRenderMs.toFixed(0)).join(', ')}`);
} finally {
  await browser.close();
  await server.stop();
}
