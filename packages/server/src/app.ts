/**
 * The Fastify application: REST API under /api/v1 (zod-validated, OpenAPI 3 at /api/openapi.json,
 * browsable at /api/docs) and the built web app at /.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_AUTH } from './auth/service.js';
import { actorOf, installAccessControl, installAuditCheck, type RouteAccess } from './http/guard.js';
import { closeParsers, configureParsing, DEFAULT_PARSING } from './tables/parse-pool.js';
import type { Config } from './config.js';
import type { Store } from './db/store.js';
import { installErrorHandler } from './http/errors.js';
import { installSecurityHeaders } from './http/headers.js';
import { refuseNulCharacters } from './http/nul.js';
import type { AppContext } from './http/context.js';
import { MODULES } from './modules.js';
import type { ServerModule } from './module.js';
import { VERSION } from './version.js';
import { databaseAnswers } from './ops/health.js';
import { installRequestMetrics, metricsText, tokenMatches } from './ops/metrics.js';

export interface RegisteredRoute {
  url: string;
  method: string | string[];
  config?: { access?: RouteAccess };
  /** the route's params and querystring schemas (zod), for the generated scope matrix */
  schema?: { params?: unknown; querystring?: unknown; body?: unknown };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every route as registered, for the access-declaration check */
    registeredRoutes: RegisteredRoute[];
  }
}

export interface AppOptions {
  store: Store;
  config: Config;
  logger?: boolean;
}

export async function buildApp({ store, config, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: 10 * 1024 * 1024,
    // Open311 GeoReport v2 clients expect /open311/v2/…; the routes live under /api/v1 with every other door
    rewriteUrl: (req) => (req.url?.startsWith('/open311/') ? `/api/v1${req.url}` : (req.url ?? '/')),
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const requestMetrics = installRequestMetrics(app);
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    routes.push({
      url: r.url,
      method: r.method,
      config: r.config as { access?: RouteAccess } | undefined,
      schema: r.schema as RegisteredRoute['schema'],
    });
  });
  app.decorate('registeredRoutes', routes);
  await app.register(cookie);
  await installSecurityHeaders(app, config);
  refuseNulCharacters(app);
  const auth = {
    ...DEFAULT_AUTH,
    idleMs: config.sessionIdleMs,
    maxAgeMs: config.sessionMaxAgeMs,
    passwordMaxAgeDays: config.passwordMaxAgeDays,
    secondFactorForAdmins: config.secondFactorForAdmins,
  };
  installAccessControl(app, store.db, auth);
  installAuditCheck(app, { strict: config.strictAudit });
  await app.register(multipart, { limits: { fileSize: config.importMaxBytes, files: 1 } });
  // uploads are read a few at a time, each in a worker with a memory cap (tables/parse-pool.ts)
  configureParsing(config.importParsing ?? DEFAULT_PARSING);
  app.addHook('onClose', async () => closeParsers());
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gongfu API',
        version: VERSION,
        description:
          '共富 county platform API. Errors: `{ error: { code, message: { zh, en }, details } }`. ' +
          'Every observation carries the id of the import batch that loaded it.',
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'gongfu_session',
            description: 'set by POST /api/v1/auth/login; writes also need the X-CSRF-Token header',
          },
          token: { type: 'http', scheme: 'bearer', description: 'personal API token (gongfu user token, POST /api/v1/auth/tokens)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
      tags: [{ name: 'meta' }, ...MODULES.map((m) => m.tag)],
    },
    transform: jsonSchemaTransform,
  });
  // Swagger UI's page carries an inline script; staticCSP gives its routes a policy with its hashes
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const ctx: AppContext = { store, config, auth, actorOf };
  await app.register(
    async (api) => {
      const Health = z.object({
        status: z.enum(['ok', 'unavailable']),
        version: z.string(),
        database: z.enum(['pglite', 'postgres']),
        databaseState: z.enum(['up', 'down']).describe('down: the database did not answer within 2 s (the reply is then 503)'),
      });
      api.withTypeProvider<ZodTypeProvider>().get(
        '/health',
        {
          config: { access: { public: true } },
          schema: {
            tags: ['meta'],
            summary: 'Liveness, the database backend and whether it answers (503 while it does not)',
            response: { 200: Health, 503: Health },
          },
        },
        async (_req, reply) => {
          const up = await databaseAnswers(store, 2000);
          const body = {
            status: up ? ('ok' as const) : ('unavailable' as const),
            version: VERSION,
            database: store.kind,
            databaseState: up ? ('up' as const) : ('down' as const),
          };
          return up ? body : reply.code(503).send(body);
        },
      );
      for (const module of MODULES) await api.register(moduleRoutes(module, ctx));
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!config.metricsToken)
      return reply.code(404).send({
        error: {
          code: 'NOT_FOUND',
          message: { zh: '未启用指标接口（GONGFU_METRICS_TOKEN）', en: 'Metrics are off (set GONGFU_METRICS_TOKEN)' },
        },
      });
    if (!tokenMatches(req.headers.authorization, config.metricsToken))
      return reply
        .code(401)
        .send({ error: { code: 'UNAUTHENTICATED', message: { zh: '指标接口需要令牌', en: 'Metrics need the bearer token' } } });
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metricsText(store, requestMetrics, MODULES));
  });

  const webDist = config.webDist ?? defaultWebDist();
  if (webDist && fs.existsSync(path.join(webDist, 'index.html'))) {
    // The build writes .br and .gz copies next to each asset (packages/web/build/precompress.ts);
    // the copy is picked by Accept-Encoding. Vite's hashed file names under assets/ never change
    // content, so they are cached for a year; the shell (index.html) is revalidated every time.
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('Vary', 'Accept-Encoding');
        res.setHeader('Cache-Control', isHashedAsset(webDist, file) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // Client-side routes fall back to the app shell; unknown API paths stay JSON 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({
        error: { code: 'NOT_FOUND', message: { zh: `接口不存在：${req.url}`, en: `No such endpoint: ${req.url}` } },
      });
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: { code: 'NOT_FOUND', message: { zh: `接口不存在：${req.url}`, en: `No such endpoint: ${req.url}` } } }),
    );
  }
  return app;
}

/** A file Vite named by its content hash: anything it wrote under `assets/`. */
function isHashedAsset(webDist: string, file: string): boolean {
  const rel = path.relative(webDist, file).split(path.sep);
  return rel.length > 1 && rel[0] === 'assets';
}

/**
 * A module's routes in their own plugin scope, each documented under the module's OpenAPI tag
 * (the manifest is the one source of tags; a route's own `tags` are replaced).
 */
function moduleRoutes(module: ServerModule, ctx: AppContext) {
  return async (scope: FastifyInstance) => {
    scope.addHook('onRoute', (route) => {
      if (route.schema && !route.schema.hide) route.schema = { ...route.schema, tags: [module.tag.name] };
    });
    await module.routes(scope, ctx);
  };
}

function defaultWebDist(): string | undefined {
  const candidate = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../web/dist');
  return fs.existsSync(candidate) ? candidate : undefined;
}
