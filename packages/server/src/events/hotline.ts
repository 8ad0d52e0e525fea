/**
 * 12345 热线工单 import: the work-order export of the 12345 platform (CSV/Excel, one row per order)
 * through the shared table reader. Columns by name, as the platform exports them:
 *   工单编号 (required; the idempotency key: an order already imported is skipped, never doubled),
 *   来电时间 (required; Asia/Shanghai wall clock, an Excel date or "2026-11-20 09:15"),
 *   诉求内容 (required), 地址, 所属镇街 (required, by name), 所属村社 (by name, under that town),
 *   诉求分类 (required: a 小类 name such as 投诉举报, or "大类/小类"), 来电人, 联系电话, 经度, 纬度.
 * Names, not codes. Every problem names sheet, row and column; nothing is written while one remains;
 * the write is one transaction with its audit entry. A dry run (the default) reports and writes nothing.
 */
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import { cellText, matchColumns, nonEmptyRows, parseNumber, readRecords, readTable, type Cell, type TableSpec } from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import * as repo from './repository.js';

type Field = 'order' | 'time' | 'content' | 'address' | 'town' | 'village' | 'category' | 'caller' | 'phone' | 'lon' | 'lat';

const SPEC: TableSpec<Field> = {
  order: { aliases: ['工单编号', '工单号', '编号', 'order number', 'order no'], required: true },
  time: { aliases: ['来电时间', '受理时间', '登记时间', 'call time'], required: true },
  content: { aliases: ['诉求内容', '来电内容', '工单内容', 'content'], required: true },
  address: { aliases: ['地址', '诉求地址', '事发地址', 'address'] },
  town: { aliases: ['所属镇街', '镇街', '所属街道', 'town'], required: true },
  village: { aliases: ['所属村社', '村社', '村（社区）', 'village'] },
  category: { aliases: ['诉求分类', '诉求类别', '事件分类', 'category'], required: true },
  caller: { aliases: ['来电人', '来电人姓名', '诉求人', 'caller'] },
  phone: { aliases: ['联系电话', '来电号码', '电话', 'phone'] },
  lon: { aliases: ['经度', 'lon', 'longitude'] },
  lat: { aliases: ['纬度', 'lat', 'latitude'] },
};

const KEY_PREFIX = '12345:';
/** A village's name without its committee suffix (兴华社区居委会 → 兴华社区, 大渡村村委会 → 大渡村). */
const shortName = (n: string) => n.replace(/(居民委员会|村民委员会|居委会|村委会)$/, '');
const ORDER_NO = /^[A-Za-z0-9._-]{1,90}$/;
const SHANGHAI = 8 * 3600_000;

/** A 来电时间 cell as an instant: Excel dates and text are Shanghai wall-clock times. */
export function callTime(cell: Cell): number | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.getTime() - SHANGHAI;
  if (typeof cell === 'number') return cell > 20000 && cell < 80000 ? Math.round((cell - 25569) * 86_400_000) - SHANGHAI : null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/.exec(cellText(cell));
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59) return null;
  return ms - SHANGHAI;
}

export interface HotlineReport {
  dryRun: boolean;
  rows: number;
  created: number;
  existing: number;
  ids: number[];
}

