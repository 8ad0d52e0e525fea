/** The 乡村共富 helpers' error codes and their EngineError subclass (see ../errors.ts). */
import { EngineError, type EngineErrorDetails } from '../errors.js';

export type RuralErrorCode = 'INVALID_ARGUMENT' | 'UNKNOWN_ITEM' | 'BAD_RULE' | 'BAD_WEIGHTS';

/** An EngineError of the 乡村共富 helpers. */
export class RuralError extends EngineError<RuralErrorCode> {}

export function fail(code: RuralErrorCode, zh: string, en: string, details?: EngineErrorDetails): never {
  throw new RuralError(code, zh, en, details);
}
