/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the events module: 小类 are
 * services (their 大类 the `group`), cases are service requests (open while in an open state, closed
 * after 结案/评价/不予立案), `expected_datetime` is the stored closing deadline (else the handling one)
 * and `agency_responsible` the unit the case is dispatched to. Public reads carry no reporter data.
 * POST creates a case through the same intake as the API (`channel: api`) with an idempotency key;
 * `api_key` is a personal API token (gongfu user token) of an account holding `events:report`.
 */
import { randomUUID } from 'node:crypto';
import { OPEN_STATES, type EventState } from '@gongfu/engine/events';
import { can } from '../auth/actor.js';
import { authenticateToken } from '../auth/service.js';
import type { Db } from '../db/store.js';
import { AppError, badRequest, notFound } from '../errors.js';
import * as repo from './repository.js';
import { intake } from './service.js';

export const OPEN311_MAX_PAGE_SIZE = 500;
const CLOSED_STATES = ['rejected', 'closed', 'evaluated'] as const satisfies readonly EventState[];

const STATE_NOTES: Record<EventState, string> = {
  reported: '已上报，待受理',
  accepted: '已受理',
  filed: '已立案，待派遣',
  rejected: '不予立案',
  dispatched: '已派遣',
  handling: '处置中',
  feedback: '已反馈，待核查',
  checked: '核查通过，待结案',
  closed: '已结案',
  evaluated: '已结案并评价',
  parked: '挂账',
};

/** An instant as ISO 8601 with the Shanghai offset, e.g. 2026-12-06T09:30:00+08:00. */
export function shanghaiIso(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return d.toISOString().slice(0, 19) + '+08:00';
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export async function services(db: Db): Promise<Open311Service[]> {
  const all = await repo.categoriesUnscoped(db);
  const parents = new Map(all.filter((k) => k.parentCode === null).map((k) => [k.code, k]));
  return all
    .filter((k) => k.parentCode !== null)
    .map((k) => ({
      service_code: k.code,
      service_name: k.nameZh,
      description: `${parents.get(k.parentCode!)?.nameZh ?? ''} · ${k.nameZh}（${k.nameEn}）`,
      metadata: false,
      type: 'realtime' as const,
      keywords: [k.nameZh, k.nameEn].join(','),
      group: parents.get(k.parentCode!)?.nameZh ?? '',
    }));
}

export async function serviceDefinition(db: Db, code: string) {
  const found = (await services(db)).find((s) => s.service_code === code);
  if (!found) throw notFound({ zh: '服务', en: 'service' }, code);
  return { service_code: code, attributes: [] as never[] };
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number | null;
  long: number | null;
  media_url: string;
}

function asRequest(c: repo.PublicCaseRow): Open311Request {
  const open = (OPEN_STATES as readonly string[]).includes(c.state);
  return {
    service_request_id: String(c.id),
    status: open ? 'open' : 'closed',
    status_notes: STATE_NOTES[c.state] ?? '',
    service_name: c.categoryName,
    service_code: c.categoryCode,
    description: c.description,
    agency_responsible: c.unitName ?? '',
    service_notice: '',
    requested_datetime: shanghaiIso(c.reportedAt)!,
    updated_datetime: shanghaiIso(c.updatedAt)!,
    expected_datetime: shanghaiIso(c.expectedAt) ?? '',
    address: c.address,
    address_id: '',
    zipcode: '',
    lat: c.lat,
    long: c.lon,
    media_url: '',
  };
}

export interface RequestsQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  page: number;
  page_size: number;
}

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

/** GET requests: filters of GeoReport v2 (comma-separated lists), newest first, paged by `page` / `page_size`. */
export async function requests(db: Db, q: RequestsQuery) {
  const f: repo.PublicFilter = { categories: list(q.service_code), from: q.start_date, to: q.end_date };
  const ids = list(q.service_request_id);
  if (ids) {
    if (ids.some((i) => !/^\d{1,15}$/.test(i)))
      throw badRequest('OPEN311_BAD_ID', { zh: 'service_request_id 须为数字', en: 'service_request_id must be numeric' });
    f.ids = ids.map(Number);
  }
  const statuses = list(q.status);
  if (statuses) {
    if (statuses.some((s) => s !== 'open' && s !== 'closed'))
      throw badRequest('OPEN311_BAD_STATUS', { zh: 'status 只能为 open 或 closed', en: 'status must be open or closed' });
    const states: EventState[] = [];
    if (statuses.includes('open')) states.push(...OPEN_STATES);
    if (statuses.includes('closed')) states.push(...CLOSED_STATES);
    f.states = states;
  }
  const limit = q.page_size;
  const offset = (q.page - 1) * limit;
  const [items, total] = await Promise.all([repo.publicCasesUnscoped(db, f, { limit, offset }), repo.countPublicCasesUnscoped(db, f)]);
  return { items: items.map(asRequest), total };
}

