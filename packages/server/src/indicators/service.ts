import { AppError, notFound } from '../errors.js';
import type { Db } from '../db/store.js';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import { listIndicators, listSets, observationCountUnscoped, upsertIndicators, upsertSet } from './repository.js';
import { Indicator, IndicatorSet } from './schema.js';

const WHAT = { zh: '指标', en: 'Indicator' };
const SET = { zh: '指标集', en: 'Indicator set' };

export { listIndicators, listSets };

export async function getIndicator(db: Db, code: string): Promise<Indicator> {
  const [found] = await listIndicators(db, [code]);
  if (!found) throw notFound(WHAT, code);
  return found;
}

export async function getSet(db: Db, code: string): Promise<IndicatorSet> {
  const found = (await listSets(db)).find((s) => s.code === code);
  if (!found) throw notFound(SET, code);
  return found;
}

/** Creates or updates catalogue entries; frequency and subject kind cannot change once data exists. */
export async function saveIndicators(db: Db, actor: Actor, input: unknown[]): Promise<Indicator[]> {
  const items = input.map((i) => Indicator.parse(i));
  return db.transaction(async (tx) => {
    const existing = new Map(
      (
        await listIndicators(
          tx as Db,
          items.map((i) => i.code),
        )
      ).map((i) => [i.code, i]),
    );
    for (const item of items) {
      const before = existing.get(item.code);
      if (before && (before.frequency !== item.frequency || before.subjectKind !== item.subjectKind)) {
        if ((await observationCountUnscoped(tx as Db, item.code)) > 0) {
          throw new AppError('INDICATOR_FROZEN', 409, {
            zh: `指标 ${item.code} 已有数据，不能修改频度或主体类型`,
            en: `Indicator ${item.code} has data; its frequency and subject kind cannot change`,
          });
        }
      }
    }
    await upsertIndicators(tx as Db, items);
    await appendAudit(tx as Db, actor, {
      action: 'indicator.save',
      target: items.length === 1 ? `indicator:${items[0].code}` : `indicators:${items.length}`,
      before: [...existing.values()],
      after: items,
    });
    return listIndicators(
      tx as Db,
      items.map((i) => i.code),
    );
  });
}

export async function saveSet(db: Db, actor: Actor, input: unknown): Promise<IndicatorSet> {
  const set = IndicatorSet.parse(input);
  return db.transaction(async (tx) => {
    const known = new Set((await listIndicators(tx as Db, set.indicators)).map((i) => i.code));
    const missing = set.indicators.filter((c) => !known.has(c));
    if (missing.length) {
      throw new AppError('UNKNOWN_INDICATOR', 400, {
        zh: `未知指标：${missing.join('、')}`,
        en: `Unknown indicators: ${missing.join(', ')}`,
      });
    }
    await upsertSet(tx as Db, set);
    await appendAudit(tx as Db, actor, { action: 'indicator_set.save', target: `indicator_set:${set.code}`, after: set });
    return set;
  });
}
