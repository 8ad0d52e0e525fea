/**
 * The 八大行动 task tree and the 20 标志性成果: action → task → milestone with owner (a department or
 * a town), due date and evidence (files stored in the database, links). A milestone is self-reported
 * by its owner (open or returned → reported), reviewed (reported → reviewed) and accepted (reviewed →
 * accepted), or returned with a reason from reported or reviewed. Every transition is one
 * transaction with its audit entry. Overdue: the due date (a calendar date, Asia/Shanghai) has
 * passed and the milestone is not accepted. The scoreboard writes the overdue count per responsible
 * region as the indicator TG_MS_OVERDUE through the observation writer.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { writeObservations } from '../observations/writer.js';
import {
  actionsOf,
  countFilesUnscoped,
  decideMilestoneUnscoped,
  fileOf,
  insertFileUnscoped,
  milestoneForUpdate,
  milestonesOf,
  overdueByRegion,
  reportMilestoneUnscoped,
  type MilestoneRow,
  type MilestoneStatus,
} from './milestone-repository.js';
import { shanghaiDate } from './projects.js';

export const OVERDUE_INDICATOR = 'TG_MS_OVERDUE';
/** Evidence: scans and documents, not bulk data. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 10;
const EVIDENCE_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.ofd': 'application/ofd',
};

const withOverdue = (m: MilestoneRow, today: string) => {
  const { regionCode: _r, ...rest } = m;
  return { ...rest, overdue: m.status !== 'accepted' && m.dueDate < today };
};

/** The tree: every action and task, with the milestones the caller may see and counts per node. */
export async function milestoneTree(db: Db, actor: Actor, today = shanghaiDate()) {
  const [nodes, milestones] = await Promise.all([actionsOf(db), milestonesOf(db, actor)]);
  const byTask = new Map<number, ReturnType<typeof withOverdue>[]>();
  for (const m of milestones) {
    const list = byTask.get(m.taskId) ?? [];
    list.push(withOverdue(m, today));
    byTask.set(m.taskId, list);
  }
  const count = (list: { status: string; overdue: boolean }[]) => ({
    milestones: list.length,
    accepted: list.filter((m) => m.status === 'accepted').length,
    overdue: list.filter((m) => m.overdue).length,
  });
  const actions = nodes
    .filter((n) => n.parentId === null)
    .map((a) => {
      const tasks = nodes
        .filter((n) => n.parentId === a.id)
        .map((t) => {
          const ms = byTask.get(t.id) ?? [];
          return { id: t.id, name: t.name, ownerUnit: t.ownerUnit, synthetic: t.synthetic, ...count(ms), items: ms };
        });
      return {
        id: a.id,
        code: a.code,
        name: a.name,
        ownerUnit: a.ownerUnit,
        sourceDocument: a.sourceDocument,
        synthetic: a.synthetic,
        ...count(tasks.flatMap((t) => t.items)),
        tasks,
      };
    });
  const all = actions.flatMap((a) => a.tasks.flatMap((t) => t.items));
  return { today, ...count(all), signature: all.filter((m) => m.signature).length, actions };
}

export async function milestoneDetail(db: Db, actor: Actor, id: number) {
  const [m] = await milestonesOf(db, actor, { id });
  if (!m) throw notFound({ zh: '里程碑', en: 'Milestone' }, String(id));
  return withOverdue(m, shanghaiDate());
}

const STATUS_ZH: Record<MilestoneStatus, string> = {
  open: '未上报',
  reported: '已上报',
  reviewed: '已审核',
  accepted: '已验收',
  returned: '已退回',
};

function wrongState(status: MilestoneStatus, zh: string, en: string) {
  return new AppError(
    'MILESTONE_STATE',
    409,
    { zh: `该里程碑${STATUS_ZH[status]}，${zh}`, en: `The milestone is ${status}: ${en}` },
    { status },
  );
}

/** The owner's self-report: a note and links (open or returned → reported). */
export async function reportMilestone(db: Db, actor: Actor, id: number, body: { note: string; links: string[] }) {
  await audited(db, actor, async (tx) => {
    const m = await milestoneForUpdate(tx, actor, id);
    if (!m) throw notFound({ zh: '里程碑', en: 'Milestone' }, String(id));
    if (m.status !== 'open' && m.status !== 'returned')
      throw wrongState(m.status, '不能重复上报', 'only an open or returned milestone is reported');
    await reportMilestoneUnscoped(tx, id, body.note, body.links, actor.id);
    return {
      result: null,
      audit: {
        action: 'targets.milestone.report',
        target: `target_milestone:${id}`,
        before: { status: m.status },
        after: { status: 'reported', ...body },
      },
    };
  });
  return milestoneDetail(db, actor, id);
}

export type Decision = 'review' | 'accept' | 'return';

