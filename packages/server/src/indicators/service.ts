import { AppError, notFound } from '../errors.js';
import type { Db } from '../db/store.js';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import { indicatorsNamed, listIndicators, listSets, observationCountUnscoped, upsertIndicators, upsertSet } from './repository.js';
import { Indicator, IndicatorSet, type CatalogueEntry } from './schema.js';

const WHAT = { zh: '指标', en: 'Indicator' };
const SET = { zh: '指标集', en: 'Indicator set' };

export { listIndicators, listSets };

export async function getIndicator(db: Db, code: string): Promise<CatalogueEntry> {
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
export async function saveIndicators(db: Db, actor: Actor, input: unknown[]): Promise<CatalogueEntry[]> {
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
    await assertNamesFree(tx as Db, items);
    try {
      await upsertIndicators(tx as Db, items);
    } catch (e) {
      // a batch swapping names between entries passes the check above but not the index
      if (/indicator_name_(zh|en)_unique/.test(String((e as Error).message) + String((e as { constraint?: string }).constraint ?? ''))) {
        throw new AppError('INDICATOR_NAME_TAKEN', 409, {
          zh: '指标名称在指标目录中必须唯一',
          en: 'Indicator names must be unique within the catalogue',
        });
      }
      throw e;
    }
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

const zhKey = (n: string) => n.trim();
const enKey = (n: string) => n.trim().toLowerCase();

/**
 * Names are unique within the catalogue (Chinese exactly, English ignoring case): two entries with
 * one name let an import write to one while a scheme reads the other. Refuses with 409, naming the
 * entry that holds the name; the unique indexes of migration 202612041000 are the backstop.
 */
async function assertNamesFree(db: Db, items: Indicator[]): Promise<void> {
  const codes = new Set(items.map((i) => i.code));
  const holders = (
    await indicatorsNamed(
      db,
      items.map((i) => i.nameZh),
      items.map((i) => i.nameEn),
    )
  ).filter((h) => !codes.has(h.code));
  // entries of this save hold their new names; a renamed entry frees its old name
  const claimed: Pick<Indicator, 'code' | 'nameZh' | 'nameEn'>[] = [...holders];
  for (const item of items) {
    const zh = claimed.find((c) => c.code !== item.code && zhKey(c.nameZh) === zhKey(item.nameZh));
    const en = zh ? undefined : claimed.find((c) => c.code !== item.code && enKey(c.nameEn) === enKey(item.nameEn));
    const taken = zh ?? en;
    if (taken) {
      const field = zh ? 'nameZh' : 'nameEn';
      const name = zh ? item.nameZh : item.nameEn;
      throw new AppError(
        'INDICATOR_NAME_TAKEN',
        409,
        {
          zh: `指标名称“${name}”已被指标 ${taken.code} 使用，请换一个名称或改用 ${taken.code}`,
          en: `The indicator name "${name}" is already used by ${taken.code}; choose another name or use ${taken.code}`,
        },
        [{ path: field, message: `taken by ${taken.code}`, code: item.code, existing: taken.code }],
      );
    }
    claimed.push(item);
  }
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
