/** Test users and logged-in HTTP clients for app.inject, with the session cookie and CSRF header. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { systemActor } from '../src/auth/actor.js';
import { hashPassword } from '../src/auth/passwords.js';
import { findUser, setPasswordHash } from '../src/auth/repository.js';
import { createUser } from '../src/auth/service.js';
import type { Db } from '../src/db/store.js';

export const PASSWORD = 'Correct-Horse-9';

/** A user with a known password that need not be changed. */
export async function makeUser(db: Db, username: string, roles: string[], regionCode: string | null = null): Promise<number> {
  const { id } = await createUser(db, systemActor('test'), { username, displayName: username, roles, regionCode });
  await setPasswordHash(db, id, await hashPassword(PASSWORD), false);
  return id;
}

export interface Client {
  csrf: string;
  cookie: string;
  request(method: InjectOptions['method'], url: string, options?: Omit<InjectOptions, 'method' | 'url'>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
}

export function cookieFrom(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const first = (Array.isArray(set) ? set : [set ?? '']).find((c) => c.startsWith('gongfu_session='));
  return first ? first.split(';')[0] : '';
}

export async function signIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
  const cookie = cookieFrom(res);
  const csrf = res.json().csrfToken as string;
  const client: Client = {
    csrf,
    cookie,
    request: (method, url, options = {}) =>
      app.inject({ ...options, method, url, headers: { cookie, 'x-csrf-token': csrf, ...(options.headers ?? {}) } } as InjectOptions),
    get: (url) => client.request('GET', url),
  };
  return client;
}

export async function userId(db: Db, username: string): Promise<number> {
  return (await findUser(db, { username }))!.id;
}
