/** The accessibility engine's error codes and its EngineError subclass (see ../errors.ts). */
import { EngineError } from '../errors.js';

export type AccessErrorCode =
  | 'PBF_TRUNCATED'
  | 'PBF_CORRUPT'
  | 'PBF_UNSUPPORTED'
  | 'NOT_OSM'
  | 'XML_MALFORMED'
  | 'EMPTY_NETWORK'
  | 'INVALID_COORDINATES'
  | 'UNKNOWN_CATEGORY'
  | 'INVALID_INPUT'
  | 'INVALID_PRESET'
  | 'UNKNOWN_LEVEL'
  | 'MODE_MISMATCH';

/** An EngineError of the accessibility engine. */
export class AccessError extends EngineError<AccessErrorCode> {}

export function isAccessError(e: unknown): e is AccessError {
  return e instanceof AccessError;
}
