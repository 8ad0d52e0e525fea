/**
 * Issuing and following reporting tasks: an office asks its units for one period of an indicator
 * set by a deadline, watches the board (submitted / late / returned / accepted) and sends 催报
 * reminders to the units that have not reported.
 */
import type { Actor } from '../auth/actor.js';
import { appendAudit, audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { readPage, type Page, type PageQuery } from '../http/schemas.js';
import { listIndicators } from '../indicators/repository.js';
import { getSet } from '../indicators/service.js';
import { notifyRegion } from '../notifications/repository.js';
import { parsePeriod } from '../observations/period.js';
import {
  assignmentsOf,
  countTasks,
  insertTaskUnscoped,
  listTasks,
  markRemindedUnscoped,
  regionsInScope,
  taskById,
  type AssignmentRow,
  type TaskRow,
} from './repository.js';
import type { z } from 'zod';
import type { NewTaskBody } from './schemas.js';
import { deadlineText } from './time.js';

const TASK = { zh: '填报任务', en: 'Reporting task' };

export async function tasksPage(db: Db, actor: Actor, p: PageQuery): Promise<Page<TaskRow>> {
  return readPage(
    p,
    (w) => listTasks(db, actor, w),
    () => countTasks(db, actor),
  );
}

export async function visibleTask(db: Db, actor: Actor, id: number): Promise<TaskRow> {
  const task = await taskById(db, actor, id);
  if (!task) throw notFound(TASK, String(id));
  return task;
}

/** A task the caller may manage (review, return, accept, remind): its office is in their scope. */
export async function managedTask(db: Db, actor: Actor, id: number): Promise<TaskRow> {
  const task = await visibleTask(db, actor, id);
  if (!task.manageable) {
    throw new AppError('NOT_TASK_OFFICE', 403, {
      zh: `任务「${task.title}」由${task.regionName}下发，你只能报送，不能审核或催报`,
      en: `"${task.title}" was issued by ${task.regionName}: you may report for it, not review it or send reminders`,
    });
  }
  return task;
}

export async function taskBoard(db: Db, actor: Actor, id: number): Promise<{ task: TaskRow; assignments: AssignmentRow[] }> {
  const task = await visibleTask(db, actor, id);
  return { task, assignments: await assignmentsOf(db, actor, id) };
}

/** The deepest region above every unit: the office that manages the task (a county for its towns). */
function commonParent(paths: string[]): string {
  const parts = paths.map((p) => p.split('/').filter(Boolean));
  const parents = parts.map((p) => (p.length > 1 ? p.slice(0, -1) : p));
  const first = parents[0];
  let depth = 0;
  while (depth < first.length && parents.every((p) => p[depth] === first[depth])) depth++;
  return first[Math.max(0, depth - 1)];
}

/**
 * The office of a task the actor issues: the deepest region above every unit, if it lies in the
 * actor's scope; otherwise the first region in scope on the way down to the units (a town that
 * asks itself for figures issues the task as the town, never in the county's name).
 */
async function officeOf(db: Db, actor: Actor, paths: string[]): Promise<string> {
  const office = commonParent(paths);
  const parts = paths.map((p) => p.split('/').filter(Boolean));
  const first = parts[0];
  let depth = 0;
  while (depth < first.length && parts.every((p) => p[depth] === first[depth])) depth++;
  const below = first.slice(first.indexOf(office), depth);
  const inScope = new Set((await regionsInScope(db, actor, below)).map((r) => r.code));
  const own = below.find((code) => inScope.has(code));
  if (!own) throw new AppError('OUT_OF_SCOPE', 403, { zh: '报送单位超出你的数据范围', en: 'The units are outside your scope' });
  return own;
}

export async function createTask(db: Db, actor: Actor, input: z.infer<typeof NewTaskBody>): Promise<TaskRow> {
  const set = await getSet(db, input.indicatorSet);
  const indicators = await listIndicators(db, set.indicators);
  const unfit = indicators.filter((i) => typeof parsePeriod(input.period, i.frequency) !== 'object');
  if (unfit.length || indicators.length === 0) {
    throw new AppError(
      'PERIOD_NOT_FOR_SET',
      400,
      {
        zh: `期间「${input.period}」不适用于指标集「${set.nameZh}」中的：${unfit.map((i) => i.nameZh).join('、') || '（指标集为空）'}`,
        en: `Period "${input.period}" does not fit these indicators of "${set.nameEn}": ${unfit.map((i) => i.nameEn).join(', ') || '(the set is empty)'}`,
      },
      { indicators: unfit.map((i) => i.code) },
    );
  }
  const period = parsePeriod(input.period, indicators[0].frequency) as { period: string };
  if (new Date(input.deadline).getTime() <= Date.now()) {
    throw new AppError('DEADLINE_PAST', 400, { zh: '截止时间已过，请选择今后的时间', en: 'The deadline has passed; choose a later time' });
  }
  const units = [...new Set(input.units)];
  const found = await regionsInScope(db, actor, units);
  const missing = units.filter((u) => !found.some((f) => f.code === u));
  if (missing.length) {
    throw new AppError(
      'OUT_OF_SCOPE',
      403,
      {
        zh: `以下报送单位不存在或超出你的数据范围：${missing.join('、')}`,
        en: `These units do not exist or are outside your scope: ${missing.join(', ')}`,
      },
      { units: missing },
    );
  }
  const office = await officeOf(
    db,
    actor,
    found.map((f) => f.path),
  );
  return audited(db, actor, async (tx) => {
    const id = await insertTaskUnscoped(tx, { ...input, period: period.period, regionCode: office, createdBy: actor.id }, units);
    for (const u of units) {
      await notifyRegion(tx, u, 'collect:submit', {
        kind: 'collect.task',
        titleZh: `新的填报任务：${input.title}`,
        titleEn: `New reporting task: ${input.title}`,
        bodyZh: `请于 ${deadlineText(input.deadline, 'zh')} 前报送 ${period.period} 的数据`,
        bodyEn: `Please report the ${period.period} figures by ${deadlineText(input.deadline, 'en')}`,
        link: `/collect/${id}`,
      });
    }
    const task = (await taskById(tx, actor, id))!;
    return {
      result: task,
      audit: {
        action: 'collect.task.create',
        target: `report_task:${id}`,
        after: { title: input.title, indicatorSet: set.code, period: period.period, deadline: input.deadline, units: units.length },
      },
    };
  });
}

/** 催报: notifies the accounts of every unit that has not reported (pending or returned). */
export async function remind(db: Db, actor: Actor, id: number): Promise<{ units: number; accounts: number }> {
  const task = await managedTask(db, actor, id);
  const due = (await assignmentsOf(db, actor, id)).filter((a) => a.status === 'pending' || a.status === 'returned');
  return db.transaction(async (t) => {
    const tx = t as Db;
    let accounts = 0;
    for (const a of due) {
      accounts += await notifyRegion(tx, a.regionCode, 'collect:submit', {
        kind: 'collect.remind',
        titleZh: `催报：${task.title}`,
        titleEn: `Reminder: ${task.title}`,
        bodyZh: `${a.regionName}尚未完成 ${task.period} 的报送，截止时间 ${deadlineText(task.deadline, 'zh')}`,
        bodyEn: `${a.regionName} has not yet reported ${task.period}; the deadline is ${deadlineText(task.deadline, 'en')}`,
        link: `/collect/${id}`,
      });
    }
    await markRemindedUnscoped(
      tx,
      due.map((a) => a.id),
    );
    await appendAudit(tx, actor, {
      action: 'collect.remind',
      target: `report_task:${id}`,
      after: { units: due.map((a) => a.regionCode), accounts },
    });
    return { units: due.length, accounts };
  });
}
