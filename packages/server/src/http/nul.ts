/**
 * PostgreSQL text cannot hold the NUL character, so a NUL in a query parameter or a JSON string
 * would reach the database and fail there (a 500). Refused up front instead, with the field path.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const nulRefused = (where: string) =>
  new AppError(
    'NUL_CHARACTER',
    400,
    { zh: `${where} 含有空字符（NUL），已拒绝`, en: `${where} contains a NUL character and is refused` },
    { path: where },
  );

/** The path of the first string containing NUL inside a parsed JSON value, or undefined. */
export function nulPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '/' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nulPath(value[i], `${path}/${i}`);
      if (p) return p;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = nulPath(v, `${path}/${k}`);
      if (p) return p;
    }
  }
  return undefined;
}

export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const q = request.url.indexOf('?');
    if (q >= 0 && (/%00/i.test(request.url.slice(q)) || request.url.includes('\u0000'))) throw nulRefused('query');
  });
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null || Buffer.isBuffer(request.body)) return;
    const p = nulPath(request.body);
    if (p) throw nulRefused(`body ${p}`);
  });
}
