/**
 * Engine errors (AccessError) as application errors: the engine's stable code and its Chinese and
 * English messages pass through unchanged; the HTTP status says whose fault it is (422 for the
 * content of an uploaded file, 400 for request parameters such as a preset or level).
 */
import { isAccessError, type AccessError } from '@gongfu/engine/circles';
import { fromEngineError, type AppError } from '../errors.js';

const PARAMETER_CODES = new Set(['INVALID_PRESET', 'UNKNOWN_LEVEL', 'MODE_MISMATCH']);

export function fromAccessError(e: AccessError, extraDetails: Record<string, unknown> = {}): AppError {
  return fromEngineError(e, PARAMETER_CODES.has(e.code) ? 400 : 422, extraDetails);
}

/** Runs `fn`, turning an AccessError into an AppError. */
export async function engine<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAccessError(e)) throw fromAccessError(e);
    throw e;
  }
}
