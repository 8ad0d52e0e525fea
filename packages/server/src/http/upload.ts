/** Reading the one uploaded file of a multipart request (field `file`), with the size limit and clear errors. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export interface Upload {
  bytes: Buffer;
  fileName: string;
}

export async function readUpload(
  request: FastifyRequest,
  maxBytes: number,
  what: { zh: string; en: string } = { zh: '上传', en: 'upload' },
): Promise<Upload> {
  const file = await request.file();
  if (!file) {
    throw new AppError('FILE_MISSING', 400, {
      zh: `请选择要${what.zh}的文件（字段 file）`,
      en: 'No file uploaded (multipart field "file")',
    });
  }
  try {
    return { bytes: await file.toBuffer(), fileName: file.filename };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const mb = (maxBytes / 1024 / 1024).toFixed(1);
      throw new AppError('FILE_TOO_LARGE', 413, {
        zh: `文件 ${file.filename} 超过上限 ${mb} MB`,
        en: `File ${file.filename} is over the ${mb} MB limit`,
      });
    }
    throw err;
  }
}
