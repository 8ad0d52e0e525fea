/** The assessment engine's error codes and its EngineError subclass (see ../errors.ts). */
import { EngineError, type EngineErrorDetails } from '../errors.js';

export type AssessErrorCode =
  | 'SCHEME_INVALID'
  | 'META_INVALID'
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
  | 'SCREENED_OUT'
  | 'INVALID_ARGUMENT';

export type AssessErrorDetails = EngineErrorDetails;

/** An EngineError of the assessment engine. */
export class AssessError extends EngineError<AssessErrorCode> {}

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
