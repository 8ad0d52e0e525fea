/** The 生态 (air quality) helpers' error codes and their EngineError subclass (see ../errors.ts). */
import { EngineError, type EngineErrorDetails } from '../errors.js';

export type EcologyErrorCode = 'INVALID_ARGUMENT' | 'LENGTH_MISMATCH' | 'UNKNOWN_POLLUTANT' | 'BAD_HOURS';

/** An EngineError of the 生态 helpers. */
export class EcologyError extends EngineError<EcologyErrorCode> {}

export function fail(code: EcologyErrorCode, zh: string, en: string, details?: EngineErrorDetails): never {
  throw new EcologyError(code, zh, en, details);
}
