import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError } from '../errors.js';
import { isDatabaseUnavailable } from '../db/store.js';

/** Every failure leaves the server as `{ error: { code, message: { zh, en }, details } }`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | Error, request, reply) => {
    // the database driver wraps errors raised below it (e.g. the disk guard's DISK_FULL)
    const wrapped = (thrown as { cause?: unknown }).cause;
    const err = !(thrown instanceof AppError) && wrapped instanceof AppError ? wrapped : thrown;
    if (err instanceof AppError) {
      const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return reply.code(err.status).send({ error: { code: err.code, message: err.messages, details: err.details } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath, message: v.message }));
      return reply.code(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: {
            zh: `请求参数不正确：${issues.map((i) => `${i.path || '/'} ${i.message}`).join('；')}`,
            en: `Invalid request: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`,
          },
          details: issues,
        },
      });
    }
    if (err instanceof ZodError) {
      const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return reply.code(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: {
            zh: `数据不正确：${issues.map((i) => `${i.path} ${i.message}`).join('；')}`,
            en: `Invalid data: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          },
          details: issues,
        },
      });
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({
        error: { code: 'FILE_TOO_LARGE', message: { zh: '上传内容超过大小上限', en: 'Upload exceeds the size limit' } },
      });
    }
    if (fe.statusCode && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send({
        error: { code: fe.code ?? 'BAD_REQUEST', message: { zh: `请求无效：${fe.message}`, en: fe.message } },
      });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({
          error: {
            code: 'DB_UNAVAILABLE',
            message: { zh: '数据库暂时无法访问，请稍后重试', en: 'The database is unavailable right now; please try again shortly' },
          },
        });
    }
    request.log.error(err);
    return reply.code(500).send({
      error: { code: 'INTERNAL', message: { zh: '服务器内部错误，请联系管理员', en: 'Internal server error; contact the administrator' } },
    });
  });
}
