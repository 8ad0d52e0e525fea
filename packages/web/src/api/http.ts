/**
 * fetch wrapper for the Gongfu API: the session cookie goes with every request, the CSRF token on
 * every unsafe one; errors surface with their stable code and bilingual message. What happens on
 * 401 (go to login), PASSWORD_CHANGE_REQUIRED or SECOND_FACTOR_REQUIRED (go to that page) is wired in by the
 * router through `httpHooks`, so this module has no dependency on it.
 */
export interface ErrorMessage {
  zh: string;
  en: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: ErrorMessage,
    readonly details?: unknown,
  ) {
    super(messages.en);
  }
}

export type Params = Record<string, string | number | boolean | undefined | null>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken: string | null = null;

/** The session's CSRF token, from the login or /auth/me response. */
export function setCsrfToken(token: string | null | undefined) {
  csrfToken = token ?? null;
}

export const httpHooks: {
  /** the session is missing or expired */
  unauthorized?: (error: ApiError) => void;
  /** the user still has a one-time password */
  passwordChangeRequired?: (error: ApiError) => void;
  /** an administrator has not yet set up the authenticator app the server requires */
  secondFactorRequired?: (error: ApiError) => void;
} = {};

export function queryString(params: Params = {}): string {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return query ? `?${query}` : '';
}

export const apiUrl = (path: string, params?: Params) => `/api/v1${path}${queryString(params)}`;

export interface RequestOptions {
  params?: Params;
  json?: unknown;
  form?: FormData;
  /** do not run the 401 / password-change hooks (used by the initial /auth/me probe and login) */
  quiet?: boolean;
}

async function toError(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => null);
  const e = body?.error;
  return new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? { zh: res.statusText, en: res.statusText }, e?.details);
}

export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(apiUrl(path, options.params), { method, headers, body, credentials: 'include' });
  if (res.ok) return res;
  const error = await toError(res);
  if (!options.quiet) {
    if (res.status === 401) httpHooks.unauthorized?.(error);
    else if (error.code === 'PASSWORD_CHANGE_REQUIRED') httpHooks.passwordChangeRequired?.(error);
    else if (error.code === 'SECOND_FACTOR_REQUIRED') httpHooks.secondFactorRequired?.(error);
  }
  throw error;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, options);
  return (await res.json()) as T;
}

/** The one uploaded file of a multipart request (the server reads field `file`). */
export function fileForm(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}

export const getJson = <T>(path: string, params: Params = {}) => request<T>('GET', path, { params });
export const postJson = <T>(path: string, json?: unknown, params?: Params) => request<T>('POST', path, { json: json ?? {}, params });
export const putJson = <T>(path: string, json: unknown) => request<T>('PUT', path, { json });
export const patchJson = <T>(path: string, json: unknown) => request<T>('PATCH', path, { json });
export const deleteJson = <T>(path: string) => request<T>('DELETE', path);

/** File name from a Content-Disposition header, or the fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1]);
  const plain = disposition?.match(/filename="?([^";]+)"?/i);
  return plain ? plain[1] : fallback;
}

/** Downloads a file from the API with the session (errors come back as ApiError, not as a saved JSON file). */
export async function download(path: string, params: Params, fallbackName: string): Promise<string> {
  const res = await send('GET', path, { params });
  const name = fileNameFrom(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** The error text in the interface language. */
export function errorText(error: unknown, locale: string): string {
  if (error instanceof ApiError) return locale === 'en' ? error.messages.en : error.messages.zh;
  return error instanceof Error ? error.message : String(error);
}
