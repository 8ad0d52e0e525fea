/**
 * 三级指挥协同 (issue 14) on PostgreSQL with default durability:
 *  1. intake over HTTP: a real `gongfu serve` child process, 8 concurrent clients posting reports with
 *     idempotency keys for BENCH_SECONDS (default 5) after a warm-up; throughput (acknowledged/s) and
 *     p50/p99 latency. Targets: ≥ 1,500 cases/s, p99 ≤ 50 ms.
 *  2. indicators over BENCH_CASES (default 1,000,000) synthetic cases: the engine's eventIndicatorsBy
 *     (per town) on rows read from the database, and the peer: the same definitions as one SQL
 *     statement in PostgreSQL; the two must agree. Target: ≤ 200 ms.
 *  3. kill -9 mid-load: acknowledged, found after restart, duplicates after re-sending every key.
 * Run: npm run bench:cases
 */
import { sql } from 'drizzle-orm';
import { eventIndicatorsBy, type IndicatorCase } from '../packages/engine/src/events/index.js';
import { one, rows, type Db } from '../packages/server/src/db/store.js';
import { appendAudit, verifyAudit } from '../packages/server/src/audit/service.js';
import { auditedGrouped, groupCommitStats } from '../packages/server/src/audit/group-commit.js';
import { appendActionUnscoped, insertCaseUnscoped } from '../packages/server/src/events/repository.js';
import { intakeLoad, killNineExperiment, seedIntake, serve, kill9, reportBody, LOAD_VILLAGE } from '../packages/cli/test/events-load.js';
import { percentile, postgresBackend } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const PORT = 23000 + (process.pid % 10000);

