/** The working-time calendar's error codes and their EngineError subclass (see ../errors.ts). */
import { EngineError, type EngineErrorDetails } from '../errors.js';

export type CalendarErrorCode = 'INVALID_ARGUMENT' | 'NO_WORKING_TIME';

/** An EngineError of the working-time calendar. */
export class CalendarError extends EngineError<CalendarErrorCode> {}

export function fail(code: CalendarErrorCode, zh: string, en: string, details?: EngineErrorDetails): never {
  throw new CalendarError(code, zh, en, details);
}
