/**
 * Metrics in the Prometheus text exposition format (version 0.0.4,
 * https://prometheus.io/docs/instrumenting/exposition_formats/): request counts and latency by
 * route, requests in flight, the database pool, and gauges each module declares (`metrics` in its
 * module.ts — e.g. overdue cases and reports). `/metrics` is off unless GONGFU_METRICS_TOKEN is set,
 * and then answers only `Authorization: Bearer <token>`.
 */
import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Store } from '../db/store.js';
import type { Gauge, ServerModule } from '../module.js';

/** Upper bounds of the latency histogram, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface RouteStats {
  count: Map<number, number>;
  buckets: number[];
  sum: number;
  total: number;
}

export class RequestMetrics {
  private readonly byRoute = new Map<string, RouteStats>();
  inFlight = 0;

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`;
    let s = this.byRoute.get(key);
    if (!s) this.byRoute.set(key, (s = { count: new Map(), buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, total: 0 }));
    s.count.set(status, (s.count.get(status) ?? 0) + 1);
    LATENCY_BUCKETS.forEach((b, i) => {
      if (seconds <= b) s.buckets[i]++;
    });
    s.sum += seconds;
    s.total++;
  }

  lines(): string[] {
    const out = [
      '# HELP gongfu_http_requests_total HTTP requests answered, by method, route and status.',
      '# TYPE gongfu_http_requests_total counter',
    ];
    const routes = [...this.byRoute].sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [key, s] of routes) {
      const [method, route] = splitKey(key);
      for (const [status, n] of [...s.count].sort((a, b) => a[0] - b[0]))
        out.push(`gongfu_http_requests_total{${labels({ method, route, status: String(status) })}} ${n}`);
    }
    out.push(
      '# HELP gongfu_http_request_duration_seconds Time to answer a request, by method and route.',
      '# TYPE gongfu_http_request_duration_seconds histogram',
    );
    for (const [key, s] of routes) {
      const [method, route] = splitKey(key);
      LATENCY_BUCKETS.forEach((b, i) =>
        out.push(`gongfu_http_request_duration_seconds_bucket{${labels({ method, route, le: String(b) })}} ${s.buckets[i]}`),
      );
      out.push(`gongfu_http_request_duration_seconds_bucket{${labels({ method, route, le: '+Inf' })}} ${s.total}`);
      out.push(`gongfu_http_request_duration_seconds_sum{${labels({ method, route })}} ${round(s.sum)}`);
      out.push(`gongfu_http_request_duration_seconds_count{${labels({ method, route })}} ${s.total}`);
    }
    out.push(
      '# HELP gongfu_http_requests_in_flight Requests being answered now.',
      '# TYPE gongfu_http_requests_in_flight gauge',
      `gongfu_http_requests_in_flight ${this.inFlight}`,
    );
    return out;
  }
}

const splitKey = (key: string) => {
  const i = key.indexOf(' ');
  return [key.slice(0, i), key.slice(i + 1)];
};
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** A label value escaped as the format requires (backslash, double quote, line feed). */
export const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) =>
  Object.entries(l)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');

/** Gauges as exposition lines, HELP and TYPE once per name. */
export function gaugeLines(gauges: readonly Gauge[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const g of gauges) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(g.name)) throw new Error(`not a metric name: ${g.name}`);
    if (!seen.has(g.name)) {
      seen.add(g.name);
      out.push(`# HELP ${g.name} ${g.help.replace(/\n/g, ' ')}`, `# TYPE ${g.name} gauge`);
    }
    out.push(`${g.name}${g.labels && Object.keys(g.labels).length ? `{${labels(g.labels)}}` : ''} ${g.value}`);
  }
  return out;
}

/** The pool's gauges on PostgreSQL; PGlite has no pool. */
export function poolGauges(store: Store): Gauge[] {
  const p = store.poolStats?.();
  if (!p) return [];
  return [
    { name: 'gongfu_db_pool_connections', help: 'Database pool connections by state.', labels: { state: 'total' }, value: p.total },
    { name: 'gongfu_db_pool_connections', help: 'Database pool connections by state.', labels: { state: 'idle' }, value: p.idle },
    { name: 'gongfu_db_pool_waiting', help: 'Queries waiting for a pool connection.', value: p.waiting },
  ];
}

export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** Counts every answered request by its route pattern (not its URL: ids do not make new series). */
export function installRequestMetrics(app: FastifyInstance): RequestMetrics {
  const metrics = new RequestMetrics();
  app.addHook('onRequest', async () => {
    metrics.inFlight++;
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.inFlight--;
    metrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  return metrics;
}

/** The whole exposition: requests, pool, and every module's gauges (a failing module is reported, not fatal). */
export async function metricsText(store: Store, requests: RequestMetrics, modules: readonly ServerModule[]): Promise<string> {
  const gauges: Gauge[] = [...poolGauges(store)];
  const failed: string[] = [];
  for (const m of modules) {
    if (!m.metrics) continue;
    try {
      gauges.push(...(await m.metrics(store.db)));
    } catch {
      failed.push(m.id);
    }
  }
  for (const id of failed)
    gauges.push({
      name: 'gongfu_module_metrics_failed',
      help: 'A module whose gauges could not be read (1).',
      labels: { module: id },
      value: 1,
    });
  return [...requests.lines(), ...gaugeLines(gauges)].join('\n') + '\n';
}
