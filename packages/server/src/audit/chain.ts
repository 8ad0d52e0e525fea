/**
 * The audit hash chain: hash_n = SHA-256(hash_{n-1} ‖ canonical JSON of entry n), with hash_0 =
 * 64 zeros. Canonical JSON sorts object keys recursively, so jsonb's own key order never matters.
 * Editing any field, deleting a row, or swapping two rows breaks the chain from that row on.
 */
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, entry: AuditFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJson({
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        ip: entry.ip,
        before: entry.before ?? null,
        after: entry.after ?? null,
      }),
    )
    .digest('hex');
}
