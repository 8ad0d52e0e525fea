/**
 * The CLI against a running server, authenticated by a personal API token (GONGFU_SERVER +
 * GONGFU_TOKEN, or --server/--token): the server applies the token owner's permissions and data scope.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@gongfu/server/errors';

export interface Remote {
  server: string;
  token: string;
}

export function remoteFrom(options: { server?: string; token?: string }): Remote | null {
  const server = options.server ?? process.env.GONGFU_SERVER;
  if (!server) return null;
  const token = options.token ?? process.env.GONGFU_TOKEN;
  if (!token) throw new Error('连接服务器需要 API 令牌（--token 或 GONGFU_TOKEN）/ a server needs an API token (--token or GONGFU_TOKEN)');
  return { server: server.replace(/\/$/, ''), token };
}

async function call(remote: Remote, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${remote.server}/api/v1${url}`, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${remote.token}` },
  });
  const warning = res.headers.get('warning');
  if (warning) console.error(`warning: ${warning.replace(/^299 gongfu /, '').replace(/^"|"$/g, '')}`);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code: string; message: { zh: string; en: string }; details?: unknown };
    } | null;
    const e = body?.error;
    throw new AppError(e?.code ?? `HTTP_${res.status}`, res.status, e?.message ?? { zh: res.statusText, en: res.statusText }, e?.details);
  }
  return res;
}

export async function importRemote(
  remote: Remote,
  file: string,
  options: { dryRun?: boolean; status?: string; source?: string; note?: string },
) {
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)]), path.basename(file));
  const query = new URLSearchParams({ dryRun: String(!!options.dryRun) });
  if (options.status) query.set('status', options.status);
  if (options.source) query.set('source', options.source);
  if (options.note) query.set('note', options.note);
  const res = await call(remote, `/imports?${query}`, { method: 'POST', body: form });
  return res.json() as Promise<{
    dryRun: boolean;
    format: 'xlsx' | 'csv';
    encoding: string | null;
    layout: 'wide' | 'long';
    rowCount: number;
    observationCount: number;
    inserted: number;
    revised: number;
    unchanged: number;
    batchId: number | null;
  }>;
}

export async function exportRemote(remote: Remote, out: string, query: Record<string, string | undefined>) {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
  const res = await call(remote, `/exports/observations?${params}`);
  fs.writeFileSync(out, Buffer.from(await res.arrayBuffer()));
}
