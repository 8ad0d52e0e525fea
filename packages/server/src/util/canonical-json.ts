/**
 * Canonical JSON and SHA-256 for stored hashes: object keys sorted recursively (UTF-16 code unit
 * order), so the text depends on the content only, never on the key order jsonb or a driver
 * returns. Two variants exist because two stored hashes were first written with different
 * handling of `undefined` object members; each must keep producing the same bytes forever
 * (pinned in test/canonical-json.test.ts):
 * - `canonicalJsonOmittingUndefined`: members whose value is undefined are left out (audit chain);
 * - `canonicalJsonUndefinedAsNull`: such members are written as null (assessment run digests).
 * Everywhere else undefined is written as null (top level and array items), like JSON.stringify in arrays.
 */
import { createHash } from 'node:crypto';

type UndefinedMembers = 'omit' | 'null';

function canonical(value: unknown, members: UndefinedMembers): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, members)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => members === 'null' || v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, members)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Canonical JSON leaving out object members whose value is undefined: the audit chain's entries. */
export const canonicalJsonOmittingUndefined = (value: unknown): string => canonical(value, 'omit');

/** Canonical JSON writing object members whose value is undefined as null: assessment run input digests. */
export const canonicalJsonUndefinedAsNull = (value: unknown): string => canonical(value, 'null');

/** Lower-case hex SHA-256 of a text's UTF-8 bytes. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