const pg = await postgresBackend();
if (!pg) {
  console.log('PostgreSQL is needed for this bench (scripts/test-postgres.sh).');
  process.exit(0);
}
const db = pg.store.db;
const figures: Record<string, string> = {};
try {
  const tokens = await seedIntake(db, CLIENTS, 'bench-grid');

  // ---------------------------------------------------------------- 1. intake over HTTP
  const server = await serve(pg.url!, PORT);
  try {
    await intakeLoad(server.url, tokens, { clients: CLIENTS, durationMs: 1500, prefix: 'warm' });
    const r = await intakeLoad(server.url, tokens, { clients: CLIENTS, durationMs: SECONDS * 1000, prefix: 'bench' });
    const lat = [...r.latencies].sort((a, b) => a - b);
    const failed = [...r.statuses].filter(([s]) => s !== 201).map(([s, n]) => `${s}×${n}`);
    const rate = r.acked.size / (r.elapsedMs / 1000);
    console.log(
      `intake over HTTP (${CLIENTS} clients, ${(r.elapsedMs / 1000).toFixed(1)} s): ${r.acked.size} cases, ${rate.toFixed(0)} cases/s, ` +
        `p50 ${percentile(lat, 50).toFixed(1)} ms, p99 ${percentile(lat, 99).toFixed(1)} ms${failed.length ? `, other answers ${failed.join(' ')}` : ''}`,
    );
    figures['intake cases/s (target ≥ 1500)'] = rate.toFixed(0);
    figures['intake p99 ms (target ≤ 50)'] = percentile(lat, 99).toFixed(1);
  } finally {
    await kill9(server);
  }

  // ---------------------------------------------------------------- 1b. the plain-SQL peer
  // The same writes (case, first action, audit row) straight from CLIENTS connections of this process:
  // no HTTP, no sign-in, no validation. (a) one transaction per report, as every audited write did
  // before group commit; (b) the server's group commit (audit/group-commit.ts) driven directly.
  const peerRun = async (label: string, write: (key: string) => Promise<unknown>) => {
    const lat: number[] = [];
    let n = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; performance.now() - t0 < SECONDS * 1000; i++) {
          const s = performance.now();
          await write(`peer-${label}-${c}-${i}`);
          lat.push(performance.now() - s);
          n++;
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    console.log(
      `plain-SQL peer, ${label} (${CLIENTS} connections): ${(n / secs).toFixed(0)} cases/s, p50 ${percentile(lat, 50).toFixed(1)} ms, p99 ${percentile(lat, 99).toFixed(1)} ms`,
    );
    figures[`plain-SQL peer ${label} cases/s`] = (n / secs).toFixed(0);
  };
  const actor = { id: 'bench:peer' };
  const writeCase = async (tx: Db, key: string) => {
    const b = reportBody(key);
    const id = (await insertCaseUnscoped(tx, {
      ...b,
      channel: 'api',
      address: '',
      townCode: LOAD_VILLAGE.slice(0, 9) + '000',
      createdBy: actor.id,
    }))!;
    await appendActionUnscoped(tx, { caseId: id, step: 'report', from: null, to: 'reported', actor: actor.id });
    return { result: id, audit: { action: 'events.report', target: `event_case:${id}` } };
  };
  await peerRun('one transaction per report', (key) =>
    db.transaction(async (t) => {
      const { audit } = await writeCase(t as Db, key);
      await appendAudit(t as Db, actor, audit);
    }),
  );
  const before = { ...groupCommitStats };
  await peerRun('group commit', (key) => auditedGrouped(db, actor, (tx) => writeCase(tx, key)));
  const batches = groupCommitStats.batches - before.batches;
  console.log(`  (group commit: ${((groupCommitStats.writes - before.writes) / batches).toFixed(1)} reports per commit on average)`);
  const chain = await verifyAudit(db);
  console.log(
    `audit chain after the intake runs: ${chain.count} rows, ${chain.ok ? 'intact and gap-free' : `BROKEN: ${JSON.stringify(chain.problems.slice(0, 3))}`}`,
  );
  figures['audit chain intact'] = String(chain.ok);

  // ---------------------------------------------------------------- 2. indicators over 1,000,000 cases
  const from = Date.parse('2026-01-01T00:00:00+08:00');
  const to = Date.parse('2027-01-01T00:00:00+08:00');
  const asOf = Date.parse('2026-12-01T00:00:00+08:00');
  // deterministic synthetic cases (hash of the row number), times as epoch milliseconds
  await db.execute(
    sql.raw(`create table bench_case as
    with g as (select i, abs(hashint4(i)) as h, abs(hashint4(i + 7919)) as h2 from generate_series(1, ${CASES}) i)
    select i as id, 'T' || lpad((h % 16)::text, 2, '0') as town, 'U' || (h % 40) as unit, 'K' || (h2 % 12) as category,
      ${from}::float8 + (h % 34560000)::float8 * 1000 as filed_at,
      (h2 % 10) <> 0 as dispatched,
      case when (h2 % 10) <> 0 then ${from}::float8 + (h % 34560000)::float8 * 1000 + 432000000 end as handle_due_at,
      case when (h2 % 7) <> 0 then ${from}::float8 + (h % 34560000)::float8 * 1000 + ((h2 % 600000)::float8 * 1000) end as handled_at,
      ${from}::float8 + (h % 34560000)::float8 * 1000 + 864000000 as close_due_at,
      case when (h2 % 5) <> 0 then ${from}::float8 + (h % 34560000)::float8 * 1000 + ((h2 % 1000000)::float8 * 1000) end as closed_at,
      (h2 % 3) <> 0 as checked, (h2 % 11) = 0 as reworked, (h2 % 13) = 0 as extended, (h2 % 97) = 0 as parked,
      case when (h2 % 10) <> 0 then 1 + (h % 17 = 0)::int else 0 end as dispatches, (h % 17 = 0)::int as misdispatches,
      case when (h2 % 5) <> 0 and (h % 3) <> 0 then 1 + (h % 5) end as rating
    from g`),
  );
  await db.execute(sql`analyze bench_case`);
  const t0 = performance.now();
  const raw = await rows<{
    town: string;
    unit: string;
    category: string;
    filed_at: number;
    dispatched: boolean;
    handle_due_at: number | null;
    handled_at: number | null;
    close_due_at: number;
    closed_at: number | null;
    checked: boolean;
    reworked: boolean;
    extended: boolean;
    parked: boolean;
    dispatches: number;
    misdispatches: number;
    rating: number | null;
  }>(
    db,
    sql`select town, unit, category, filed_at, dispatched, handle_due_at, handled_at, close_due_at, closed_at, checked, reworked, extended, parked,
          dispatches, misdispatches, rating from bench_case`,
  );
  const cases: IndicatorCase[] = raw.map((x) => ({
    unit: x.unit,
    town: x.town,
    category: x.category,
    filedAt: x.filed_at,
    dispatched: x.dispatched,
    handleDueAt: x.handle_due_at,
    handledAt: x.handled_at,
    closeDueAt: x.close_due_at,
    closedAt: x.closed_at,
    checked: x.checked,
    reworked: x.reworked,
    extended: x.extended,
    parked: x.parked,
    dispatches: x.dispatches,
    misdispatches: x.misdispatches,
    rating: x.rating,
  }));
  const readMs = performance.now() - t0;
  const times: number[] = [];
  let engine = eventIndicatorsBy(cases, { from, to, asOf }, 'town');
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    engine = eventIndicatorsBy(cases, { from, to, asOf }, 'town');
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const engineMs = times[2]!;

  const peerSql = sql`select town,
      count(*) filter (where filed_at >= ${from} and filed_at < ${to})::int as cases,
      count(*) filter (where filed_at >= ${from} and filed_at < ${to} and ((handled_at <= ${asOf}) or handle_due_at < ${asOf}))::int as due_handle,
      count(*) filter (where filed_at >= ${from} and filed_at < ${to} and handled_at <= ${asOf} and (handle_due_at is null or handled_at <= handle_due_at))::int as on_time_handle,
      count(*) filter (where filed_at >= ${from} and filed_at < ${to} and (closed_at <= ${asOf} or close_due_at < ${asOf}))::int as due_close,
      count(*) filter (where filed_at >= ${from} and filed_at < ${to} and closed_at <= ${asOf})::int as closed,
      count(*) filter (where filed_at >= ${from} and filed_at < ${to} and checked and reworked)::int as reworked,
      count(*) filter (where filed_at >= ${from} and filed_at < ${to} and checked)::int as checked,
      count(*) filter (where filed_at <= ${asOf} and not parked and not coalesce(handled_at <= ${asOf}, false) and handle_due_at < ${asOf})::int as overdue
    from bench_case group by town order by town`;
  await rows(db, peerSql);
  const ps: number[] = [];
  let peer: Record<string, number | string>[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    peer = await rows(db, peerSql);
    ps.push(performance.now() - s);
  }
  ps.sort((a, b) => a - b);
  const agree = peer.every((p) => {
    const e = engine.get(p.town as string)!;
    return (
      e.cases === p.cases &&
      e.onTimeHandling.denominator === p.due_handle &&
      e.onTimeHandling.numerator === p.on_time_handle &&
      e.closure.denominator === p.due_close &&
      e.closure.numerator === p.closed &&
      e.rework.numerator === p.reworked &&
      e.rework.denominator === p.checked &&
      e.overdueUnhandled === p.overdue
    );
  });
  console.log(
    `indicators over ${cases.length.toLocaleString('en')} cases per town (median of 5): engine ${engineMs.toFixed(0)} ms ` +
      `(reading the rows from PostgreSQL ${readMs.toFixed(0)} ms, not counted), SQL peer ${ps[2]!.toFixed(0)} ms; agree: ${agree}`,
  );
  figures['indicators engine ms (target ≤ 200)'] = engineMs.toFixed(0);
  figures['indicators SQL peer ms'] = ps[2]!.toFixed(0);
  figures['engine and SQL agree'] = String(agree);
  await db.execute(sql`drop table bench_case`);

  // ---------------------------------------------------------------- 3. kill -9 mid-load
  const k = await killNineExperiment(
    pg.url!,
    tokens,
    async (keys) =>
      (await one<{ rows: number; distinct: number }>(
        db,
        sql`select count(*)::int as rows, count(distinct description)::int as "distinct" from event_case
            where idempotency_key = any(${sql.param(keys)}::text[]) or description like '负载测试上报 kill-%'`,
      ))!,
    { port: PORT + 1, clients: CLIENTS, killAfterMs: 2000 },
  );
  console.log(
    `kill -9 mid-load: sent ${k.sent}, acknowledged ${k.acknowledged}, found after restart ${k.found}, lost ${k.lost.length}, ` +
      `duplicates after re-sending every key ${k.duplicates} (unacknowledged keys created on re-send: ${k.resentCreated})`,
  );
  figures['kill -9 acknowledged / found / duplicates'] = `${k.acknowledged} / ${k.found} / ${k.duplicates}`;
  console.log('\nfigures:');
  for (const [name, v] of Object.entries(figures)) console.log(`  ${name}: ${v}`);
} finally {
  await pg.dispose();
}
