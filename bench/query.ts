/**
 * Latency of GET /api/v1/observations over 1,000,000 observations (357 Keqiao regions × 100
 * indicators × 28 years), through real HTTP on localhost with API-token authentication and data
 * scope applied, one client, 1,000 requests with random
 * indicator, region (district or town) and period range. Prints p50/p99 per backend.
 * Run: npm run bench:query
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { systemActor } from '../packages/server/src/auth/actor.js';
import { saveIndicators } from '../packages/server/src/indicators/service.js';
import { createBatchUnscoped } from '../packages/server/src/observations/repository.js';
import { listRegions } from '../packages/server/src/regions/repository.js';
import { loadCountyCsv, loadRegionCsv } from '../packages/server/src/regions/service.js';
import { SEED_DIR } from '../packages/server/src/demo/load.js';
import { rows } from '../packages/server/src/db/store.js';
import { createApiToken, createUser } from '../packages/server/src/auth/service.js';
import { setPasswordHash } from '../packages/server/src/auth/repository.js';
import { ms, percentile, pgliteBackend, postgresBackend, type Backend } from './lib.js';

const INDICATORS = Array.from({ length: 100 }, (_, i) => `Q${String(i).padStart(3, '0')}`);
const YEARS = 28;
const REQUESTS = 1000;
const actor = systemActor('bench');

function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

async function load(b: Backend) {
  const db = b.store.db;
  const read = (p: string) => fs.readFileSync(path.join(SEED_DIR, p), 'utf8');
  await loadCountyCsv(db, read('regions/zhejiang-counties.csv'), { code: '330000000000', name: '浙江省' }, 'bench');
  await loadRegionCsv(db, read('regions/keqiao.csv'), 'bench');
  await saveIndicators(
    db,
    actor,
    INDICATORS.map((code) => ({
      code,
      nameZh: code,
      nameEn: code,
      unit: '',
      direction: 'higher',
      frequency: 'year',
      accumulation: 'point',
      decimals: 2,
      definition: 'bench',
      sourceDepartment: 'bench',
      subjectKind: 'region',
    })),
  );
  const t0 = performance.now();
  const batchId = await createBatchUnscoped(db, {
    fileName: 'bench',
    fileSha256: '-',
    format: 'api',
    layout: 'api',
    encoding: null,
    rowCount: 0,
    source: 'synthetic bench data',
    synthetic: true,
    loadedBy: 'bench',
    note: 'synthetic',
  });
  await db.execute(sql`
    insert into observation (indicator_code, subject_id, period, period_start, value, status, source, batch_id)
    select i.code, s.id, y::text, make_date(y, 1, 1), random() * 1000, 'final', 'synthetic bench data', ${batchId}
    from indicator i cross join subject s cross join generate_series(${2025 - YEARS + 1}, 2025) y
    where i.code like 'Q%' and s.region_code like '330603%'`);
  await db.execute(sql`analyze`);
  const [{ n }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from observation`);
  return { n, loadTime: ms(t0) };
}

async function bench(b: Backend) {
  const { n, loadTime } = await load(b);
  const towns = (await listRegions(b.store.db, actor, { parent: '330603000000' })).map((r) => r.code);
  const app = await buildApp({ store: b.store, config: { ...loadConfig({}), webDist: '/none' } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  // requests authenticate like the CLI: a personal API token of a district analyst
  const { id } = await createUser(b.store.db, actor, {
    username: 'bench',
    displayName: 'bench',
    roles: ['analyst'],
    regionCode: '330603000000',
  });
  await setPasswordHash(b.store.db, id, '-', false);
  const headers = { authorization: `Bearer ${await createApiToken(b.store.db, actor, 'bench', 'bench')}` };
  const random = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const urls = Array.from({ length: REQUESTS }, () => {
    const from = 1998 + Math.floor(random() * 20);
    const region = random() < 0.2 ? '330603000000' : pick(towns);
    return `${base}/api/v1/observations?indicator=${pick(INDICATORS)}&region=${region}&from=${from}&to=${from + 5 + Math.floor(random() * 5)}&pageSize=1000`;
  });
  for (const u of urls.slice(0, 20)) await (await fetch(u, { headers })).json(); // warm-up
  const times: number[] = [];
  let rows = 0;
  for (const u of urls) {
    const t0 = performance.now();
    const res = await fetch(u, { headers });
    const body = (await res.json()) as { items: unknown[] };
    times.push(performance.now() - t0);
    rows += body.items.length;
  }
  await app.close();
  times.sort((a, b) => a - b);
  console.log(
    `${b.name.padEnd(9)} ${n.toLocaleString()} observations (loaded in ${loadTime}); ${REQUESTS} requests, ${Math.round(rows / REQUESTS)} rows each on average: ` +
      `p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`,
  );
}

console.log('bench:query — GET /api/v1/observations over HTTP on localhost, one client');
for (const make of [pgliteBackend, postgresBackend]) {
  const b = await make();
  if (!b) continue;
  try {
    await bench(b);
  } finally {
    await b.dispose();
  }
}
