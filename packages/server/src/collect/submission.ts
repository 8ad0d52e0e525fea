/**
 * One unit's submission through its life: submit (a workbook read by the importer, written as 初步
 * values limited to the task), withdraw before review, 退回 with a reason, or accept — which
 * publishes the values as 正式 in a batch of their own and updates the unit's 按时报送率. Each step
 * locks the assignment, checks the transition and appends its audit entry in one transaction.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import type { ImportIssue } from '../imports/issues.js';
import { runImport, type ImportOptions, type ImportPreview } from '../imports/service.js';
import { getSet } from '../indicators/service.js';
import { notifyRegion } from '../notifications/repository.js';
import { withdrawRevision } from '../observations/withdrawal.js';
import { writeObservations } from '../observations/writer.js';
import {
  currentOfBatch,
  lockAssignment,
  moveAssignmentUnscoped,
  onTimeRate,
  unitSubtree,
  unitValues,
  type AssignmentRow,
  type AssignmentStatus,
  type TaskRow,
} from './repository.js';
import { managedTask, visibleTask } from './tasks.js';

export const ON_TIME_INDICATOR = 'REPORT_ON_TIME_RATE';

const STATUS_ZH: Record<AssignmentStatus, string> = {
  pending: '待报送',
  submitted: '已报送待审核',
  returned: '已退回',
  accepted: '已通过',
};

function expectStatus(a: AssignmentRow, allowed: AssignmentStatus[], doing: { zh: string; en: string }) {
  if (allowed.includes(a.status)) return;
  throw new AppError(
    'WRONG_STATUS',
    409,
    {
      zh: `${a.regionName}的报送状态为「${STATUS_ZH[a.status]}」，不能${doing.zh}${a.status === 'submitted' ? '（如需修改，请先撤回）' : ''}`,
      en: `${a.regionName}'s submission is ${a.status}: it cannot be ${doing.en}${a.status === 'submitted' ? ' (withdraw it first to change it)' : ''}`,
    },
    { status: a.status },
  );
}

async function locked(tx: Db, actor: Actor, task: TaskRow, unit: string): Promise<AssignmentRow> {
  const a = await lockAssignment(tx, actor, task.id, unit);
  if (!a) throw notFound({ zh: '报送单位', en: 'Reporting unit' }, unit);
  return a;
}

const inTransaction = <T>(db: Db, work: (tx: Db) => Promise<T>) => db.transaction((t) => work(t as Db));

export interface SubmitRequest {
  bytes: Uint8Array;
  fileName: string;
  dryRun: boolean;
  note?: string;
  maxBytes: number;
  /** names and column roles the unit confirms in the mapping step (see ImportOptions) */
  mapping?: ImportOptions['mapping'];
  columns?: ImportOptions['columns'];
  headerRows?: ImportOptions['headerRows'];
}

/**
 * Where a unit's confirmed names and column roles are kept: per unit and indicator set (the task
 * series), so next period's task — with its own title — reads the same-shaped file without questions.
 */
export const taskMappingSource = (task: TaskRow, unit: string) => `填报任务:${task.indicatorSet}:${unit}`;

/** Reads the unit's workbook; unless a dry run, writes its values as 初步 and marks the assignment submitted. */
export async function submit(
  db: Db,
  actor: Actor,
  taskId: number,
  unit: string,
  req: SubmitRequest,
  via: 'file' | 'form' = 'file',
): Promise<ImportPreview> {
  const task = await visibleTask(db, actor, taskId);
  const set = await getSet(db, task.indicatorSet);
  const work = async (tx: Db) => {
    const a = await locked(tx, actor, task, unit);
    expectStatus(a, ['pending', 'returned'], { zh: '提交', en: 'submitted' });
    const preview = await runImport(tx, actor, req.bytes, {
      fileName: req.fileName,
      dryRun: req.dryRun,
      status: 'preliminary',
      source: `填报任务「${task.title}」`,
      note: req.note,
      mapping: req.mapping,
      columns: req.columns,
      headerRows: req.headerRows,
      mappingSource: taskMappingSource(task, unit),
      maxBytes: req.maxBytes,
      period: task.period,
      allowed: {
        indicators: new Set(set.indicators),
        period: task.period,
        subjects: await unitSubtree(tx, actor, a.regionPath),
        label: { zh: `填报任务「${task.title}」`, en: `the reporting task "${task.title}"` },
      },
      audit: { action: 'collect.submit', after: { task: task.id, unit, via } },
    });
    if (!req.dryRun) await moveAssignmentUnscoped(tx, a.id, { to: 'submitted', batchId: preview.batchId, by: actor.id });
    return preview;
  };
  return req.dryRun ? work(db) : inTransaction(db, work);
}

