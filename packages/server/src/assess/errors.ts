/** Engine errors (AssessError: code, zh, en, details) leave the server as AppError with the same code. */
import { isAssessError } from '@gongfu/engine/assess';
import { fromEngineError } from '../errors.js';

const SCHEME_CODES = new Set([
  'SCHEME_INVALID',
  'SCHEME_VERSION',
  'SCHEME_CYCLE',
  'SCHEME_DUPLICATE_ID',
  'SCHEME_UNKNOWN_NODE',
  'SCHEME_UNKNOWN_INDICATOR',
  'SCHEME_UNREACHABLE',
  'SCHEME_MULTIPLE_PARENTS',
  'WEIGHTS_NOT_SUMMING',
  'WEIGHTS_INVALID',
  'AHP_INCONSISTENT',
  'AHP_MATRIX_INVALID',
  'INVALID_ARGUMENT',
]);

/** 400 for a scheme the engine refuses, 422 for data it cannot assess, 404 for an unknown unit. */
export function fromAssessError(e: unknown): unknown {
  if (!isAssessError(e)) return e;
  return fromEngineError(e, e.code === 'UNKNOWN_UNIT' ? 404 : SCHEME_CODES.has(e.code) ? 400 : 422);
}

/** Runs engine code and rethrows its errors as AppError. */
export function engine<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    throw fromAssessError(e);
  }
}
