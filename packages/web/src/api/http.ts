/** fetch wrapper: JSON in and out, server errors surfaced with their stable code and bilingual message. */
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

export async function getJson<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const res = await fetch(`/api/v1${path}${query ? `?${query}` : ''}`, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const e = body?.error;
    throw new ApiError(res.status, e?.code ?? 'HTTP_' + res.status, e?.message ?? { zh: res.statusText, en: res.statusText }, e?.details);
  }
  return body as T;
}