export async function importHotline(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  o: { fileName: string; dryRun: boolean; maxBytes: number },
  now = Date.now(),
): Promise<HotlineReport> {
  const file = await readTable(bytes, o.fileName, o.maxBytes);
  const places = await repo.placesInScope(db, actor);
  const towns = new Map(places.filter((p) => p.level === 'town').map((p) => [p.name, p.code]));
  const villagesOf = new Map<string, Map<string, string>>();
  for (const p of places.filter((x) => x.level === 'village' && x.townCode)) {
    const m = villagesOf.get(p.townCode!) ?? new Map<string, string>();
    // the roster says 兴华社区居委会, a work order 兴华社区: both are accepted
    for (const n of new Set([p.name, shortName(p.name)])) m.set(n, m.has(n) && m.get(n) !== p.code ? '' : p.code);
    villagesOf.set(p.townCode!, m);
  }
  const categories = await repo.categoriesUnscoped(db);
  const parents = new Map(categories.filter((k) => k.parentCode === null).map((k) => [k.code, k]));
  const byName = new Map<string, string[]>();
  for (const k of categories.filter((x) => x.parentCode !== null)) {
    const parent = parents.get(k.parentCode!)!;
    for (const n of new Set([k.nameZh, k.nameEn, `${parent.nameZh}/${k.nameZh}`, `${parent.nameEn}/${k.nameEn}`])) {
      byName.set(n, [...(byName.get(n) ?? []), k.code]);
    }
  }
  const issues: ImportIssue[] = [];
  const out: (repo.NewCase & { row: number })[] = [];
  const seen = new Map<string, number>();
  let rowsRead = 0;
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing } = matchColumns(header, SPEC);
    if (missing.length) {
      issues.push(headerLacks(sheet.name, header, columnNames(SPEC, missing)));
      continue;
    }
    for (const rec of readRecords(body, columns, SPEC)) {
      rowsRead++;
      const at = recordProblems(issues, sheet.name, rec);
      const text = (f: Field) => cellText((rec.values[f] ?? null) as Cell);
      const order = text('order');
      if (!ORDER_NO.test(order)) {
        at(
          'order',
          'BAD_ORDER_NO',
          `工单编号「${order}」无效（字母、数字、. _ -）`,
          `Order number "${order}" is not valid (letters, digits, . _ -)`,
        );
      }
      const time = callTime((rec.values.time ?? null) as Cell);
      if (time === null) {
        at(
          'time',
          'BAD_TIME',
          `来电时间「${text('time')}」无效，应如 2026-11-20 09:15`,
          `Call time "${text('time')}" is not a date and time`,
        );
      } else if (time > now) {
        at('time', 'FUTURE_TIME', `来电时间「${text('time')}」晚于当前时间`, `Call time "${text('time')}" is in the future`);
      }
      const content = text('content');
      if (!content) at('content', 'CONTENT_MISSING', '缺少诉求内容', 'The content is missing');
      else if (content.length > 4000)
        at('content', 'CONTENT_TOO_LONG', '诉求内容超过 4000 字', 'The content is longer than 4000 characters');
      const townName = text('town');
      const town = towns.get(townName);
      if (!town) {
        at(
          'town',
          'UNKNOWN_TOWN',
          `镇街「${townName}」不存在或不在你的数据范围内`,
          `Town "${townName}" does not exist or is outside your scope`,
        );
      }
      let region = town;
      const villageName = text('village');
      if (town && villageName) {
        region = villagesOf.get(town)?.get(villageName) || villagesOf.get(town)?.get(shortName(villageName)) || undefined;
        if (!region) {
          at(
            'village',
            'UNKNOWN_VILLAGE',
            `「${townName}」下没有村社「${villageName}」`,
            `Town "${townName}" has no village "${villageName}"`,
          );
        }
      }
      const catName = text('category').replace(/\s*[/／>＞-]\s*/g, '/');
      const found = byName.get(catName) ?? [];
      if (found.length !== 1) {
        at(
          'category',
          found.length ? 'AMBIGUOUS_CATEGORY' : 'UNKNOWN_CATEGORY',
          found.length ? `诉求分类「${catName}」不唯一，请写成「大类/小类」` : `诉求分类「${catName}」不是已有的事件小类`,
          found.length
            ? `Category "${catName}" is not unique; write "group/category"`
            : `Category "${catName}" is not a known sub-category`,
        );
      }
      const phone = text('phone');
      if (!/^[0-9+\- ]{0,20}$/.test(phone)) at('phone', 'BAD_PHONE', `联系电话「${phone}」无效`, `Phone "${phone}" is not valid`);
      const coord = (f: 'lon' | 'lat', lo: number, hi: number) => {
        if (!text(f)) return null;
        const n = parseNumber((rec.values[f] ?? null) as Cell);
        if (n === null || n < lo || n > hi) {
          at(f, 'BAD_COORDINATE', `坐标「${text(f)}」无效`, `Coordinate "${text(f)}" is not valid`);
          return null;
        }
        return n;
      };
      const lon = coord('lon', -180, 180);
      const lat = coord('lat', -90, 90);
      if (ORDER_NO.test(order)) {
        const before = seen.get(order);
        if (before !== undefined) {
          at('order', 'DUPLICATE_ROW', `工单编号 ${order} 已在第 ${before} 行出现`, `Order ${order} appears already on row ${before}`);
          continue;
        }
        seen.set(order, rec.row);
      }
      if (!ORDER_NO.test(order) || time === null || !content || !town || !region || found.length !== 1) continue;
      out.push({
        row: rec.row,
        idempotencyKey: KEY_PREFIX + order,
        channel: 'hotline',
        categoryCode: found[0]!,
        regionCode: region,
        townCode: town,
        lon: lon !== null && lat !== null ? lon : null,
        lat: lon !== null && lat !== null ? lat : null,
        address: text('address').slice(0, 200),
        description: content,
        reporterName: text('caller').slice(0, 50),
        reporterPhone: phone,
        reportedAt: new Date(time).toISOString(),
        createdBy: actor.id,
      });
    }
  }
  if (issues.length) {
    throw new AppError(
      'IMPORT_INVALID',
      422,
      {
        zh: `12345 工单文件有 ${issues.length} 处错误，未写入任何数据`,
        en: `The 12345 work-order file has ${issues.length} problems; nothing was written`,
      },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  }
  if (out.length === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有工单', en: 'The file has no work orders' });
  const known = await repo.existingKeysUnscoped(
    db,
    out.map((c) => c.idempotencyKey),
  );
  const fresh = out.filter((c) => !known.has(c.idempotencyKey));
  const report = { rows: rowsRead, created: fresh.length, existing: out.length - fresh.length };
  if (o.dryRun) return { dryRun: true, ...report, ids: [] };
  const ids = await audited(db, actor, async (tx) => {
    const made: number[] = [];
    for (const c of fresh) {
      const id = await repo.insertCaseUnscoped(tx, c);
      if (id === undefined) continue; // imported meanwhile by another request: still idempotent
      await repo.appendActionUnscoped(tx, {
        caseId: id,
        step: 'report',
        from: null,
        to: 'reported',
        actor: actor.id,
        detail: { channel: 'hotline', order: c.idempotencyKey.slice(KEY_PREFIX.length), file: o.fileName },
        at: c.reportedAt,
      });
      made.push(id);
    }
    return {
      result: made,
      audit: {
        action: 'events.hotline.import',
        target: `file:${o.fileName}`,
        after: { rows: rowsRead, created: made.length, existing: out.length - made.length },
      },
    };
  });
  return { dryRun: false, rows: rowsRead, created: ids.length, existing: out.length - ids.length, ids };
}