/** Review (reported → reviewed), accept (reviewed → accepted), or return with a reason (reported or reviewed → returned). */
export async function decideMilestone(db: Db, actor: Actor, id: number, decision: Decision, reason: string) {
  if (decision === 'return' && reason.trim().length < 2)
    throw badRequest('REASON_REQUIRED', { zh: '退回须写明理由', en: 'Give the reason for returning the milestone' }, { field: 'reason' });
  await audited(db, actor, async (tx) => {
    const m = await milestoneForUpdate(tx, actor, id);
    if (!m) throw notFound({ zh: '里程碑', en: 'Milestone' }, String(id));
    const from: Record<Decision, MilestoneStatus[]> = { review: ['reported'], accept: ['reviewed'], return: ['reported', 'reviewed'] };
    if (!from[decision].includes(m.status))
      throw wrongState(
        m.status,
        decision === 'review'
          ? '只有已上报的里程碑可以审核'
          : decision === 'accept'
            ? '只有已审核的里程碑可以验收'
            : '只有已上报或已审核的里程碑可以退回',
        decision === 'review'
          ? 'only a reported milestone is reviewed'
          : decision === 'accept'
            ? 'only a reviewed milestone is accepted'
            : 'only a reported or reviewed milestone is returned',
      );
    const to = decision === 'review' ? 'reviewed' : decision === 'accept' ? 'accepted' : 'returned';
    await decideMilestoneUnscoped(tx, id, to, reason.trim(), actor.id);
    return {
      result: null,
      audit: {
        action: `targets.milestone.${decision}`,
        target: `target_milestone:${id}`,
        before: { status: m.status },
        after: { status: to, ...(decision === 'return' ? { reason: reason.trim() } : {}) },
      },
    };
  });
  return milestoneDetail(db, actor, id);
}

/** Evidence file (PDF, image, OFD, Word, Excel), while the milestone is not yet accepted. */
export async function attachEvidence(db: Db, actor: Actor, id: number, file: { bytes: Buffer; fileName: string }) {
  const contentType = EVIDENCE_TYPES[path.extname(file.fileName).toLowerCase()];
  if (!contentType)
    throw new AppError('FILE_TYPE', 415, {
      zh: `佐证材料 ${file.fileName} 类型不支持：请上传 PDF、JPG、PNG、OFD、Word 或 Excel 文件`,
      en: `Evidence ${file.fileName}: upload a PDF, JPG, PNG, OFD, Word or Excel file`,
    });
  return audited(db, actor, async (tx) => {
    const m = await milestoneForUpdate(tx, actor, id);
    if (!m) throw notFound({ zh: '里程碑', en: 'Milestone' }, String(id));
    if (m.status === 'accepted') throw wrongState(m.status, '不能再添加佐证材料', 'no more evidence');
    if ((await countFilesUnscoped(tx, id)) >= MAX_EVIDENCE_FILES)
      throw new AppError('TOO_MANY_FILES', 409, {
        zh: `每个里程碑最多 ${MAX_EVIDENCE_FILES} 个佐证材料`,
        en: `A milestone takes at most ${MAX_EVIDENCE_FILES} evidence files`,
      });
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const fileId = await insertFileUnscoped(
      tx,
      { milestoneId: id, fileName: file.fileName, contentType, bytes: file.bytes, sha256 },
      actor.id,
    );
    return {
      result: { id: fileId, fileName: file.fileName },
      audit: {
        action: 'targets.milestone.attach',
        target: `target_milestone:${id}`,
        after: { file: file.fileName, bytes: file.bytes.length, sha256 },
      },
    };
  });
}

export async function downloadEvidence(db: Db, actor: Actor, id: number, fileId: number) {
  const f = await fileOf(db, actor, id, fileId);
  if (!f) throw notFound({ zh: '佐证材料', en: 'Evidence file' }, String(fileId));
  return audited(db, actor, async () => ({
    result: { ...f, bytes: Buffer.from(f.bytes) },
    audit: { action: 'targets.milestone.download', target: `target_milestone:${id}`, after: { file: f.fileName } },
  }));
}

/** 逾期未验收里程碑数 per responsible region at a date, written for the date's month. */
export async function writeMilestoneScoreboard(db: Db, actor: Actor, date: string, options: { synthetic?: boolean } = {}) {
  const counts = await overdueByRegion(db, actor, date);
  if (counts.length === 0) throw new AppError('NOTHING_TO_SCORE', 409, { zh: '没有可计分的里程碑', en: 'No milestone to score' });
  const period = date.slice(0, 7);
  const source = options.synthetic ? '挂图作战里程碑（合成数据计算）' : '挂图作战里程碑';
  const r = await writeObservations(db, actor, {
    batch: {
      fileName: `targets-milestones-${date}`,
      fileSha256: '',
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: counts.length,
      source,
      synthetic: options.synthetic ?? false,
      note: options.synthetic ? 'computed from synthetic milestones' : '',
    },
    rows: counts.map((c) => ({
      indicatorCode: OVERDUE_INDICATOR,
      subject: { kind: 'region' as const, code: c.regionCode },
      period,
      periodStart: `${period}-01`,
      value: c.overdue,
      status: 'final' as const,
      source,
    })),
    audit: { action: 'targets.milestone.scoreboard', after: { date } },
  });
  return { period, regions: counts.length, inserted: r.inserted, revised: r.revised, unchanged: r.unchanged, batchId: r.batchId };
}
