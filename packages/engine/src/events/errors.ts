/** The event closed loop's error codes and their EngineError subclass (see ../errors.ts). */
import { EngineError, type EngineErrorDetails } from '../errors.js';

export type EventsErrorCode = 'UNKNOWN_ACTION' | 'TRANSITION_NOT_ALLOWED' | 'ROLE_NOT_ALLOWED' | 'GUARD_FAILED';

/** An EngineError of the event closed loop. */
export class EventsError extends EngineError<EventsErrorCode> {}

export function fail(code: EventsErrorCode, zh: string, en: string, details?: EngineErrorDetails): never {
  throw new EventsError(code, zh, en, details);
}
