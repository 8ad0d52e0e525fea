/**
 * 大综合一体化执法 at scale: (1) a 双随机 draw of 10,000 objects × 2 inspectors from 500 inspectors
 * in 5 departments with recusal (town of residence, 2,000 listed relations, last time's inspectors
 * for every object), then its verification (a full re-run); (2) the repeated-inspection scan over
 * 1,000,000 inspections of 50,000 objects in memory (object and column versions of the engine);
 * (3) the same scan on PostgreSQL through the service a district user calls (`GET /enforce/alerts`):
 * 1,000,000 inspections of 50,000 enterprises in the database, read as columns in one query and
 * scanned by the engine. Targets (issue 15): draw ≤ 1 s; the scan ≤ 2 s on PostgreSQL.
 * Run: npx tsx bench/enforcement.ts   (BENCH_OBJECTS, BENCH_INSPECTIONS, BENCH_PG_RUNS (3),
 * BENCH_PARTS=engine,pg; the load average is printed: the machine is shared)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { mulberry32 } from '../packages/engine/src/random.js';
import {
  dayNumber,
  repeatedInspectionColumns,
  repeatedInspections,
  runDraw,
  verifyDraw,
  type DrawInput,
  type InspectionFact,
} from '../packages/engine/src/enforce/index.js';
import type { Actor } from '../packages/server/src/auth/actor.js';
import { ALL_PERMISSIONS } from '../packages/server/src/modules.js';
import { one, rows, type Db } from '../packages/server/src/db/store.js';
import { SEED_DIR } from '../packages/server/src/demo/load.js';
import * as service from '../packages/server/src/enforce/service.js';
import { loadCountyCsv, loadRegionCsv } from '../packages/server/src/regions/service.js';
import { ms, postgresBackend } from './lib.js';

console.log(
  `load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (2 cores shared)`,
);
const OBJECTS_PG = 50_000;
const PG_RUNS = Number(process.env.BENCH_PG_RUNS ?? 3);

/** A district user's actor: every permission, the region's subtree (as a signed-in district analyst has). */
async function systemActorInScope(db: Db, code: string): Promise<Actor | undefined> {
  const r = await one<{ path: string }>(db, sql`select path from region where code = ${code}`);
  return r && { id: 'bench:district', permissions: new Set(ALL_PERMISSIONS), scope: { subtrees: [r.path] } };
}

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const INSPECTIONS = Number(process.env.BENCH_INSPECTIONS ?? 1_000_000);
const rand = mulberry32(15);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const TOWNS = Array.from({ length: 16 }, (_, k) => `3306030${String(k + 1).padStart(2, '0')}000`);
const DEPTS = ['市场监管', '生态环境', '应急管理', '消防', '综合执法'];
const RISKS = ['high', 'medium', 'low'];

/** (1) and (2), in memory */
function inMemory() {
  const objects = Array.from({ length: OBJECTS }, (_, k) => ({ id: `o${k}`, stratum: pick(RISKS), town: pick(TOWNS) }));
  const inspectors = Array.from({ length: 500 }, (_, k) => ({ id: `i${k}`, department: DEPTS[k % DEPTS.length]!, town: pick(TOWNS) }));
  const conflicts = Array.from({ length: 2000 }, () => ({ inspectorId: pick(inspectors).id, objectId: pick(objects).id }));
  const lastInspectors = Object.fromEntries(objects.map((o) => [o.id, [pick(inspectors).id, pick(inspectors).id]]));
  const input: DrawInput = {
    objects,
    inspectors,
    rules: { ratios: { high: 1, medium: 1, low: 1 }, perObject: 2, departments: ['市场监管', '生态环境'], conflicts, lastInspectors },
    nonce: 'bench',
  };

  let t = performance.now();
  const result = runDraw(input);
  console.log(`draw: ${result.assignments.length} objects × 2 of 500 inspectors with recusal in ${ms(t)} (target ≤ 1 s)`);
  t = performance.now();
  const check = verifyDraw(input, result);
  console.log(`verify (re-run and compare): ${check.ok ? 'same result' : 'DIFFERENT'} in ${ms(t)}`);

  const base = Date.UTC(2026, 0, 1);
  const facts: InspectionFact[] = Array.from({ length: INSPECTIONS }, (_, k) => ({
    id: String(k),
    objectId: `o${Math.floor(rand() * 50_000)}`,
    date: new Date(base + Math.floor(rand() * 365) * 86_400_000).toISOString().slice(0, 10),
    department: pick(DEPTS),
    jointPlanId: rand() < 0.1 ? `p${k}` : null,
  }));
  t = performance.now();
  const alerts = repeatedInspections(facts);
  console.log(
    `repeated-inspection scan: ${INSPECTIONS.toLocaleString('en')} inspections → ${alerts.length} alerts in ${ms(t)} (engine, objects in memory)`,
  );
  {
    const sorted = facts
      .map((f) => ({ f, o: Number(f.objectId.slice(1)), d: dayNumber(f.date), i: Number(f.id) }))
      .sort((a, b) => a.o - b.o || a.d - b.d || a.i - b.i);
    const columns = {
      n: sorted.length,
      object: Int32Array.from(sorted, (x) => x.o),
      day: Int32Array.from(sorted, (x) => x.d),
      visitor: Int32Array.from(sorted, (x) => (x.f.jointPlanId ? -x.i - 1 : 1 + DEPTS.indexOf(x.f.department))),
      department: Int32Array.from(sorted, (x) => DEPTS.indexOf(x.f.department)),
      inspection: Int32Array.from(sorted, (x) => x.i),
    };
    t = performance.now();
    const found = repeatedInspectionColumns(columns, { days: 30, maxDepartments: 1 });
    console.log(`repeated-inspection scan over columns: → ${found.length} alerts in ${ms(t)} (engine, columns in memory; same rule)`);
  }
}
// the in-memory data is released before the PostgreSQL part (its heap would slow every collection there)
inMemory();

