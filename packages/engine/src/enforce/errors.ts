/** 大综合一体化执法 error codes and their EngineError subclass (see ../errors.ts). */
import { EngineError, type EngineErrorDetails } from '../errors.js';

export type EnforceErrorCode = 'NOT_ENOUGH_INSPECTORS' | 'BAD_DRAW_RULES' | 'BAD_DATE' | 'BAD_TRANSITION';

/** An EngineError of the enforcement module. */
export class EnforceError extends EngineError<EnforceErrorCode> {}

export function fail(code: EnforceErrorCode, zh: string, en: string, details?: EngineErrorDetails): never {
  throw new EnforceError(code, zh, en, details);
}
