/**
 * A task's optional attachment template (附件模板): the office uploads one file (instructions, a
 * form to print, a workbook of its own), every unit of the task downloads it. Word, Excel, PDF or
 * ZIP, at most ATTACHMENT_MAX_BYTES (and never over the import limit), typed by its extension and
 * checked against its first bytes; replacing it is audited with the file's SHA-256.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { attachmentUnscoped, setAttachmentUnscoped, type TaskAttachment } from './repository.js';
import { managedTask, visibleTask } from './tasks.js';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
const TYPES: Record<string, { type: string; magic: number[] }> = {
  '.pdf': { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  '.docx': { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP },
  '.xlsx': { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  '.doc': { type: 'application/msword', magic: OLE2 },
  '.xls': { type: 'application/vnd.ms-excel', magic: OLE2 },
  '.zip': { type: 'application/zip', magic: ZIP },
};

export async function setAttachment(db: Db, actor: Actor, taskId: number, file: { bytes: Uint8Array; fileName: string }, maxBytes: number) {
  const task = await managedTask(db, actor, taskId);
  const kind = TYPES[path.extname(file.fileName).toLowerCase()];
  if (!kind || !kind.magic.every((b, i) => file.bytes[i] === b))
    throw new AppError('FILE_TYPE', 415, {
      zh: `附件 ${file.fileName} 类型不支持或内容与扩展名不符：请上传 Word、Excel、PDF 或 ZIP 文件`,
      en: `Attachment ${file.fileName}: upload a Word, Excel, PDF or ZIP file whose content matches its extension`,
    });
  const limit = Math.min(maxBytes, ATTACHMENT_MAX_BYTES);
  if (file.bytes.length > limit)
    throw new AppError('FILE_TOO_LARGE', 413, {
      zh: `文件 ${file.fileName} 超过上限 ${(limit / 1024 / 1024).toFixed(1)} MB`,
      en: `File ${file.fileName} is over the ${(limit / 1024 / 1024).toFixed(1)} MB limit`,
    });
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const before = task.attachment;
  await db.transaction(async (t) => {
    const tx = t as Db;
    await setAttachmentUnscoped(tx, task.id, { fileName: file.fileName, contentType: kind.type, bytes: file.bytes, sha256 });
    await appendAudit(tx, actor, {
      action: 'collect.attachment',
      target: `report_task:${task.id}`,
      before,
      after: { fileName: file.fileName, bytes: file.bytes.length, sha256 },
    });
  });
  return { fileName: file.fileName, bytes: file.bytes.length, sha256 };
}

/** The attachment of a task the caller sees (its office, or one of its units). */
export async function attachmentOf(db: Db, actor: Actor, taskId: number): Promise<TaskAttachment> {
  const task = await visibleTask(db, actor, taskId);
  const file = await attachmentUnscoped(db, task.id);
  if (!file)
    throw new AppError('NOT_FOUND', 404, { zh: `任务「${task.title}」没有附件模板`, en: `"${task.title}" has no attachment template` });
  return file;
}