export interface EntryRequest {
  values: { indicator: string; subject?: string; value: number | null }[];
  note?: string;
  dryRun: boolean;
  maxBytes: number;
}

const ENTRY_FIELDS: Record<string, string> = { A: 'subject', B: 'period', C: 'indicator', D: 'value' };

/**
 * Values a unit fills in on screen (在线填报) instead of uploading: they go through the same reader
 * and checks as a file (as a four-column long table), land as 初步 like an upload and are audited as
 * `collect.submit`; a problem is reported with the field path of the value (`values[2].value`). A
 * null value is a field left empty and is not written.
 */
export async function submitEntry(db: Db, actor: Actor, taskId: number, unit: string, req: EntryRequest): Promise<ImportPreview> {
  const kept = req.values.map((v, i) => ({ ...v, i })).filter((v) => v.value !== null);
  if (kept.length === 0)
    throw new AppError(
      'ENTRY_EMPTY',
      400,
      { zh: '没有填写任何数值', en: 'No value was filled in' },
      {
        issues: [
          {
            sheet: null,
            row: null,
            column: null,
            path: 'values',
            code: 'ENTRY_EMPTY',
            zh: '没有填写任何数值',
            en: 'No value was filled in',
          },
        ],
      },
    );
  const task = await visibleTask(db, actor, taskId);
  const csv = [
    'subject_code,period,indicator_code,value',
    ...kept.map((v) => `${v.subject ?? unit},${task.period},${v.indicator.replace(/[",\r\n]/g, ' ')},${v.value}`),
  ];
  try {
    return await submit(
      db,
      actor,
      taskId,
      unit,
      {
        bytes: new TextEncoder().encode(csv.join('\n')),
        fileName: '在线填报.csv',
        dryRun: req.dryRun,
        note: req.note ?? '在线填报',
        maxBytes: req.maxBytes,
      },
      'form',
    );
  } catch (e) {
    if (!(e instanceof AppError) || !Array.isArray((e.details as { issues?: unknown } | undefined)?.issues)) throw e;
    const details = e.details as { issues: ImportIssue[]; detected?: unknown };
    const issues = details.issues.map((issue) => {
      const entry = issue.row !== null && issue.row >= 2 ? kept[issue.row - 2] : undefined;
      const field = issue.column ? ENTRY_FIELDS[issue.column] : undefined;
      const path = entry ? `values[${entry.i}]${field && field !== 'period' ? `.${field}` : ''}` : 'values';
      return { ...issue, sheet: null, row: null, column: null, path };
    });
    throw new AppError(e.code, e.status, e.messages, { ...details, issues, detected: undefined });
  }
}

/** Takes back the values a submission wrote that are still current; earlier values become current again. */
async function takeBack(tx: Db, actor: Actor, a: AssignmentRow, reason: string): Promise<number> {
  if (a.batchId === null) return 0;
  const ids = await currentOfBatch(tx, actor, a.batchId);
  for (const id of ids) await withdrawRevision(tx, actor, id, reason);
  return ids.length;
}

/** The unit withdraws its submission before review (撤回). */
export async function withdrawSubmission(db: Db, actor: Actor, taskId: number, unit: string, reason: string) {
  const task = await visibleTask(db, actor, taskId);
  return inTransaction(db, async (tx) => {
    const a = await locked(tx, actor, task, unit);
    expectStatus(a, ['submitted'], { zh: '撤回', en: 'withdrawn' });
    const withdrawn = await takeBack(tx, actor, a, `撤回报送：${reason}`);
    await moveAssignmentUnscoped(tx, a.id, { to: 'pending' });
    await appendAudit(tx, actor, {
      action: 'collect.withdraw',
      target: `report_task:${task.id}`,
      after: { unit, reason, batch: a.batchId, withdrawn },
    });
    return { status: 'pending' as const, withdrawn };
  });
}

