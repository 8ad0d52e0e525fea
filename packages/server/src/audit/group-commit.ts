/**
 * Group commit of audited writes. Every audited transaction takes the audit chain's lock
 * (service.ts) and holds it until it commits, so on a durable PostgreSQL concurrent writers
 * queue behind one another's commit (WAL flush): one commit at a time, whatever the number of
 * clients. `auditedGrouped` is `audited` for short, independent writes arriving concurrently
 * (case intake): the writes that arrive while one batch commits wait for it and then go together
 * into one transaction, each in its own savepoint, the chain's lock taken once, and one commit.
 *
 * The guarantees are those of `audited`: a write and its audit row commit or roll back together
 * (the savepoint holds both); the chain stays linear and gap-free (the rows of a batch are appended
 * under the lock in one transaction, seq after seq); nobody is told "done" before the commit (every
 * caller's promise settles after it). A write that throws rolls back its savepoint only and its
 * caller gets the error; a failed commit rejects every caller of the batch.
 * Same idea as PostgreSQL's own commit_delay group commit, one level up (Gray & Reuter,
 * Transaction Processing, §9.4.7 "group commit").
 */
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { appendAudit, auditContext, lockAuditChain, type AuditEntry } from './service.js';

interface Job {
  actor: Pick<Actor, 'id' | 'ip'>;
  work: (tx: Db) => Promise<{ result: unknown; audit: AuditEntry }>;
  record: (action: string) => void;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** Most writes in one batch, so one batch's commit stays short. */
export const MAX_BATCH = 256;

interface Queue {
  pending: Job[];
  running: boolean;
}

const queues = new WeakMap<Db, Queue>();

/** Counts batches and writes (for the bench and tests). */
export const groupCommitStats = { batches: 0, writes: 0 };

export function auditedGrouped<T>(
  db: Db,
  actor: Pick<Actor, 'id' | 'ip'>,
  work: (tx: Db) => Promise<{ result: T; audit: AuditEntry }>,
): Promise<T> {
  let q = queues.get(db);
  if (!q) queues.set(db, (q = { pending: [], running: false }));
  const queue = q;
  return new Promise<T>((resolve, reject) => {
    queue.pending.push({ actor, work, record: auditContext.capture(), resolve: resolve as (v: unknown) => void, reject });
    if (!queue.running) {
      queue.running = true;
      // the writes of this tick join the first batch
      auditContext.detached(() => setImmediate(() => void drain(db, queue)));
    }
  });
}

async function drain(db: Db, q: Queue): Promise<void> {
  while (q.pending.length > 0) {
    const batch = q.pending.splice(0, MAX_BATCH);
    await commitBatch(db, batch);
  }
  q.running = false;
}

async function commitBatch(db: Db, batch: Job[]): Promise<void> {
  const outcomes: ({ ok: true; result: unknown; action: string } | { ok: false; error: unknown })[] = [];
  try {
    await db.transaction(async (t) => {
      const tx = t as Db;
      await lockAuditChain(tx);
      for (const job of batch) {
        try {
          const out = await tx.transaction(async (sp) => {
            const { result, audit } = await job.work(sp as Db);
            await appendAudit(sp as Db, job.actor, audit);
            return { result, action: audit.action };
          });
          outcomes.push({ ok: true, ...out });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  } catch (error) {
    for (const job of batch) job.reject(error);
    return;
  }
  groupCommitStats.batches++;
  groupCommitStats.writes += batch.length;
  batch.forEach((job, i) => {
    const o = outcomes[i]!;
    if (o.ok) {
      job.record(o.action);
      job.resolve(o.result);
    } else job.reject(o.error);
  });
}
