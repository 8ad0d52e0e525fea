/**
 * Open311 GeoReport v2 routes under /api/v1/open311/v2: every resource as `.json` or `.xml`, errors in
 * the GeoReport shape (`[{ code, description }]`, `<errors><error><code/><description/></error></errors>`).
 * The GETs are public (declared `{ public: true }`); POST requests authenticates its `api_key` in the
 * service and appends the intake's audit entry.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AppContext } from '../http/context.js';
import * as open311 from './open311.js';

type Format = 'json' | 'xml';
const FORMATS: Format[] = ['json', 'xml'];
const PUBLIC = { access: { public: true as const } };

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** One element per field in the given order; null and '' become empty elements, arrays nest. */
function element(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) return value.length ? `<${name}>${value.map((v) => element('attribute', v)).join('')}</${name}>` : `<${name}/>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(root: string, item: string | null, value: object | object[]): string {
  const body = Array.isArray(value) ? `<${root}>${value.map((v) => element(item!, v)).join('')}</${root}>` : element(root, value);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

function send(reply: FastifyReply, format: Format, status: number, root: string, item: string | null, value: object | object[]) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, item, value));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** `CODE.json` → ['CODE', 'json']; anything else is a 404 in the GeoReport shape. */
function split(file: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new AppError('NOT_FOUND', 404, { zh: '格式须为 .json 或 .xml', en: 'the format must be .json or .xml' });
  return [m[1]!, m[2] as Format];
}

const formatOf = (request: FastifyRequest): Format => (request.url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json');

const dateTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s), 'a w3c datetime with a timezone')
  .optional();
const RequestsQuery = z.object({
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(2000).optional(),
  start_date: dateTime,
  end_date: dateTime,
  status: z.string().max(20).optional(),
  jurisdiction_id: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(open311.OPEN311_MAX_PAGE_SIZE).default(50),
});
const PostBody = z
  .object({
    api_key: z.string().max(200).optional(),
    jurisdiction_id: z.string().max(100).optional(),
    service_code: z.string().max(60).optional(),
    lat: z
      .union([z.string().max(40), z.number()])
      .transform(String)
      .optional(),
    long: z
      .union([z.string().max(40), z.number()])
      .transform(String)
      .optional(),
    address_string: z.string().max(400).optional(),
    address_id: z.string().max(40).optional(),
    email: z.string().max(200).optional(),
    device_id: z.string().max(200).optional(),
    account_id: z.string().max(200).optional(),
    first_name: z.string().max(50).optional(),
    last_name: z.string().max(50).optional(),
    phone: z.string().max(40).optional(),
    description: z.string().max(4000).optional(),
    media_url: z.string().max(2000).optional(),
    idempotency_key: z.string().max(100).optional(),
  })
  .passthrough();
const File = z.object({ file: z.string().max(200) });

export async function open311Routes(app: FastifyInstance, ctx: AppContext) {
  const db = ctx.store.db;
  // Open311 clients post application/x-www-form-urlencoded
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((thrown: Error, request, reply) => {
    const wrapped = (thrown as { cause?: unknown }).cause;
    const err = !(thrown instanceof AppError) && wrapped instanceof AppError ? wrapped : thrown;
    let status = 500;
    let description = 'internal error';
    if (err instanceof AppError) {
      status = err.status;
      description = `${err.messages.zh} (${err.messages.en})`;
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      status = 400;
      description = err.validation.map((v) => `${v.instancePath || '/'} ${v.message}`).join('; ');
    } else if (((err as { statusCode?: number }).statusCode ?? 500) < 500) {
      status = (err as { statusCode?: number }).statusCode!;
      description = (err as Error).message;
    } else request.log.error({ err }, 'open311 request failed');
    return send(reply, formatOf(request), status, 'errors', 'error', [{ code: status, description }]);
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  for (const format of FORMATS) {
    r.get(
      `/services.${format}`,
      { config: PUBLIC, schema: { summary: `Open311 GeoReport v2: the services (事件小类) as ${format}` } },
      async (_req, reply) => send(reply, format, 200, 'services', 'service', await open311.services(db)),
    );
    r.get(
      `/requests.${format}`,
      {
        config: PUBLIC,
        schema: {
          summary: `Open311 GeoReport v2: service requests (cases, no reporter data) as ${format}, newest first, paged by page / page_size`,
          querystring: RequestsQuery,
        },
      },
      async (req, reply) => {
        const { items, total } = await open311.requests(db, req.query);
        reply.header('x-total-count', String(total));
        return send(reply, format, 200, 'service_requests', 'request', items);
      },
    );
    r.post(
      `/requests.${format}`,
      {
        config: { ...PUBLIC, audit: { action: ['events.report', 'events.report.retry'] } },
        schema: {
          summary: `Open311 GeoReport v2: create a service request (a case through intake) with api_key; an Idempotency-Key header or idempotency_key field makes a retry return the same request`,
          body: PostBody,
        },
      },
      async (req, reply) => {
        const header = req.headers['idempotency-key'];
        const out = await open311.postRequest(db, req.body, typeof header === 'string' ? header : undefined, req.ip);
        return send(reply, format, out.created ? 201 : 200, 'service_requests', 'request', [
          { service_request_id: out.service_request_id, token: out.token, service_notice: '', account_id: '' },
        ]);
      },
    );
  }

  r.get(
    '/services/:file',
    { config: PUBLIC, schema: { summary: 'Open311 GeoReport v2: a service definition (services/{code}.json|xml)', params: File } },
    async (req, reply) => {
      const [code, format] = split(req.params.file);
      return send(reply, format, 200, 'service_definition', null, await open311.serviceDefinition(db, code));
    },
  );
  r.get(
    '/requests/:file',
    { config: PUBLIC, schema: { summary: 'Open311 GeoReport v2: one service request (requests/{id}.json|xml)', params: File } },
    async (req, reply) => {
      const [id, format] = split(req.params.file);
      return send(reply, format, 200, 'service_requests', 'request', [await open311.request(db, id)]);
    },
  );
  r.get(
    '/tokens/:file',
    {
      config: PUBLIC,
      schema: { summary: 'Open311 GeoReport v2: the service_request_id of a token (tokens/{token}.json|xml)', params: File },
    },
    async (req, reply) => {
      const [token, format] = split(req.params.file);
      return send(reply, format, 200, 'service_requests', 'request', [await open311.tokenLookup(db, token)]);
    },
  );
}