/** The office returns a submission with a reason (退回); its values are taken back and the unit is told. */
export async function returnSubmission(db: Db, actor: Actor, taskId: number, unit: string, reason: string) {
  const task = await managedTask(db, actor, taskId);
  return inTransaction(db, async (tx) => {
    const a = await locked(tx, actor, task, unit);
    expectStatus(a, ['submitted'], { zh: '退回', en: 'returned' });
    const withdrawn = await takeBack(tx, actor, a, `退回：${reason}`);
    await moveAssignmentUnscoped(tx, a.id, { to: 'returned', reason, by: actor.id });
    const notified = await notifyRegion(tx, unit, 'collect:submit', {
      kind: 'collect.return',
      titleZh: `报送被退回：${task.title}`,
      titleEn: `Submission returned: ${task.title}`,
      bodyZh: `退回原因：${reason}`,
      bodyEn: `Reason: ${reason}`,
      link: `/collect/${task.id}`,
    });
    await appendAudit(tx, actor, {
      action: 'collect.return',
      target: `report_task:${task.id}`,
      after: { unit, reason, batch: a.batchId, withdrawn, notified },
    });
    return { status: 'returned' as const, withdrawn };
  });
}

/** The office accepts: the unit's 初步 values of the task are published as 正式, with their provenance. */
export async function accept(db: Db, actor: Actor, taskId: number, unit: string) {
  const task = await managedTask(db, actor, taskId);
  const set = await getSet(db, task.indicatorSet);
  return inTransaction(db, async (tx) => {
    const a = await locked(tx, actor, task, unit);
    expectStatus(a, ['submitted'], { zh: '审核通过', en: 'accepted' });
    const preliminary = (await unitValues(tx, actor, { indicators: set.indicators, period: task.period, unitPath: a.regionPath })).filter(
      (v) => v.status === 'preliminary',
    );
    const name = `report-task-${task.id}-${unit}`;
    const published = await writeObservations(tx, actor, {
      batch: {
        fileName: name,
        fileSha256: createHash('sha256')
          .update(`${name}:${a.batchId}:${preliminary.map((v) => v.id).join(',')}`)
          .digest('hex'),
        format: 'api',
        layout: 'api',
        encoding: null,
        rowCount: preliminary.length,
        source: `填报任务「${task.title}」`,
        synthetic: false,
        note: `填报任务「${task.title}」审核通过，${a.regionName}报送的初步数据发布为正式（报送批次 #${a.batchId ?? '—'}）`,
      },
      rows: preliminary.map((v) => ({
        indicatorCode: v.indicatorCode,
        subject: { kind: 'region', code: v.subjectCode },
        period: task.period,
        periodStart: v.periodStart,
        value: v.value,
        status: 'final',
        source: v.source,
      })),
      whenUnchanged: 'skip',
      audit: { action: 'collect.accept', after: { task: task.id, unit, submittedBatch: a.batchId } },
    });
    await moveAssignmentUnscoped(tx, a.id, { to: 'accepted', publishedBatchId: published.batchId, by: actor.id });
    await writeOnTimeRate(tx, actor, unit, task.period.slice(0, 4));
    await notifyRegion(tx, unit, 'collect:submit', {
      kind: 'collect.accept',
      titleZh: `报送已通过审核：${task.title}`,
      titleEn: `Submission accepted: ${task.title}`,
      bodyZh: `${task.period} 的数据已发布为正式数据`,
      bodyEn: `The ${task.period} figures are published as final`,
      link: `/collect/${task.id}`,
    });
    return { status: 'accepted' as const, published: published.inserted + published.revised, batchId: published.batchId };
  });
}

/** Updates the unit's 按时报送率 for the year (an indicator like any other, with its own batch). */
async function writeOnTimeRate(tx: Db, actor: Actor, unit: string, year: string) {
  const rate = await onTimeRate(tx, actor, unit, year);
  if (rate === null) return;
  await writeObservations(tx, actor, {
    batch: {
      fileName: `report-on-time-${unit}-${year}`,
      fileSha256: createHash('sha256').update(`${unit}:${year}:${rate}`).digest('hex'),
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: 1,
      source: '数据采集：填报任务的首次报送时间与截止时间',
      synthetic: false,
      note: '按时报送率随每次审核通过更新',
    },
    rows: [
      {
        indicatorCode: ON_TIME_INDICATOR,
        subject: { kind: 'region', code: unit },
        period: year,
        periodStart: `${year}-01-01`,
        value: Math.round(rate * 10) / 10,
        status: 'final',
        source: '数据采集：填报任务的首次报送时间与截止时间',
      },
    ],
    whenUnchanged: 'skip',
    audit: { action: 'collect.on_time_rate', after: { unit, year } },
  });
}