export async function request(db: Db, id: string) {
  if (!/^\d{1,15}$/.test(id)) throw notFound({ zh: '服务请求', en: 'service request' }, id);
  const [c] = await repo.publicCasesUnscoped(db, { ids: [Number(id)] }, { limit: 1, offset: 0 });
  if (!c) throw notFound({ zh: '服务请求', en: 'service request' }, id);
  return asRequest(c);
}

export async function tokenLookup(db: Db, token: string) {
  const id = /^[A-Za-z0-9._:-]{8,100}$/.test(token) ? await repo.caseIdByKeyUnscoped(db, token) : undefined;
  if (id === undefined) throw notFound({ zh: '令牌', en: 'token' }, token);
  return { service_request_id: String(id), token };
}

export interface PostRequestBody {
  api_key?: string;
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  description?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  idempotency_key?: string;
}

const forbidden = () =>
  new AppError('OPEN311_API_KEY_INVALID', 403, {
    zh: 'api_key 无效、已过期，或其账号无上报权限（events:report）',
    en: 'api_key is invalid or expired, or its account may not report (events:report)',
  });

const coordinate = (v: string | undefined, field: string) => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n))
    throw badRequest('OPEN311_BAD_COORDINATE', { zh: `${field} 须为数字`, en: `${field} must be a number` }, { path: [field] });
  return n;
};

/**
 * POST requests: the case is created synchronously, so the answer carries both the service_request_id
 * and the token. The idempotency key is `o311-<account>-<idempotency_key>` when the client sends one
 * (form field or the Idempotency-Key header: a retry returns the same request), else a fresh one. The
 * place is `address_id` (a 12-digit town or village code) or else the key account's own town/village.
 */
export async function postRequest(db: Db, body: PostRequestBody, clientKey: string | undefined, ip?: string) {
  const auth = body.api_key ? await authenticateToken(db, body.api_key, ip) : undefined;
  if (!auth || !can(auth.actor, 'events:report')) throw forbidden();
  const actor = auth.actor;
  const key = clientKey ?? body.idempotency_key;
  if (key !== undefined && !/^[A-Za-z0-9._:-]{1,80}$/.test(key))
    throw badRequest('OPEN311_BAD_KEY', { zh: 'idempotency_key 须为 1–80 位字母数字', en: 'idempotency_key: 1–80 of A–Z a–z 0–9 . _ : -' });
  if (!body.service_code) throw badRequest('OPEN311_MISSING', { zh: '缺少 service_code', en: 'service_code is required' });
  if (!body.description?.trim()) throw badRequest('OPEN311_MISSING', { zh: '缺少 description', en: 'description is required' });
  let regionCode = body.address_id;
  if (!regionCode) {
    const home = await repo.homeRegionUnscoped(db, actor.userId);
    if (home && ['town', 'village', 'grid'].includes(home.level)) regionCode = home.code;
  }
  if (!regionCode || !/^\d{12}$/.test(regionCode))
    throw badRequest('OPEN311_PLACE', {
      zh: 'address_id 须为镇街或村社区的 12 位区划代码',
      en: 'address_id must be a 12-digit town or village code',
    });
  const phone = (body.phone ?? '').replace(/[^0-9+\- ]/g, '').slice(0, 20);
  const idempotencyKey = key ? `o311-${actor.userId ?? 0}-${key}` : `o311-${randomUUID()}`;
  const out = await intake(db, actor, {
    idempotencyKey,
    channel: 'api',
    categoryCode: body.service_code,
    regionCode,
    lon: coordinate(body.long, 'long'),
    lat: coordinate(body.lat, 'lat'),
    address: (body.address_string ?? '').slice(0, 200),
    description: body.description.trim().slice(0, 4000),
    reporterName: `${body.last_name ?? ''}${body.first_name ?? ''}`.trim().slice(0, 50),
    reporterPhone: phone,
  });
  return { created: out.created, service_request_id: String(out.case.id), token: idempotencyKey };
}
