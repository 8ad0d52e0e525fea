/**
 * 大综合一体化执法, after the visit: photos of a finding (per checklist item), 责令整改 orders with a
 * deadline on failed items, documents of an enforcement case, the publication (公开) of a 双随机
 * draw, statistics of cases per department and item, and the inspection burden per enterprise.
 * Every write is one transaction with its audit entry.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { readPage, type PageQuery } from '../http/schemas.js';
import type { Upload } from '../http/upload.js';
import * as repo from './repository.js';
import { caseDetail } from './service.js';

const notFound = (what: { zh: string; en: string }) =>
  new AppError('NOT_FOUND', 404, { zh: `${what.zh}不存在或不在你的数据范围内`, en: `${what.en} not found or not in your scope` });
const inTx = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> => db.transaction(async (t) => work(t as Db));

/** Photos and documents by extension, each checked against its first bytes (the stored type follows them, not the client). */
const FILE_TYPES: Record<string, { type: string; magic: number[] }> = {
  '.jpg': { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  '.jpeg': { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  '.png': { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  '.pdf': { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  '.docx': { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b, 0x03, 0x04] },
};
export const FILE_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_INSPECTION_FILES = 60;
export const MAX_CASE_FILES = 30;

function checkedFile(file: Upload, actor: Actor): repo.NewFile {
  const kind = FILE_TYPES[path.extname(file.fileName).toLowerCase()];
  if (!kind || !kind.magic.every((b, i) => file.bytes[i] === b))
    throw new AppError('FILE_TYPE', 415, {
      zh: `附件 ${file.fileName} 类型不支持或内容与扩展名不符：请上传 JPG、PNG、PDF 或 Word 文件`,
      en: `Attachment ${file.fileName}: upload a JPG, PNG, PDF or Word file whose content matches its extension`,
    });
  if (file.bytes.length > FILE_MAX_BYTES)
    throw new AppError('FILE_TOO_LARGE', 413, {
      zh: `文件 ${file.fileName} 超过上限 ${FILE_MAX_BYTES / 1024 / 1024} MB`,
      en: `File ${file.fileName} is over the ${FILE_MAX_BYTES / 1024 / 1024} MB limit`,
    });
  return {
    fileName: file.fileName,
    contentType: kind.type,
    bytes: file.bytes,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    by: actor.id,
  };
}

// ---- a visit's follow-up -----------------------------------------------------------------------

/** An inspection with its photos, its 责令整改 orders and the cases opened from it. */
export async function followUp(db: Db, actor: Actor, inspectionId: number) {
  const inspection = await repo.inspectionById(db, actor, inspectionId);
  if (!inspection) throw notFound({ zh: '检查记录', en: 'The inspection' });
  return {
    inspection,
    files: await repo.inspectionFiles(db, actor, inspectionId),
    orders: await repo.listOrders(db, actor, { inspectionId }),
    cases: await repo.casesOfInspection(db, actor, inspectionId),
  };
}

/** A photo (or document) of one checklist item of an inspection in scope. */
export async function attachInspectionFile(db: Db, actor: Actor, inspectionId: number, itemCode: string, upload: Upload) {
  const file = checkedFile(upload, actor);
  await inTx(db, async (tx) => {
    const x = await repo.inspectionById(tx, actor, inspectionId);
    if (!x) throw notFound({ zh: '检查记录', en: 'The inspection' });
    if (!x.itemCodes.includes(itemCode) && !x.findings.some((f) => f.item === itemCode))
      throw new AppError(
        'ITEM_NOT_CHECKED',
        400,
        { zh: `事项 ${itemCode} 不在本次检查中`, en: `Item ${itemCode} was not checked in this inspection` },
        { field: 'item' },
      );
    if ((await repo.countInspectionFilesUnscoped(tx, inspectionId)) >= MAX_INSPECTION_FILES)
      throw new AppError('TOO_MANY_FILES', 409, {
        zh: `每次检查最多 ${MAX_INSPECTION_FILES} 个附件`,
        en: `An inspection takes at most ${MAX_INSPECTION_FILES} attachments`,
      });
    const id = await repo.insertInspectionFileUnscoped(tx, inspectionId, itemCode, file);
    await appendAudit(tx, actor, {
      action: 'enforce.inspection.file',
      target: `enforce_inspection:${inspectionId}`,
      after: { file: id, item: itemCode, fileName: file.fileName, bytes: file.bytes.length, sha256: file.sha256 },
    });
  });
  return followUp(db, actor, inspectionId);
}

export async function inspectionFile(db: Db, actor: Actor, inspectionId: number, fileId: number) {
  const f = await repo.inspectionFileBytes(db, actor, inspectionId, fileId);
  if (!f) throw notFound({ zh: '检查附件', en: 'The attachment' });
  return { ...f, bytes: Buffer.from(f.bytes) };
}

/** 责令整改: an order on a failed item of an inspection in scope, due on a date not before the visit. */
export async function orderRectification(
  db: Db,
  actor: Actor,
  inspectionId: number,
  body: { itemCode: string; dueOn: string; note: string },
) {
  await inTx(db, async (tx) => {
    const x = await repo.inspectionById(tx, actor, inspectionId);
    if (!x) throw notFound({ zh: '检查记录', en: 'The inspection' });
    if (!x.findings.some((f) => f.item === body.itemCode && f.result === 'fail'))
      throw new AppError(
        'ITEM_NOT_FAILED',
        400,
        { zh: `事项 ${body.itemCode} 在本次检查中不是不合格项`, en: `Item ${body.itemCode} did not fail in this inspection` },
        { field: 'itemCode' },
      );
    if (body.dueOn < x.inspectedOn)
      throw new AppError(
        'DUE_BEFORE_VISIT',
        400,
        {
          zh: `整改期限 ${body.dueOn} 早于检查日期 ${x.inspectedOn}`,
          en: `The deadline ${body.dueOn} is before the visit on ${x.inspectedOn}`,
        },
        { field: 'dueOn' },
      );
    const id = await repo.insertOrderUnscoped(tx, actor.id, {
      inspectionId,
      itemCode: body.itemCode,
      subjectId: x.subjectId,
      regionCode: x.regionCode,
      dueOn: body.dueOn,
      note: body.note,
    });
    if (id === undefined)
      throw new AppError('ORDER_EXISTS', 409, {
        zh: `事项 ${body.itemCode} 已责令整改`,
        en: `A rectification order for ${body.itemCode} exists already`,
      });
    await appendAudit(tx, actor, {
      action: 'enforce.order',
      target: `enforce_order:${id}`,
      after: { inspection: inspectionId, item: body.itemCode, dueOn: body.dueOn, note: body.note },
    });
  });
  return followUp(db, actor, inspectionId);
}

// ---- case documents -----------------------------------------------------------------------------

/** A document of an enforcement case in scope, filed under the case's current stage. */
export async function attachCaseFile(db: Db, actor: Actor, caseId: number, upload: Upload) {
  const file = checkedFile(upload, actor);
  await inTx(db, async (tx) => {
    const c = await repo.caseById(tx, actor, caseId, true);
    if (!c) throw notFound({ zh: '执法案件', en: 'The case' });
    if ((await repo.countCaseFilesUnscoped(tx, caseId)) >= MAX_CASE_FILES)
      throw new AppError('TOO_MANY_FILES', 409, {
        zh: `每件案件最多 ${MAX_CASE_FILES} 份文书`,
        en: `A case takes at most ${MAX_CASE_FILES} documents`,
      });
    const id = await repo.insertCaseFileUnscoped(tx, caseId, c.stage, file);
    await appendAudit(tx, actor, {
      action: 'enforce.case.file',
      target: `enforce_case:${caseId}`,
      after: { file: id, stage: c.stage, fileName: file.fileName, bytes: file.bytes.length, sha256: file.sha256 },
    });
  });
  return caseDetail(db, actor, caseId);
}

export async function caseFile(db: Db, actor: Actor, caseId: number, fileId: number) {
  const f = await repo.caseFileBytes(db, actor, caseId, fileId);
  if (!f) throw notFound({ zh: '案件文书', en: 'The document' });
  return { ...f, bytes: Buffer.from(f.bytes) };
}

// ---- 公开 -------------------------------------------------------------------------------------------

/** Publish a draw's result (公开) once; audited. */
export async function publishDraw(db: Db, actor: Actor, id: number) {
  await inTx(db, async (tx) => {
    const d = await repo.drawById(tx, actor, id);
    if (!d) throw notFound({ zh: '抽取记录', en: 'The draw' });
    if (!(await repo.publishDrawUnscoped(tx, id, actor.id)))
      throw new AppError('ALREADY_PUBLISHED', 409, { zh: '该抽取结果已公开', en: 'This draw has been published already' });
    await appendAudit(tx, actor, {
      action: 'enforce.draw.publish',
      target: `enforce_draw:${id}`,
      after: { name: d.name, seed: d.seed, objects: d.objects },
    });
  });
}

// ---- statistics ------------------------------------------------------------------------------------

type Stage = repo.CaseStatRow['stage'];
const count = () => ({ cases: 0, open: 0, closed: 0, byStage: { filed: 0, investigating: 0, decided: 0, executing: 0, closed: 0 } });

/** Enforcement cases per department and per item (by stage, open and closed) in the caller's scope. */
export async function caseStatistics(db: Db, actor: Actor, q: { from?: string; to?: string }) {
  const list = await repo.caseStats(db, actor, q);
  const departments = new Map<string, { department: string } & ReturnType<typeof count>>();
  const items = new Map<string, { department: string; itemCode: string; itemName: string } & ReturnType<typeof count>>();
  const add = (c: ReturnType<typeof count>, stage: Stage, n: number) => {
    c.cases += n;
    c.byStage[stage] += n;
    if (stage === 'closed') c.closed += n;
    else c.open += n;
  };
  for (const r of list) {
    const d = departments.get(r.department) ?? { department: r.department, ...count() };
    departments.set(r.department, d);
    add(d, r.stage, r.cases);
    const i = items.get(r.itemCode) ?? { department: r.department, itemCode: r.itemCode, itemName: r.itemName, ...count() };
    items.set(r.itemCode, i);
    add(i, r.stage, r.cases);
  }
  const byCount = <T extends { cases: number }>(a: T, b: T) => b.cases - a.cases;
  return {
    total: list.reduce((s, r) => s + r.cases, 0),
    departments: [...departments.values()].sort(byCount),
    items: [...items.values()].sort(byCount),
  };
}

const yearAgo = (today: Date) => new Date(today.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);

/** The inspection burden per enterprise (most separate visits first), since a date (default one year back). */
export const burden = (db: Db, actor: Actor, q: PageQuery & { since?: string }, today = new Date()) => {
  const since = q.since ?? yearAgo(today);
  return readPage(
    q,
    (w) => repo.burden(db, actor, { since, ...w }),
    () => repo.countBurden(db, actor, since),
  );
};
