/**
 * The Fastify application: REST API under /api/v1 (zod-validated, OpenAPI 3 at /api/openapi.json,
 * browsable at /api/docs) and the built web app at /.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemActor } from './auth/actor.js';
import type { Config } from './config.js';
import type { Store } from './db/store.js';
import { installErrorHandler } from './http/errors.js';
import type { AppContext } from './http/context.js';
import { importRoutes } from './imports/routes.js';
import { indicatorRoutes } from './indicators/routes.js';
import { observationRoutes } from './observations/routes.js';
import { regionRoutes } from './regions/routes.js';
import { VERSION } from './version.js';

export interface AppOptions {
  store: Store;
  config: Config;
  logger?: boolean;
}

export async function buildApp({ store, config, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger, bodyLimit: 10 * 1024 * 1024 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(multipart, { limits: { fileSize: config.importMaxBytes, files: 1 } });
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
      tags: [
        { name: 'meta' },
        { name: 'regions', description: '行政区划 and boundaries' },
        { name: 'indicators', description: 'indicator catalogue and templates' },
        { name: 'observations', description: 'values with provenance; exports' },
        { name: 'imports', description: 'Excel/CSV import' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const ctx: AppContext = { store, config, actorOf: () => systemActor('api') };
  await app.register(
    async (api) => {
      api.withTypeProvider<ZodTypeProvider>().get('/health', {
        schema: {
          tags: ['meta'],
          summary: 'Liveness and which database backend is in use',
          response: { 200: z.object({ status: z.literal('ok'), version: z.string(), database: z.enum(['pglite', 'postgres']) }) },
        },
      }, async () => ({ status: 'ok' as const, version: VERSION, database: store.kind }));
      await regionRoutes(api, ctx);
      await indicatorRoutes(api, ctx);
      await observationRoutes(api, ctx);
      await importRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webDist = config.webDist ?? defaultWebDist();
  if (webDist && fs.existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
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

function defaultWebDist(): string | undefined {
  const candidate = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../web/dist');
  return fs.existsSync(candidate) ? candidate : undefined;
}
