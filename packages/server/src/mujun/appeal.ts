/**
 * 公示 and appeal (公示与申诉). A published run is open for comment for its appeal days; an enterprise
 * account (bound to one credit code) sees only its own record — values, benchmarks, each item's
 * contribution, its class and what would raise it — and may file one appeal per run with
 * attachments inside the window. Officers accept or reject it; the correction itself goes through
 * a new import batch and a new run. Every step is audited and the appeals stay on the record.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { classAbove, classFloors, explainItems, type MujunClass } from '@gongfu/engine/mujun';
import type { Actor } from '../auth/actor.js';
import { appendAudit, audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { notifyEnterprise, notifyRegion } from '../notifications/repository.js';
import {
  appealFile,
  appealForUpdate,
  appealsOfEnterpriseUnscoped,
  classLinesUnscoped,
  countAppealFilesUnscoped,
  decideAppealUnscoped,
  enterpriseByIdUnscoped,
  enterpriseInScope,
  groupSizeUnscoped,
  insertAppealFileUnscoped,
  insertAppealUnscoped,
  ownAppealUnscoped,
  pendingAppealUnscoped,
  publishedResultsUnscoped,
  runCountyUnscoped,
  type EnterpriseResultRow,
} from './appeal-repository.js';

/** The subject id of the enterprise an enterprise account represents; other accounts have none. */
export function ownEnterprise(actor: Actor): number {
  if (actor.enterpriseId === undefined)
    throw new AppError('NOT_ENTERPRISE_ACCOUNT', 403, {
      zh: '此账号未绑定企业：企业用户由管理员按统一社会信用代码开通',
      en: 'This account is not bound to an enterprise: an administrator opens enterprise accounts by credit code',
    });
  return actor.enterpriseId;
}

interface SchemeLike {
  grading?: { type?: string; bands?: Array<{ grade: string; min: number }> };
  vetoes?: Array<{ id: string; name?: { zh: string; en: string } }>;
}

async function explainRun(db: Db, r: EnterpriseResultRow) {
  const scheme = (r.schemes[r.scale] ?? { indicators: [] }) as SchemeLike & { indicators: unknown[] };
  const byShares = r.options.classes?.type === 'shares';
  let next = null;
  if (r.class && r.score !== null && r.vetoes.length === 0) {
    const above = classAbove(r.class as MujunClass);
    if (above) {
      const floors = classFloors(
        byShares ? null : (scheme.grading?.bands ?? []),
        byShares ? await classLinesUnscoped(db, r.runId, r.scale) : [],
      );
      const minScore = floors[above];
      if (minScore !== undefined)
        next = { class: above, minScore, gap: Math.max(0, minScore - r.score), basis: byShares ? ('shares' as const) : ('bands' as const) };
    }
  }
  const vetoName = (id: string) => scheme.vetoes?.find((v) => v.id === id)?.name ?? { zh: id, en: id };
  return {
    runId: r.runId,
    year: r.year,
    status: r.status,
    publishedAt: r.publishedAt,
    appealUntil: r.appealUntil,
    appealOpen: r.appealOpen,
    scale: r.scale,
    landMu: r.landMu,
    score: r.score,
    rank: r.rank,
    groupSize: await groupSizeUnscoped(db, r.runId, r.scale),
    class: r.class,
    adjustedFrom: r.adjusted ? r.computedClass : null,
    notRated: r.notRated,
    vetoes: r.vetoes.map(vetoName),
    items: r.notRated ? [] : explainItems(scheme, { ...r.inputs, land_mu: r.landMu }, r.items, next?.gap ?? null),
    next,
  };
}

async function recordOf(db: Db, enterprise: { id: number; code: string; name: string; regionName: string }) {
  const results = await publishedResultsUnscoped(db, enterprise.id);
  const runs = [];
  for (const r of results) runs.push(await explainRun(db, r));
  return {
    enterprise: { code: enterprise.code, name: enterprise.name, regionName: enterprise.regionName },
    runs,
    appeals: await appealsOfEnterpriseUnscoped(db, enterprise.id),
  };
}

/** The enterprise account's own record. */
export async function myRecord(db: Db, actor: Actor) {
  const enterprise = await enterpriseByIdUnscoped(db, ownEnterprise(actor));
  if (!enterprise) throw notFound({ zh: '企业', en: 'Enterprise' }, String(actor.enterpriseId));
  return recordOf(db, enterprise);
}

/** An officer previews an enterprise's record as the enterprise sees it (窗口答疑). */
export async function enterpriseRecord(db: Db, actor: Actor, code: string) {
  const enterprise = await enterpriseInScope(db, actor, code.trim().toUpperCase());
  if (!enterprise) throw notFound({ zh: '企业', en: 'Enterprise' }, code);
  return recordOf(db, enterprise);
}

