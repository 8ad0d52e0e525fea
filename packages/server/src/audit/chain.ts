/**
 * The audit hash chain: hash_n = SHA-256(hash_{n-1} ‖ canonical JSON of entry n), with hash_0 =
 * 64 zeros. Canonical JSON (members that are undefined left out) sorts object keys recursively, so
 * jsonb's own key order never matters.
 * Editing any field, deleting a row, or swapping two rows breaks the chain from that row on.
 */
import { createHash } from 'node:crypto';
import { canonicalJsonOmittingUndefined } from '../util/canonical-json.js';

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

export function chainHash(prevHash: string, entry: AuditFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJsonOmittingUndefined({
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
