/**
 * Application errors carry a stable machine code, an HTTP status and a message in Chinese and English.
 * Routes never build error bodies themselves: the HTTP layer maps AppError to
 * `{ error: { code, message: { zh, en }, details } }`.
 */
import type { EngineError } from '@gongfu/engine';

export interface Bilingual {
  zh: string;
  en: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: Bilingual,
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = 'AppError';
  }
}

export const notFound = (what: Bilingual, key: string) =>
  new AppError('NOT_FOUND', 404, { zh: `${what.zh}不存在：${key}`, en: `${what.en} not found: ${key}` });

export const badRequest = (code: string, messages: Bilingual, details?: unknown) => new AppError(code, 400, messages, details);

/**
 * An engine error as an application error: the engine's stable code, its Chinese and English
 * messages and its details pass through unchanged; the caller's module says whose fault it is (status).
 */
export const fromEngineError = (e: EngineError, status: number, extraDetails: Record<string, unknown> = {}) =>
  new AppError(e.code, status, { zh: e.zh, en: e.en }, { ...e.details, ...extraDetails });
