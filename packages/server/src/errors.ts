/**
 * Application errors carry a stable machine code, an HTTP status and a message in Chinese and English.
 * Routes never build error bodies themselves: the HTTP layer maps AppError to
 * `{ error: { code, message: { zh, en }, details } }`.
 */
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

export const badRequest = (code: string, messages: Bilingual, details?: unknown) =>
  new AppError(code, 400, messages, details);
