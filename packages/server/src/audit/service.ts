/**
 * Append-only audit of every login and every write. Entries are written inside the caller's
 * transaction, so an audited change and its audit row commit or roll back together; a transaction
 * advisory lock keeps the chain linear when several connections write at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { isoTime, one, rows, type Db } from '../db/store.js';
import { chainHash, GENESIS, type AuditFields } from './chain.js';
import { shanghaiDay } from '../util/local-time.js';
import { namesOf, type Name } from './names.js';
import { readPage, type Page, type PageQuery } from '../http/schemas.js';

const AUDIT_LOCK = 7246151;

export interface AuditEntry {
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  /**
   * the region the entry is about, for town-scoped reading (not part of the hash chain); by
   * default the acting user's home region, none for actors without one (county only)
   */
  region?: string | null;
}

/**
 * The audit actions appended while one HTTP request is handled, so the route's audit declaration
 * can be checked against what really happened (http/guard.ts). Outside a request (CLI, demo
 * loaders) nothing is collected.
 */
const requestAudit = new AsyncLocalStorage<string[]>();

/** Runs `work` (the rest of a request) collecting the actions appendAudit writes into `actions`. */
export function collectAuditActions<T>(actions: string[], work: () => T): T {
  return requestAudit.run(actions, work);
}

/**
 * For work that appends audit rows outside the request's own async context (the group commit of
 * group-commit.ts): `capture()` in the request returns a function that records an action as the
 * request's; `detached(work)` runs `work` with no request collecting, so nothing lands in the wrong one.
 */
export const auditContext = {
  capture(): (action: string) => void {
    const store = requestAudit.getStore();
    return (action) => store?.push(action);
  },
  detached<T>(work: () => T): T {
    return requestAudit.exit(work);
  },
};

/** Takes the chain's lock for the rest of the transaction (appendAudit takes it too; it is re-entrant). */
export async function lockAuditChain(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
}

export async function appendAudit(tx: Db, actor: Pick<Actor, 'id' | 'ip'>, entry: AuditEntry): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const last = await one<{ seq: number; hash: string }>(tx, sql`select seq, hash from audit_log order by seq desc limit 1`);
  const fields: AuditFields = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actor: actor.id,
    action: entry.action,
    target: entry.target ?? null,
    ip: actor.ip ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
  const prevHash = last?.hash ?? GENESIS;
  const hash = chainHash(prevHash, fields);
  const region = entry.region !== undefined ? sql`${entry.region}::text` : defaultRegion(actor.id, fields.target);
  await tx.execute(sql`
    insert into audit_log (seq, at, actor, action, target, ip, before, after, prev_hash, hash, region_code)
    values (${fields.seq}, ${fields.at}::timestamptz, ${fields.actor}, ${fields.action}, ${fields.target}, ${fields.ip},
            ${fields.before === null ? null : JSON.stringify(fields.before)}::jsonb,
            ${fields.after === null ? null : JSON.stringify(fields.after)}::jsonb, ${prevHash}, ${hash}, ${region})`);
  requestAudit.getStore()?.push(entry.action);
  return fields.seq;
}

const userOf = (ref: string | null) => (ref?.startsWith('user:') ? ref.slice('user:'.length) : null);

/**
 * The region an entry is about when the service names none: of the acting user's home region and
 * the home region of the account the entry concerns (`target` = `user:…`), the more specific one
 * when it lies within the other — a county administrator resetting a 华舍 account writes an entry
 * about 华舍 — else the actor's; the account's alone when the actor has none (an anonymous failed
 * login, the CLI). None for the rest (county only). Migration 202612062000 filled earlier entries
 * the same way.
 */
function defaultRegion(actorId: string, target: string | null): SQL {
  const home = (username: string | null) =>
    sql`(select r.code, r.path from app_user u join region r on r.code = u.region_code where u.username = ${username})`;
  return sql`(select case when t.path is not null and (a.path is null or t.path like a.path || '%') then t.code else a.code end
    from (select 1) one left join ${home(userOf(actorId))} a on true left join ${home(userOf(target))} t on true)`;
}

/** Runs `work` and its audit entry in one transaction. */
export async function audited<T>(
  db: Db,
  actor: Pick<Actor, 'id' | 'ip'>,
  work: (tx: Db) => Promise<{ result: T; audit: AuditEntry }>,
): Promise<T> {
  return db.transaction(async (t) => {
    const tx = t as Db;
    const { result, audit } = await work(tx);
    await appendAudit(tx, actor, audit);
    return result;
  });
}

/**
 * Audits a request that takes data out (an export, a download) and changes nothing else: the entry
 * gets its own transaction. Record who (the actor), what (target and filter) and how many rows.
 */
export async function auditExport(db: Db, actor: Pick<Actor, 'id' | 'ip'>, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => {
    await appendAudit(tx as Db, actor, entry);
  });
}

export interface AuditRow extends AuditFields {
  prevHash: string;
  hash: string;
}

const COLUMNS = sql`seq, ${isoTime(sql`at`)} as at, actor, action, target, ip, before, after, prev_hash as "prevHash", hash`;

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  beforeSeq?: number;
}

/** The whole log, or the entries about the regions under one region path. */
export type AuditReadScope = { all: true } | { under: string };

/**
 * Who reads which entries: a caller who sees every region, or whose home region is a county or
 * above (or who has no home region: county-level accounts, which a town cannot create or manage),
 * reads the whole log; a caller whose home region is a town (or a village) reads the entries about
 * that region and below — a town administrator or auditor reads what happened in the town, not in
 * the neighbouring one, nor the county's own entries. The data scope does not widen this (the
 * built-in auditor role reads the log with an own-rows data scope).
 */
