/**
 * Typed errors for the assessment engine.
 *
 * Every failure the engine reports on purpose is an `AssessError` with a stable machine-readable
 * `code` (never translated, safe to switch on), a Chinese message `zh`, an English message `en`,
 * and optional structured `details` (row/column of a bad cell, the offending ids, …).
 * `message` is "en / zh" so plain logs are readable in both languages.
 */

export type AssessErrorCode =
  | 'SCHEME_INVALID'
  | 'SCHEME_VERSION'
  | 'SCHEME_CYCLE'
  | 'SCHEME_DUPLICATE_ID'
  | 'SCHEME_UNKNOWN_NODE'
  | 'SCHEME_UNKNOWN_INDICATOR'
  | 'SCHEME_UNREACHABLE'
  | 'SCHEME_MULTIPLE_PARENTS'
  | 'WEIGHTS_NOT_SUMMING'
  | 'WEIGHTS_INVALID'
  | 'AHP_INCONSISTENT'
  | 'AHP_MATRIX_INVALID'
  | 'DATA_LENGTH_MISMATCH'
  | 'DATA_MISSING_COLUMN'
  | 'DATA_MISSING_ATTRIBUTE'
  | 'DATA_DUPLICATE_UNIT'
  | 'DATA_NON_NUMERIC'
  | 'DATA_EMPTY'
  | 'ALL_MISSING'
  | 'ZERO_VARIANCE'
  | 'ZERO_RANGE'
  | 'NON_POSITIVE_VALUES'
  | 'NEGATIVE_VALUES'
  | 'TOO_FEW_VALUES'
  | 'UNKNOWN_UNIT'
  | 'INVALID_ARGUMENT';

export interface AssessErrorDetails {
  [key: string]: unknown;
}

export class AssessError extends Error {
  readonly code: AssessErrorCode;
  readonly zh: string;
  readonly en: string;
  readonly details: AssessErrorDetails;

  constructor(code: AssessErrorCode, zh: string, en: string, details: AssessErrorDetails = {}) {
    super(`${en} / ${zh}`);
    this.name = 'AssessError';
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }
}

/** Shorthand used across the engine. */
export function fail(code: AssessErrorCode, zh: string, en: string, details?: AssessErrorDetails): never {
  throw new AssessError(code, zh, en, details);
}

export function isAssessError(e: unknown): e is AssessError {
  return e instanceof AssessError;
}

/** A non-fatal note (e.g. "log transform applied to X"), bilingual like errors. */
export interface AssessWarning {
  code: string;
  zh: string;
  en: string;
  details?: AssessErrorDetails;
}
