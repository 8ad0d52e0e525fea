/** The 亩均效益 helpers' error codes and their EngineError subclass (see ../errors.ts). */
import { EngineError, type EngineErrorDetails } from '../errors.js';

export type MujunErrorCode = 'INVALID_ARGUMENT' | 'CREDIT_CODE_CHARSET' | 'LENGTH_MISMATCH' | 'POLICY_NOT_FOUND';

/** An EngineError of the 亩均效益 helpers. */
export class MujunError extends EngineError<MujunErrorCode> {}

export function fail(code: MujunErrorCode, zh: string, en: string, details?: EngineErrorDetails): never {
  throw new MujunError(code, zh, en, details);
}