// ---- (3) the scan on PostgreSQL, through the service (the SQL read + the engine) -------------------
const PARTS = (process.env.BENCH_PARTS ?? 'engine,pg').split(',');
const backend = process.env.BENCH_PG === '0' || !PARTS.includes('pg') ? null : await postgresBackend();
if (!backend) console.log('PostgreSQL part skipped');
else {
  const db = backend.store.db;
  try {
    const read = (p: string) => fs.readFileSync(path.join(SEED_DIR, p), 'utf8');
    await loadCountyCsv(db, read('regions/zhejiang-counties.csv'), { code: '330000000000', name: '浙江省' }, 'bench');
    await loadRegionCsv(db, read('regions/keqiao.csv'), 'bench');
    const towns = (
      await rows<{ code: string }>(db, sql`select code from region where code like '330603%' and level = 'town' order by code`)
    ).map((r) => r.code);
    let t0 = performance.now();
    // 50,000 enterprises across the towns; 1,000,000 inspections of 2026 (one department each, 10 % joint of two)
    await db.execute(sql`insert into subject (kind, code, name, region_code)
      select 'enterprise', 'BENCH-' || g, '基准企业 ' || g || '（合成）', (${sql.param(towns)}::text[])[1 + g % ${towns.length}]
      from generate_series(0, ${OBJECTS_PG - 1}::int) g`);
    const DEPT_ARRAY = sql.param(DEPTS);
    // the catalogue names the departments (as the demo's does)
    await db.execute(sql`insert into enforce_item (code, name, department, item_type, synthetic, updated_by)
      select 'BENCH-' || k, '基准事项 ' || k || '（合成）', (${DEPT_ARRAY}::text[])[k], 'inspect', true, 'bench' from generate_series(1, 5) k`);
    for (let i = 0; i < INSPECTIONS; i += 200_000) {
      await db.execute(sql`insert into enforce_inspection (subject_id, region_code, inspected_on, departments, joint, synthetic, created_by)
        select s.id, s.region_code, date '2026-01-01' + ((hashint8(g * 7 + 1) & 2147483647) % 365)::int,
          case when (hashint8(g * 7 + 2) & 1023) < 102
            then array[(${DEPT_ARRAY}::text[])[1 + (hashint8(g * 7 + 3) & 2147483647) % 5], (${DEPT_ARRAY}::text[])[1 + ((hashint8(g * 7 + 3) & 2147483647) + 1) % 5]]
            else array[(${DEPT_ARRAY}::text[])[1 + (hashint8(g * 7 + 3) & 2147483647) % 5]] end,
          (hashint8(g * 7 + 2) & 1023) < 102, true, 'bench'
        from generate_series(${i}::int, ${Math.min(i + 200_000, INSPECTIONS) - 1}::int) g
        join subject s on s.kind = 'enterprise' and s.code = 'BENCH-' || ((hashint8(g * 7 + 4) & 2147483647) % ${OBJECTS_PG})`);
    }
    await db.execute(sql`analyze enforce_inspection`);
    await db.execute(sql`analyze subject`);
    const n = (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_inspection`))!.n;
    console.log(
      `PostgreSQL: stored ${n.toLocaleString('en')} inspections of ${OBJECTS_PG.toLocaleString('en')} enterprises in ${ms(t0)} (not timed)`,
    );
    const district = (await systemActorInScope(db, '330603000000'))!;
    const times: number[] = [];
    let found = 0;
    for (let run = 0; run < PG_RUNS + 1; run++) {
      t0 = performance.now();
      const alerts = await service.alerts(db, district, { days: 30, maxDepartments: 1, since: '2026-01-01' });
      const t = performance.now() - t0;
      found = alerts.length;
      if (run > 0)
        times.push(t); // the first run warms the caches and the JIT
      else console.log(`  warm-up: ${t.toFixed(0)} ms`);
    }
    times.sort((a, b) => a - b);
    if (process.env.BENCH_DETAIL === '1') {
      const { inspectionColumns, departments } = await import('../packages/server/src/enforce/repository.js');
      const deps = await departments(db);
      t0 = performance.now();
      const packed = await inspectionColumns(db, district, '2026-01-01', deps);
      console.log(
        `  of which the SQL read: ${ms(t0)} (${packed.entries.toLocaleString('en')} entries, ${packed.unknown} of unknown departments)`,
      );
    }
    console.log(
      `repeated-inspection scan on PostgreSQL (service.alerts: SQL read + engine), ${n.toLocaleString('en')} inspections → ${found.toLocaleString('en')} alerts: ` +
        `median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms over ${times.length} runs (target ≤ 2 s)`,
    );
  } finally {
    await backend.dispose();
  }
}
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (2 cores shared)`,
);