export async function auditReadScope(db: Db, actor: Actor): Promise<AuditReadScope> {
  if (actor.scope.all) return { all: true };
  if (actor.userId === undefined) return { under: '/nowhere/' };
  const home = await one<{ path: string | null; code: string | null }>(
    db,
    sql`select r.path, u.region_code as code from app_user u left join region r on r.code = u.region_code where u.id = ${actor.userId}`,
  );
  if (!home) return { under: '/nowhere/' };
  if (home.code === null) return { all: true };
  if (!home.path) return { under: '/nowhere/' };
  return home.path.split('/').filter(Boolean).length <= 3 ? { all: true } : { under: home.path };
}

/** `scope`: whose entries may be read (auditReadScope); `filter`: what the reader asked for. */
function auditWhere(scope: AuditReadScope, filter: AuditFilter): SQL {
  const c = [sql`true`];
  if ('under' in scope) {
    const like = scope.under.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
    c.push(sql`region_code in (select code from region where path like ${like})`);
  }
  // an auditor types a user name; a full reference (`cli:root`) is matched as it is
  if (filter.actor) c.push(sql`(actor = ${filter.actor} or actor = ${'user:' + filter.actor})`);
  if (filter.from) c.push(sql`at >= ${shanghaiDay(filter.from).start}::timestamptz`);
  if (filter.to) c.push(sql`at < ${shanghaiDay(filter.to).end}::timestamptz`);
  if (filter.action) c.push(sql`action like ${filter.action + '%'}`);
  if (filter.beforeSeq) c.push(sql`seq < ${filter.beforeSeq}`);
  return sql.join(c, sql` and `);
}

export async function listAudit(
  db: Db,
  scope: AuditReadScope,
  filter: AuditFilter & { limit: number; offset?: number },
): Promise<AuditRow[]> {
  return rows<AuditRow>(
    db,
    sql`select ${COLUMNS} from audit_log where ${auditWhere(scope, filter)} order by seq desc limit ${filter.limit} offset ${filter.offset ?? 0}`,
  );
}

/** Newest first, one page and the number of entries the filter matches. */
export interface NamedAuditRow extends AuditRow {
  /** the display name of a user actor (`user:demo` → 演示用户); null for other actors */
  actorName: string | null;
  /** the name of the target in both languages when it is a catalogue row; null otherwise */
  targetName: Name | null;
}

/** Newest first, one page and the number of entries the filter matches; actors and targets named. */
export async function auditPage(db: Db, scope: AuditReadScope, filter: AuditFilter, p: PageQuery): Promise<Page<NamedAuditRow>> {
  const page = await readPage(
    p,
    (w) => listAudit(db, scope, { ...filter, ...w }),
    async () => (await one<{ n: number }>(db, sql`select count(*)::int as n from audit_log where ${auditWhere(scope, filter)}`))!.n,
  );
  const names = await namesOf(
    db,
    page.items.flatMap((e) => [e.actor, e.target]),
  );
  return {
    ...page,
    items: page.items.map((e) => ({
      ...e,
      actorName: e.actor.startsWith('user:') ? (names.get(e.actor)?.zh ?? null) : null,
      targetName: e.target ? (names.get(e.target) ?? null) : null,
    })),
  };
}

export interface AuditProblem {
  seq: number;
  problem: 'edited' | 'deleted' | 'reordered' | 'broken_link';
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  count: number;
  head: string;
  problems: AuditProblem[];
}

/** Recomputes the whole chain in seq order and names every row where it breaks. */
export async function verifyAudit(db: Db, onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
  const total = (await one<{ n: number }>(db, sql`select count(*)::int as n from audit_log`))!.n;
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  let after = 0;
  const seen = new Map<string, number>();
  for (;;) {
    const page = await rows<AuditRow>(db, sql`select ${COLUMNS} from audit_log where seq > ${after} order by seq limit 5000`);
    if (page.length === 0) break;
    for (const row of page) {
      count++;
      if (row.seq !== expectedSeq) {
        problems.push({ seq: row.seq, problem: 'deleted', detail: `rows ${expectedSeq}–${row.seq - 1} are missing` });
      }
      seen.set(row.hash, row.seq);
      if (row.prevHash !== prevHash) {
        const linkedTo = seen.get(row.prevHash);
        problems.push(
          linkedTo !== undefined && linkedTo !== row.seq - 1
            ? { seq: row.seq, problem: 'reordered', detail: `links to row ${linkedTo}, not to the row before it` }
            : { seq: row.seq, problem: 'broken_link', detail: 'previous-hash does not match the row before it' },
        );
      }
      if (chainHash(row.prevHash, row) !== row.hash) {
        problems.push({ seq: row.seq, problem: 'edited', detail: 'content does not match its hash' });
      }
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
    }
    after = page[page.length - 1].seq;
    onProgress?.(count, total);
  }
  return { ok: problems.length === 0, count, head: prevHash, problems };
}

/** The actions on record, for the audit filter (an auditor picks a labelled action, never types a code). */
export async function auditActions(db: Db, scope: AuditReadScope): Promise<string[]> {
  return (
    await rows<{ action: string }>(db, sql`select distinct action from audit_log where ${auditWhere(scope, {})} order by action`)
  ).map((r) => r.action);
}
