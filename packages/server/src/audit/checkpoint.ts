/**
 * Anchoring the audit chain outside the database. The hash chain (chain.ts) shows an edited row,
 * but whoever owns the database can also truncate the table, delete its tail, or rewrite a row and
 * recompute every later hash with the public algorithm. A checkpoint — (seq, head hash, time),
 * signed with an Ed25519 key that the database does not hold, appended where the operator chooses
 * (a file, syslog, an HTTPS endpoint) — makes each of these visible: `gongfu audit verify` checks
 * that the row at the latest checkpoint's seq still exists and still has that hash.
 *
 * What stays possible, and is said in docs/security.md: deleting rows written after the latest
 * checkpoint (the interval bounds that window), and anything done by someone who holds the key and
 * every copy of the checkpoints.
 */
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { one, type Db } from '../db/store.js';

export interface Checkpoint {
  v: 1;
  seq: number;
  hash: string;
  /** ISO time of signing */
  at: string;
  /** first 16 hex digits of SHA-256 of the public key (DER) */
  keyId: string;
  /** base64 Ed25519 signature of `signedText` */
  sig: string;
}

export interface CheckpointProblem {
  problem: 'truncated' | 'rewritten' | 'checkpoint_signature' | 'checkpoint_key';
  seq: number;
  detail: string;
}

/** A new signing key pair (PEM): the private key stays with the operator, outside the data folder. */
export function generateAuditKey(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function loadPrivateKey(file: string): KeyObject {
  try {
    return createPrivateKey(fs.readFileSync(file));
  } catch (err) {
    throw new AppError('AUDIT_KEY_INVALID', 500, {
      zh: `无法读取审计签名私钥 ${file}：${(err as Error).message}`,
      en: `Cannot read the audit signing key ${file}: ${(err as Error).message}`,
    });
  }
}

/** The public key to verify with: from a public-key PEM, or derived from the private key file. */
export function loadPublicKey(file: string): KeyObject {
  const pem = fs.readFileSync(file);
  try {
    return createPublicKey(pem);
  } catch {
    return createPublicKey(loadPrivateKey(file));
  }
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

const signedText = (c: Pick<Checkpoint, 'seq' | 'hash' | 'at'>) => Buffer.from(`gongfu-audit-checkpoint\n${c.seq}\n${c.hash}\n${c.at}`);

export function signCheckpoint(privateKey: KeyObject, head: { seq: number; hash: string }, at = new Date()): Checkpoint {
  const body = { seq: head.seq, hash: head.hash, at: at.toISOString() };
  return { v: 1, ...body, keyId: keyIdOf(createPublicKey(privateKey)), sig: sign(null, signedText(body), privateKey).toString('base64') };
}

export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, signedText(c), publicKey, Buffer.from(c.sig, 'base64'));
  } catch {
    return false;
  }
}

export async function auditHead(db: Db): Promise<{ seq: number; hash: string }> {
  const last = await one<{ seq: number; hash: string }>(db, sql`select seq, hash from audit_log order by seq desc limit 1`);
  return last ?? { seq: 0, hash: '0'.repeat(64) };
}

// ---------------------------------------------------------------- sinks

/**
 * Where checkpoints go, from GONGFU_AUDIT_CHECKPOINTS (comma-separated): `file:/path` appends a
 * JSON line and syncs it; `syslog` hands the line to the system logger (`logger -t gongfu-audit`);
 * `https://…` (or `http://` on loopback) POSTs the JSON.
 */
export type Sink = { kind: 'file'; path: string } | { kind: 'syslog' } | { kind: 'http'; url: string };

export function parseSinks(spec: string | undefined): Sink[] {
  if (!spec) return [];
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s): Sink => {
      if (s.startsWith('file:')) return { kind: 'file', path: s.slice(5) };
      if (s === 'syslog') return { kind: 'syslog' };
      if (/^https?:\/\//.test(s)) return { kind: 'http', url: s };
      throw new AppError('AUDIT_SINK_INVALID', 500, {
        zh: `无法识别的审计检查点去向：${s}（应为 file:/路径、syslog 或 https://…）`,
        en: `Unknown audit checkpoint destination: ${s} (use file:/path, syslog or https://…)`,
      });
    });
}

