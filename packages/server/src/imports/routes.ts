import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { readUpload } from '../http/upload.js';
import { errorResponses, ImportPreview } from '../http/schemas.js';
import { AppError } from '../errors.js';
import { runImport } from './service.js';

const Name = z.string().min(1).max(200);
const NameMapping = z.strictObject({
  regions: z.record(Name, z.string().max(20)).optional(),
  indicators: z.record(Name, z.string().max(100)).optional(),
});

/** The `mapping` query parameter: JSON of confirmed names (see the route's description). */
function parseMapping(text: string | undefined) {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = NameMapping.safeParse(parsed);
  if (!result.success)
    throw new AppError('BAD_MAPPING', 400, {
      zh: 'mapping 参数应为 JSON：{"regions":{"名称":"地区代码"},"indicators":{"名称":"指标代码"}}',
      en: 'mapping must be JSON: {"regions":{"name":"region code"},"indicators":{"name":"indicator code"}}',
    });
  return result.data;
}

export async function importRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/imports',
    {
      config: {
        access: { permission: 'data:import', scope: 'region' },
        audit: {
          action: 'data.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        tags: ['imports'],
        summary: 'Import observations from .xlsx or .csv (multipart field "file"). dryRun=true validates and previews only.',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          dryRun: z
            .enum(['true', 'false'])
            .default('true')
            .transform((v) => v === 'true'),
          status: z.enum(['preliminary', 'final']).default('final'),
          source: z.string().max(500).optional(),
          note: z.string().max(2000).optional(),
          mapping: z
            .string()
            .max(20_000)
            .optional()
            .describe(
              'JSON of names the clerk confirms, e.g. {"regions":{"柯桥镇老":"330603001000"},"indicators":{"人均收入":"INCOME_PC"}}; ' +
                'applied to this import and, when it is written, saved for its source (audited as import.mapping)',
            ),
        }),
        response: { 200: ImportPreview, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '导入', en: 'import' });
      return runImport(ctx.store.db, ctx.actorOf(req), bytes, {
        fileName,
        dryRun: req.query.dryRun,
        status: req.query.status,
        source: req.query.source,
        note: req.query.note,
        mapping: parseMapping(req.query.mapping),
        maxBytes: ctx.config.importMaxBytes,
      });
    },
  );
}
