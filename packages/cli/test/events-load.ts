/**
 * Intake load over HTTP against a real `gongfu serve` child process, for the kill -9 reliability test
 * (events-kill.test.ts) and bench/cases.ts: a database with the base demo regions, the event units and
 * a 网格员 with an API token; a server started from source; N concurrent clients posting reports, each
 * with its own idempotency key, recording which keys were acknowledged (201/200) and the latencies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../../server/src/auth/actor.js';
import { createApiToken, createUser } from '../../server/src/auth/service.js';
import { hashPassword } from '../../server/src/auth/passwords.js';
import { setPasswordHash } from '../../server/src/auth/repository.js';
import { loadDemo } from '../../server/src/demo/load.js';
import type { Db } from '../../server/src/db/store.js';
import { ensureEventUnitsUnscoped } from '../../server/src/events/demo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(ROOT, 'packages/cli/src/main.ts');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');
export const LOAD_VILLAGE = '330603003004'; // 兴华社区 (华舍)

/** Regions, event units and `workers` grid workers; returns one API token per worker (one per client, as on real devices). */
export async function seedIntake(db: Db, workers = 8, prefix = 'load-grid'): Promise<string[]> {
  await loadDemo(db, { today: new Date('2026-11-26T00:00:00Z') });
  await ensureEventUnitsUnscoped(db);
  const actor = systemActor('test');
  const tokens: string[] = [];
  for (let w = 0; w < workers; w++) {
    const username = `${prefix}-${w}`;
    const { id } = await createUser(db, actor, { username, displayName: username, roles: ['grid_worker'], regionCode: LOAD_VILLAGE });
    await setPasswordHash(db, id, await hashPassword('Correct-Horse-9'), false);
    tokens.push(await createApiToken(db, actor, username, 'intake load'));
  }
  return tokens;
}

/** A number in [0, 1) from a key (FNV-1a), to spread the reports over the district. */
function unit(key: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

export interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** `gongfu serve` from source on a port, resolved once it prints that it is running. */
export function serve(databaseUrl: string, port: number, timeoutMs = 90_000): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', TSX, MAIN, 'serve', '--port', String(port), '--host', '127.0.0.1'],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, GONGFU_LOG: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d;
      if (/running: http/.test(out)) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!/running: http/.test(out)) reject(new Error(`serve exited with ${code}: ${out}`));
    });
  });
}

/** Kills the server with SIGKILL (no shutdown of any kind) and waits for it to be gone. */
export async function kill9(server: Server): Promise<void> {
  const gone = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await gone;
}

export const reportBody = (key: string) => ({
  idempotencyKey: key,
  channel: 'api',
  categoryCode: 'SANITATION_LITTER',
  regionCode: LOAD_VILLAGE,
  // spread over about 20 × 15 km, so a report rarely lands within the duplicate radius of another
  lon: Math.round((120.38 + unit(key, 1) * 0.2) * 1e6) / 1e6,
  lat: Math.round((29.98 + unit(key, 2) * 0.15) * 1e6) / 1e6,
  description: `负载测试上报 ${key}`,
  reporterName: '测试',
  reporterPhone: '13800000000',
});

export interface PostResult {
  status: number; // 0: no answer (connection refused or reset)
  id?: number;
}

export async function postReport(url: string, token: string, key: string): Promise<PostResult> {
  try {
    const res = await fetch(`${url}/api/v1/events/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(reportBody(key)),
    });
    const body = (await res.json()) as { case?: { id: number } };
    return { status: res.status, id: body.case?.id };
  } catch {
    return { status: 0 };
  }
}

export interface LoadResult {
  /** every key sent, in order */
  sent: string[];
  /** key → case id of every acknowledged report (201 or 200) */
  acked: Map<string, number>;
  latencies: number[];
  statuses: Map<number, number>;
  elapsedMs: number;
}

/**
 * `clients` concurrent loops, each posting one report after the other until `durationMs` has passed
 * or `stop()` says so; a loop ends at its first unanswered request when `stopOnFailure`.
 */
export async function intakeLoad(
  url: string,
  tokens: string[],
  o: { clients: number; durationMs: number; prefix: string; stop?: () => boolean; stopOnFailure?: boolean },
): Promise<LoadResult> {
  const r: LoadResult = { sent: [], acked: new Map(), latencies: [], statuses: new Map(), elapsedMs: 0 };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      for (let i = 0; performance.now() - t0 < o.durationMs && !o.stop?.(); i++) {
        const key = `${o.prefix}-${c}-${i}`;
        r.sent.push(key);
        const s = performance.now();
        const res = await postReport(url, tokens[c % tokens.length]!, key);
        r.statuses.set(res.status, (r.statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201 || res.status === 200) {
          r.latencies.push(performance.now() - s);
          r.acked.set(key, res.id!);
        } else if (res.status === 0 && o.stopOnFailure) return;
      }
    }),
  );
  r.elapsedMs = performance.now() - t0;
  return r;
}

export interface KillResult {
  sent: number;
  acknowledged: number;
  found: number;
  lost: string[];
  duplicates: number;
  resentCreated: number;
}

/**
 * The kill -9 experiment on a database with `seedIntake` done: serve, load, SIGKILL mid-load, serve
 * again, re-send every key sent (acknowledged or not) and count what the database holds.
 */
export async function killNineExperiment(
  databaseUrl: string,
  tokens: string[],
  count: (keys: string[]) => Promise<{ rows: number; distinct: number }>,
  o: { port: number; clients?: number; killAfterMs?: number },
): Promise<KillResult> {
  const first = await serve(databaseUrl, o.port);
  let killed = false;
  const load = intakeLoad(first.url, tokens, {
    clients: o.clients ?? 8,
    durationMs: 10_000,
    prefix: `kill-${Date.now()}`,
    stop: () => killed,
    stopOnFailure: true,
  });
  await new Promise((resolve) => setTimeout(resolve, o.killAfterMs ?? 1500));
  await kill9(first);
  killed = true;
  const before = await load;
  const second = await serve(databaseUrl, o.port);
  // the key's client: …-<client>-<i>
  const tokenOf = (key: string) => tokens[Number(key.split('-').at(-2)) % tokens.length]!;
  try {
    const lost: string[] = [];
    let found = 0;
    let resentCreated = 0;
    // every acknowledged report is there under its key, with the id it was acknowledged with
    for (const [key, id] of before.acked) {
      const res = await postReport(second.url, tokenOf(key), key);
      if (res.status === 200 && res.id === id) found++;
      else lost.push(key);
    }
    // re-sending every key, acknowledged or not, creates nothing twice
    for (const key of before.sent.filter((k) => !before.acked.has(k))) {
      const res = await postReport(second.url, tokenOf(key), key);
      if (res.status === 201) resentCreated++;
    }
    for (const key of before.sent) await postReport(second.url, tokenOf(key), key);
    const held = await count(before.sent);
    return {
      sent: before.sent.length,
      acknowledged: before.acked.size,
      found,
      lost,
      duplicates: held.rows - held.distinct,
      resentCreated,
    };
  } finally {
    await kill9(second);
  }
}