export async function writeToSink(sink: Sink, c: Checkpoint): Promise<void> {
  const line = JSON.stringify(c);
  if (sink.kind === 'file') {
    const fd = fs.openSync(sink.path, 'a', 0o640);
    try {
      fs.writeSync(fd, line + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } else if (sink.kind === 'syslog') {
    await new Promise<void>((resolve, reject) => {
      const p = spawn('logger', ['-t', 'gongfu-audit', '--', line], { stdio: 'ignore' });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`logger exited with ${code}`))));
    });
  } else {
    const res = await fetch(sink.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: line });
    if (!res.ok) throw new Error(`checkpoint endpoint answered ${res.status}`);
  }
}

/** Signs the current head and writes it to every sink; returns the checkpoint. */
export async function writeCheckpoint(db: Db, privateKey: KeyObject, sinks: Sink[]): Promise<Checkpoint> {
  const c = signCheckpoint(privateKey, await auditHead(db));
  for (const s of sinks) await writeToSink(s, c);
  return c;
}

/** The checkpoints in a checkpoint file, oldest first; lines that are not checkpoints are skipped. */
export function readCheckpointFile(file: string): Checkpoint[] {
  if (!fs.existsSync(file)) return [];
  const out: Checkpoint[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const c = JSON.parse(line) as Checkpoint;
      if (c.v === 1 && Number.isInteger(c.seq) && typeof c.hash === 'string') out.push(c);
    } catch {
      /* not a checkpoint line (e.g. a syslog prefix); skipped */
    }
  }
  return out;
}

// ---------------------------------------------------------------- verification

/**
 * Checks the stored chain against a checkpoint: its signature under the operator's public key, and
 * that the row at its seq still exists with its hash (so truncation, tail deletion beyond it and a
 * rewritten-and-rechained history all show). The chain itself is checked by `verifyAudit`.
 */
export async function checkAgainstCheckpoint(db: Db, c: Checkpoint, publicKey: KeyObject): Promise<CheckpointProblem[]> {
  if (c.keyId !== keyIdOf(publicKey)) {
    return [
      {
        problem: 'checkpoint_key',
        seq: c.seq,
        detail: `checkpoint signed with key ${c.keyId}, not with the configured key ${keyIdOf(publicKey)}`,
      },
    ];
  }
  if (!checkpointSignatureValid(c, publicKey)) {
    return [
      {
        problem: 'checkpoint_signature',
        seq: c.seq,
        detail: 'the checkpoint signature is not valid: the checkpoint was forged or altered',
      },
    ];
  }
  if (c.seq === 0) return [];
  const row = await one<{ hash: string }>(db, sql`select hash from audit_log where seq = ${c.seq}`);
  if (!row) {
    const head = await auditHead(db);
    return [
      { problem: 'truncated', seq: c.seq, detail: `checkpoint of ${c.at} covers rows up to ${c.seq}, the log now ends at ${head.seq}` },
    ];
  }
  if (row.hash !== c.hash) {
    return [
      { problem: 'rewritten', seq: c.seq, detail: `row ${c.seq} no longer has the hash signed at ${c.at}: history up to it was rewritten` },
    ];
  }
  return [];
}

/**
 * The server's periodic checkpoint: every `intervalMs`, when the head moved since the last one.
 * Failures are reported, not thrown (an unreachable endpoint must not stop the server), and retried
 * at the next tick. `flush` checkpoints now; `stop` ends the sweep with a last checkpoint.
 */
export function startCheckpointSweep(
  db: Db,
  options: { privateKey: KeyObject; sinks: Sink[]; intervalMs: number; onError?: (err: unknown) => void },
): { flush(): Promise<void>; stop(): Promise<void> } {
  let lastHash: string | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        const head = await auditHead(db);
        if (head.hash === lastHash) return;
        const c = signCheckpoint(options.privateKey, head);
        for (const s of options.sinks) await writeToSink(s, c);
        lastHash = head.hash;
      } catch (err) {
        options.onError?.(err);
      }
    });
    return running;
  };
  void tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    flush: tick,
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
}
