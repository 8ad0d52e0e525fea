import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { errorResponses, ImportPreview } from '../http/schemas.js';
import { runImport } from './service.js';

export async function importRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/imports', {
    config: { access: { permission: 'data:import', scope: 'region' } },
    schema: {
      tags: ['imports'],
      summary: 'Import observations from .xlsx or .csv (multipart field "file"). dryRun=true validates and previews only.',
      consumes: ['multipart/form-data'],
      querystring: z.object({
        dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
        status: z.enum(['preliminary', 'final']).default('final'),
        source: z.string().max(500).optional(),
        note: z.string().max(2000).optional(),
      }),
      response: { 200: ImportPreview, ...errorResponses },
    },
  }, async (req) => {
    const file = await req.file();
    if (!file) {
      throw new AppError('FILE_MISSING', 400, { zh: '请选择要导入的文件（字段 file）', en: 'No file uploaded (multipart field "file")' });
    }
    let bytes: Buffer;
    try {
      bytes = await file.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        const mb = (ctx.config.importMaxBytes / 1024 / 1024).toFixed(1);
        throw new AppError('FILE_TOO_LARGE', 413, {
          zh: `文件 ${file.filename} 超过上限 ${mb} MB`,
          en: `File ${file.filename} is over the ${mb} MB limit`,
        });
      }
      throw err;
    }
    return runImport(ctx.store.db, ctx.actorOf(req), bytes, {
      fileName: file.filename,
      dryRun: req.query.dryRun,
      status: req.query.status,
      source: req.query.source,
      note: req.query.note,
      maxBytes: ctx.config.importMaxBytes,
    });
  });
}
