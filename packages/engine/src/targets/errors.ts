/** The 挂图作战 (targets) helpers' error codes and their EngineError subclass (see ../errors.ts). */
import { EngineError, type EngineErrorDetails } from '../errors.js';

export type TargetsErrorCode = 'INVALID_ARGUMENT' | 'NOT_ENOUGH_HISTORY';

/** An EngineError of the targets helpers. */
export class TargetsError extends EngineError<TargetsErrorCode> {}

export function fail(code: TargetsErrorCode, zh: string, en: string, details?: EngineErrorDetails): never {
  throw new TargetsError(code, zh, en, details);
}

/** A month number 1…12, else INVALID_ARGUMENT. */
export function checkMonth(month: number, field = 'month'): void {
  if (!Number.isInteger(month) || month < 1 || month > 12)
    fail('INVALID_ARGUMENT', `月份须为 1–12 的整数（${field}）`, `${field} must be an integer 1–12`, { field, month });
}
