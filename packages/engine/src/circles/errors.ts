/**
 * Typed errors of the accessibility engine.
 *
 * Every failure a caller can act on is an AccessError with a stable machine-readable `code`
 * (never reworded; the server and CLI switch on it) and a bilingual message: `messageZh` for
 * county staff, `messageEn` for developers. `message` is "中文 / English" so logs show both.
 * `details` carries the offending ids, offsets or values as plain JSON.
 */

export type AccessErrorCode =
  | 'PBF_TRUNCATED'
  | 'PBF_CORRUPT'
  | 'PBF_UNSUPPORTED'
  | 'NOT_OSM'
  | 'XML_MALFORMED'
  | 'EMPTY_NETWORK'
  | 'INVALID_COORDINATES'
  | 'UNKNOWN_CATEGORY'
  | 'INVALID_INPUT'
  | 'INVALID_PRESET'
  | 'UNKNOWN_LEVEL'
  | 'MODE_MISMATCH';

export class AccessError extends Error {
  readonly code: AccessErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: Record<string, unknown>;

  constructor(code: AccessErrorCode, messageZh: string, messageEn: string, details: Record<string, unknown> = {}) {
    super(`${messageZh} / ${messageEn}`);
    this.name = 'AccessError';
    this.code = code;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
    this.details = details;
  }
}

export function isAccessError(e: unknown): e is AccessError {
  return e instanceof AccessError;
}
