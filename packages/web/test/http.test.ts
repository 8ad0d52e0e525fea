import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, errorText, fileNameFrom, getJson, httpHooks, postJson, queryString, request, setCsrfToken } from '../src/api/http';
import { auth } from '../src/composables/useAuth';

type Call = { url: string; init: RequestInit };
let calls: Call[];
let responses: Response[];

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const apiError = (status: number, code: string, zh: string, en: string, details?: unknown) =>
  json(status, { error: { code, message: { zh, en }, details } });

beforeEach(() => {
  calls = [];
  responses = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return responses.shift() ?? json(200, {});
  });
  setCsrfToken(null);
  httpHooks.unauthorized = undefined;
  httpHooks.passwordChangeRequired = undefined;
});
afterEach(() => vi.unstubAllGlobals());

const headers = (c: Call) => c.init.headers as Record<string, string>;

describe('http client', () => {
  it('sends the session cookie always and the CSRF token on unsafe methods only', async () => {
    setCsrfToken('tok-1');
    await getJson('/regions', { parent: '330603000000', level: undefined, q: '' });
    await postJson('/auth/logout', { everywhere: true });
    expect(calls[0].url).toBe('/api/v1/regions?parent=330603000000');
    expect(calls[0].init.credentials).toBe('include');
    expect(headers(calls[0])['x-csrf-token']).toBeUndefined();
    expect(calls[1].init.method).toBe('POST');
    expect(calls[1].init.credentials).toBe('include');
    expect(headers(calls[1])['x-csrf-token']).toBe('tok-1');
    expect(calls[1].init.body).toBe('{"everywhere":true}');
  });

  it('sends multipart bodies without a content type of its own (the browser sets the boundary)', async () => {
    setCsrfToken('tok-2');
    const form = new FormData();
    form.append('file', new Blob(['a,b']), 'x.csv');
    await request('POST', '/imports', { form, params: { dryRun: 'true' } });
    expect(calls[0].url).toBe('/api/v1/imports?dryRun=true');
    expect(headers(calls[0])['content-type']).toBeUndefined();
    expect(headers(calls[0])['x-csrf-token']).toBe('tok-2');
  });

  it('turns error bodies into ApiError and calls the 401 and password-change hooks', async () => {
    const seen: string[] = [];
    httpHooks.unauthorized = (e) => seen.push(`401:${e.code}`);
    httpHooks.passwordChangeRequired = (e) => seen.push(`pw:${e.code}`);
    responses.push(apiError(401, 'SESSION_EXPIRED', '会话已超时', 'Session expired'));
    await expect(getJson('/observations')).rejects.toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
    responses.push(apiError(403, 'PASSWORD_CHANGE_REQUIRED', '须先修改密码', 'Change your password'));
    await expect(getJson('/observations')).rejects.toBeInstanceOf(ApiError);
    responses.push(apiError(403, 'FORBIDDEN', '没有权限', 'Not allowed'));
    await expect(getJson('/users')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // quiet requests (the login itself) never redirect
    responses.push(apiError(401, 'LOGIN_FAILED', '用户名或密码错误', 'Wrong username or password'));
    await expect(request('POST', '/auth/login', { json: {}, quiet: true })).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
    expect(seen).toEqual(['401:SESSION_EXPIRED', 'pw:PASSWORD_CHANGE_REQUIRED']);
  });

  it('shows error messages in the interface language', async () => {
    responses.push(apiError(422, 'IMPORT_INVALID', '导入文件有 2 处错误', 'The file has 2 problems', { issues: [] }));
    const e = await getJson('/x').catch((x: unknown) => x);
    expect(errorText(e, 'zh-CN')).toBe('导入文件有 2 处错误');
    expect(errorText(e, 'en')).toBe('The file has 2 problems');
    expect(errorText(new Error('boom'), 'en')).toBe('boom');
    // a non-JSON failure still has a message
    responses.push(new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    const gateway = await getJson('/x').catch((x: unknown) => x);
    expect(gateway).toMatchObject({ code: 'HTTP_502' });
  });

  it('reads download file names and builds query strings', () => {
    expect(fileNameFrom('attachment; filename="observations-2025-01-01.csv"', 'x')).toBe('observations-2025-01-01.csv');
    expect(fileNameFrom("attachment; filename*=UTF-8''%E6%A8%A1%E6%9D%BF.xlsx", 'x')).toBe('模板.xlsx');
    expect(fileNameFrom(null, 'fallback.csv')).toBe('fallback.csv');
    expect(queryString({ a: 'x y', b: 0, c: null, d: '' })).toBe('?a=x%20y&b=0');
    expect(queryString({})).toBe('');
  });
});

describe('auth store', () => {
  const me = {
    id: 1,
    username: 'admin',
    displayName: 'A',
    regionCode: null,
    departmentId: null,
    roles: ['admin'],
    permissions: ['data:read'],
    mustChangePassword: false,
    csrfToken: 'csrf-from-login',
  };

  it('keeps the CSRF token from login for later unsafe requests, and forgets it on logout', async () => {
    responses.push(json(200, me));
    await auth.login('admin', 'pw');
    expect(auth.can('data:read')).toBe(true);
    expect(auth.can('user:manage')).toBe(false);
    await postJson('/auth/password', { current: 'a', next: 'b' });
    expect(headers(calls[1])['x-csrf-token']).toBe('csrf-from-login');
    responses.push(json(200, { sessionsEnded: 1 }));
    await auth.logout(true);
    expect(JSON.parse(String(calls[2].init.body))).toEqual({ everywhere: true });
    expect(auth.state.me).toBeNull();
    await postJson('/auth/password', {});
    expect(headers(calls[3])['x-csrf-token']).toBeUndefined();
  });

  it('treats 401 from /auth/me as signed out, without redirect hooks', async () => {
    let redirected = false;
    httpHooks.unauthorized = () => (redirected = true);
    responses.push(apiError(401, 'AUTH_REQUIRED', '请先登录', 'Please log in'));
    expect(await auth.load(true)).toBeNull();
    expect(redirected).toBe(false);
    responses.push(json(200, { ...me, csrfToken: 'csrf-from-me' }));
    expect((await auth.load(true))?.username).toBe('admin');
    expect(await auth.load()).toMatchObject({ username: 'admin' }); // cached
    expect(calls).toHaveLength(2);
  });
});
