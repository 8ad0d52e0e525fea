/** Runs as a whole: the county a run evaluates, publication (公示 → 正式), class migration. */
import { sql } from 'drizzle-orm';
import { migrationMatrix } from '@gongfu/engine/mujun';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { audited } from '../audit/service.js';
import { one, type Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { readPage, type PageQuery } from '../http/schemas.js';
import { countPendingAppealsUnscoped } from './appeal-repository.js';
import { writeDistrictIndicators } from './district.js';
import { classesOfYear, countResults, resultsOf, runById, setRunStatusUnscoped, type ResultFilter } from './repository.js';

/** The county a run evaluates: the given one, else the caller's own region's county, else the first county in scope. */
export async function runRegion(db: Db, actor: Actor, given?: string): Promise<string> {
  const found = await one<{ code: string }>(
    db,
    given
      ? sql`select r.code from region r where r.code = ${given} and ${inScope(actor, 'region', 'r')}`
      : sql`select r.code from region r where r.level = 'county' and ${inScope(actor, 'region', 'r')}
            order by (r.code = (select u.region_code from app_user u where u.id = ${actor.userId ?? -1})) desc, r.code limit 1`,
  );
  if (!found) throw new AppError('OUT_OF_SCOPE', 403, { zh: '没有可评价的区县（数据范围）', en: 'No county in your scope to evaluate' });
  return found.code;
}

export async function visibleRun(db: Db, actor: Actor, id: number) {
  const run = await runById(db, actor, id);
  if (!run) throw notFound({ zh: '亩均评价', en: 'Evaluation run' }, String(id));
  return run;
}

export async function resultsPage(db: Db, actor: Actor, runId: number, f: ResultFilter, p: PageQuery) {
  await visibleRun(db, actor, runId);
  return readPage(
    p,
    (w) => resultsOf(db, actor, runId, f, w),
    () => countResults(db, actor, runId, f),
  );
}

const NEXT: Record<string, string> = { draft: 'published', published: 'final' };
const STATUS_ZH: Record<string, string> = { draft: '草稿', published: '公示中', final: '正式' };
const STATUS_EN: Record<string, string> = { draft: 'a draft', published: 'published for comment', final: 'final' };

/** 公示 (published for comment) then 正式 (final); a published or final run feeds later years' streaks. */
export async function publishRun(db: Db, actor: Actor, id: number, status: 'published' | 'final', appealDays?: number) {
  const run = await visibleRun(db, actor, id);
  if (NEXT[run.status] !== status) {
    throw new AppError(
      'WRONG_STATUS',
      409,
      {
        zh: `评价当前为「${STATUS_ZH[run.status]}」，不能改为「${STATUS_ZH[status]}」`,
        en: `The run is ${STATUS_EN[run.status]}; it cannot become ${STATUS_EN[status]}`,
      },
      { status: run.status },
    );
  }
  return audited(db, actor, async (tx) => {
    const pending = status === 'final' ? await countPendingAppealsUnscoped(tx, id) : 0;
    if (pending > 0)
      throw new AppError(
        'APPEALS_PENDING',
        409,
        {
          zh: `还有 ${pending} 件申诉未答复，答复后才能正式发布`,
          en: `${pending} appeals await a decision; decide them before the final publication`,
        },
        { pending },
      );
    await setRunStatusUnscoped(tx, id, status, appealDays);
    if (status === 'final') await writeDistrictIndicators(tx, actor, run);
    const after = status === 'published' ? { status, appealDays: appealDays ?? 7 } : { status };
    return {
      result: { id, status },
      audit: { action: 'mujun.publish', target: `mujun_run:${id}`, before: { status: run.status }, after },
    };
  });
}

/** Year-on-year class migration: the latest published run of the year before against this run. */
export async function migration(db: Db, actor: Actor, id: number) {
  const run = await visibleRun(db, actor, id);
  const current = new Map((await resultsOf(db, actor, id, {}, { limit: 1_000_000, offset: 0 })).map((r) => [r.code, r.class]));
  const previous = await classesOfYear(db, actor, run.year - 1);
  return { year: run.year, previousYear: run.year - 1, hasPrevious: previous.size > 0, ...migrationMatrix(previous, current) };
}
