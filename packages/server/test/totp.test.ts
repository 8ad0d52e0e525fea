import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import type { Db } from '../src/db/store.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, PASSWORD, signIn } from './session.js';
import { expectAudited } from './audit-helpers.js';
import { acceptTotp, base32Decode, base32Encode, hotp, otpauthUri, stepAt } from '../src/auth/totp.js';

// RFC 6238 Appendix B (SHA-1, 8 digits) and RFC 4226 Appendix D (HOTP, 6 digits)
const RFC_SECRET = Buffer.from('12345678901234567890');

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [t, code] of vectors) expect(hotp(RFC_SECRET, stepAt(t), 8), `T=${t}`).toBe(code);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((c) => hotp(RFC_SECRET, c))).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]);
  });

  it('base32 round-trips (RFC 4648 vectors)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar');
  });

  it('accepts a code one step early or late, never twice, and nothing else', () => {
    const secret = base32Encode(RFC_SECRET);
    const t = 1111111111;
    const code = hotp(RFC_SECRET, stepAt(t));
    expect(acceptTotp(secret, code, t, null)).toBe(stepAt(t));
    expect(acceptTotp(secret, code, t + 30, null)).toBe(stepAt(t));
    expect(acceptTotp(secret, code, t + 60, null)).toBeUndefined();
    expect(acceptTotp(secret, code, t, stepAt(t))).toBeUndefined(); // replay
    expect(acceptTotp(secret, '000000', t, null)).toBeUndefined();
    expect(acceptTotp(secret, '12345', t, null)).toBeUndefined();
  });

  it('writes the enrolment URI apps scan', () => {
    expect(otpauthUri('共富 Gongfu', 'admin', 'ABC')).toBe(
      'otpauth://totp/%E5%85%B1%E5%AF%8C%20Gongfu%3Aadmin?secret=ABC&issuer=%E5%85%B1%E5%AF%8C%20Gongfu&algorithm=SHA1&digits=6&period=30',
    );
  });
});

// ---------------------------------------------------------------- through the real app

let t: TestDb;
let db: Db;
let app: FastifyInstance;
let strict: FastifyInstance;
const codeNow = (secret: string, offsetSteps = 0) => hotp(base32Decode(secret), stepAt(Date.now() / 1000) + offsetSteps);
const login = (a: FastifyInstance, username: string, totp?: string) =>
  a.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD, ...(totp ? { totp } : {}) } });

beforeAll(async () => {
  t = await testDb();
  db = t.store.db;
  app = await buildApp({ store: t.store, config: testConfig() });
  strict = await buildApp({ store: t.store, config: testConfig({ secondFactorForAdmins: 'required' }) });
  await makeUser(db, 'officer', ['town_officer'], null);
  await makeUser(db, 'boss', ['admin'], null);
});
afterAll(async () => {
  await app?.close();
  await strict?.close();
  await t?.dispose();
});

describe('second factor at login', () => {
  it('is set up with a first code, then required at every login, each code once', async () => {
    const c = await signIn(app, 'officer');
    const setup = await c.request('POST', '/api/v1/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, uri } = setup.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*officer\?secret=/);
    expect((await c.request('POST', '/api/v1/auth/totp/confirm', { payload: { code: '000000' } })).json().error.code).toBe('TOTP_INVALID');
    const first = codeNow(secret);
    expect((await c.request('POST', '/api/v1/auth/totp/confirm', { payload: { code: first } })).statusCode).toBe(200);
    await expectAudited(db, { action: 'auth.totp_enable', actor: 'user:officer' });

    expect((await login(app, 'officer')).json().error.code).toBe('TOTP_REQUIRED');
    expect((await login(app, 'officer', '123456')).json().error.code).toBe('LOGIN_FAILED');
    expect((await login(app, 'officer', first)).json().error.code).toBe('LOGIN_FAILED'); // used for enrolment
    const next = codeNow(secret, 1);
    expect((await login(app, 'officer', next)).statusCode).toBe(200);
    expect((await login(app, 'officer', next)).json().error.code).toBe('LOGIN_FAILED'); // replay
  });

  it('is required of administrators when configured: nothing but enrolment until it is on', async () => {
    const res = await login(strict, 'boss');
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const headers = { cookie, 'x-csrf-token': res.json().csrfToken };
    expect((await strict.inject({ method: 'GET', url: '/api/v1/users', headers })).json().error.code).toBe('SECOND_FACTOR_REQUIRED');
    const setup = await strict.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers });
    const code = codeNow(setup.json().secret);
    expect((await strict.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers, payload: { code } })).statusCode).toBe(200);
    expect((await strict.inject({ method: 'GET', url: '/api/v1/users', headers })).statusCode).toBe(200);
    // a town officer is not an administrator: no factor demanded
    await db.execute(sql`update app_user set totp_enabled = false where username = 'officer'`);
    const officer = await login(strict, 'officer');
    expect(officer.statusCode).toBe(200);
  });

  it('cannot be turned off when it is not on: a refusal, not a silent success without an audit row (500 AUDIT_MISSING)', async () => {
    await makeUser(db, 'plain', ['town_officer'], null);
    const c = await signIn(app, 'plain');
    const res = await c.request('POST', '/api/v1/auth/totp/disable', { payload: { password: PASSWORD, code: '123456' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TOTP_NOT_ENABLED');
  });
});
