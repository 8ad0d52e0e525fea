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
  await tx.execute(sql`
    insert into audit_log (seq, at, actor, action, target, ip, before, after, prev_hash, hash)
    values (${fields.seq}, ${fields.at}::timestamptz, ${fields.actor}, ${fields.action}, ${fields.target}, ${fields.ip},
            ${fields.before === null ? null : JSON.stringify(fields.before)}::jsonb,
            ${fields.after === null ? null : JSON.stringify(fields.after)}::jsonb, ${prevHash}, ${hash})`);
  requestAudit.getStore()?.push(entry.action);
  return fields.seq;
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

function auditWhere(filter: AuditFilter): SQL {
  const c = [sql`true`];
  // an auditor types a user name; a full reference (`cli:root`) is matched as it is
  if (filter.actor) c.push(sql`(actor = ${filter.actor} or actor = ${'user:' + filter.actor})`);
  if (filter.from) c.push(sql`at >= ${shanghaiDay(filter.from).start}::timestamptz`);
  if (filter.to) c.push(sql`at < ${shanghaiDay(filter.to).end}::timestamptz`);
  if (filter.action) c.push(sql`action like ${filter.action + '%'}`);
  if (filter.beforeSeq) c.push(sql`seq < ${filter.beforeSeq}`);
  return sql.join(c, sql` and `);
}

export async function listAudit(db: Db, filter: AuditFilter & { limit: number; offset?: number }): Promise<AuditRow[]> {
  return rows<AuditRow>(
    db,
    sql`select ${COLUMNS} from audit_log where ${auditWhere(filter)} order by seq desc limit ${filter.limit} offset ${filter.offset ?? 0}`,
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
export async function auditPage(db: Db, filter: AuditFilter, p: PageQuery): Promise<Page<NamedAuditRow>> {
  const page = await readPage(
    p,
    (w) => listAudit(db, { ...filter, ...w }),
    async () => (await one<{ n: number }>(db, sql`select count(*)::int as n from audit_log where ${auditWhere(filter)}`))!.n,
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
export async function auditActions(db: Db): Promise<string[]> {
  return (await rows<{ action: string }>(db, sql`select distinct action from audit_log order by action`)).map((r) => r.action);
}
