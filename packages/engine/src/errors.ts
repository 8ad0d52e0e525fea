/**
 * The one error type of the engine. Every failure the engine reports on purpose is an EngineError
 * with a stable machine-readable `code` (never translated or reworded: the server and CLI switch on
 * it), a Chinese message `zh` for county staff, an English message `en` for developers, and plain
 * JSON `details` locating the problem (row/column of a bad cell, byte offset, offending ids …).
 * `message` is "中文 / English" so plain logs show both. Each module narrows the code to its own
 * list by subclassing (AssessError, AccessError), so a caller can still tell whose error it is.
 */

export interface EngineErrorDetails {
  [key: string]: unknown;
}

export class EngineError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly zh: string;
  readonly en: string;
  readonly details: EngineErrorDetails;

  constructor(code: Code, zh: string, en: string, details: EngineErrorDetails = {}) {
    super(`${zh} / ${en}`);
    this.name = new.target.name;
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