export async function fileAppeal(db: Db, actor: Actor, runId: number, reason: string) {
  const subjectId = ownEnterprise(actor);
  const result = (await publishedResultsUnscoped(db, subjectId)).find((r) => r.runId === runId);
  if (!result) throw notFound({ zh: '本企业的评价结果', en: 'Your enterprise’s result' }, String(runId));
  if (!result.appealOpen)
    throw new AppError('APPEAL_CLOSED', 409, {
      zh: '该评价不在公示期内，不能提出申诉',
      en: 'This evaluation is not open for comment; appeals are closed',
    });
  return audited(db, actor, async (tx) => {
    if (await pendingAppealUnscoped(tx, runId, subjectId))
      throw new AppError('APPEAL_PENDING', 409, {
        zh: '本企业对该评价已有待处理的申诉，请等待答复',
        en: 'Your enterprise already has an appeal on this evaluation waiting for a decision',
      });
    const id = await insertAppealUnscoped(tx, { runId, subjectId, regionCode: result.regionCode, reason, by: actor.id });
    await notifyRegion(tx, await runCountyUnscoped(tx, runId), 'mujun:run', {
      kind: 'mujun.appeal',
      titleZh: `亩均评价申诉：${result.name}`,
      titleEn: `Per-mu evaluation appeal: ${result.name}`,
      bodyZh: reason,
      bodyEn: reason,
      link: `/mujun/runs/${runId}`,
    });
    return {
      result: { id, status: 'pending' as const },
      audit: { action: 'mujun.appeal.file', target: `mujun_run:${runId}`, after: { appeal: id, enterprise: result.code, reason } },
    };
  });
}

/** Attachments an appeal may carry: documents and scans, by extension (the stored type follows it, not the client). */
const ATTACHMENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.ofd': 'application/ofd',
};
export const MAX_APPEAL_FILES = 5;

export async function attachToAppeal(db: Db, actor: Actor, appealId: number, file: { bytes: Buffer; fileName: string }) {
  const subjectId = ownEnterprise(actor);
  const appeal = await ownAppealUnscoped(db, subjectId, appealId);
  if (!appeal) throw notFound({ zh: '申诉', en: 'Appeal' }, String(appealId));
  if (appeal.status !== 'pending')
    throw new AppError('ALREADY_DECIDED', 409, {
      zh: '申诉已答复，不能再添加附件',
      en: 'The appeal has been decided; no more attachments',
    });
  const contentType = ATTACHMENT_TYPES[path.extname(file.fileName).toLowerCase()];
  if (!contentType)
    throw new AppError('FILE_TYPE', 415, {
      zh: `附件 ${file.fileName} 类型不支持：请上传 PDF、JPG、PNG、OFD、Word 或 Excel 文件`,
      en: `Attachment ${file.fileName}: upload a PDF, JPG, PNG, OFD, Word or Excel file`,
    });
  return audited(db, actor, async (tx) => {
    if ((await countAppealFilesUnscoped(tx, appealId)) >= MAX_APPEAL_FILES)
      throw new AppError('TOO_MANY_FILES', 409, {
        zh: `每件申诉最多 ${MAX_APPEAL_FILES} 个附件`,
        en: `An appeal takes at most ${MAX_APPEAL_FILES} attachments`,
      });
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const id = await insertAppealFileUnscoped(tx, { appealId, fileName: file.fileName, contentType, bytes: file.bytes, sha256 });
    return {
      result: { id, fileName: file.fileName },
      audit: {
        action: 'mujun.appeal.attach',
        target: `mujun_appeal:${appealId}`,
        after: { file: file.fileName, bytes: file.bytes.length, sha256 },
      },
    };
  });
}

/** An attachment; an officer's download is audited (the enterprise reading its own file is not a hand-out). */
export async function downloadAppealFile(db: Db, actor: Actor, appealId: number, fileId: number, own: boolean) {
  const file = await appealFile(db, actor, appealId, fileId, own ? ownEnterprise(actor) : undefined);
  if (!file) throw notFound({ zh: '申诉附件', en: 'Appeal attachment' }, String(fileId));
  const found = { ...file, bytes: Buffer.from(file.bytes) };
  if (own) return found;
  return audited(db, actor, async () => ({
    result: found,
    audit: { action: 'mujun.appeal.download', target: `mujun_appeal:${appealId}`, after: { file: file.fileName } },
  }));
}

export async function decideAppeal(db: Db, actor: Actor, id: number, accept: boolean, note: string) {
  if (!accept && note.trim().length < 2)
    throw new AppError(
      'REASON_REQUIRED',
      400,
      { zh: '驳回申诉须写明理由', en: 'Give the reason for rejecting the appeal' },
      { field: 'note' },
    );
  return db.transaction(async (t) => {
    const tx = t as Db;
    const appeal = await appealForUpdate(tx, actor, id);
    if (!appeal) throw notFound({ zh: '申诉', en: 'Appeal' }, String(id));
    if (appeal.status !== 'pending')
      throw new AppError('ALREADY_DECIDED', 409, { zh: '该申诉已答复', en: 'This appeal has been decided already' });
    const status = accept ? 'accepted' : 'rejected';
    await decideAppealUnscoped(tx, id, status, actor.id, note);
    await notifyEnterprise(tx, appeal.subjectId, {
      kind: 'mujun.appeal.decision',
      titleZh: accept ? '您的亩均评价申诉已受理，数据更正后将重新评价' : '您的亩均评价申诉未被采纳',
      titleEn: accept ? 'Your appeal was accepted: the evaluation will be rerun on corrected data' : 'Your appeal was rejected',
      bodyZh: note,
      bodyEn: note,
      link: '/mujun/mine',
    });
    await appendAudit(tx, actor, {
      action: accept ? 'mujun.appeal.accept' : 'mujun.appeal.reject',
      target: `mujun_appeal:${id}`,
      before: { status: 'pending' },
      after: { status, note, run: appeal.runId },
    });
    return { id, status };
  });
}
