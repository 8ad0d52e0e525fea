/**
 * The town's village ledger workbook (CSV/Excel, one row per 村社 and year): 村社编码 or 村社名称,
 * 年度, then one column per item — 租赁收入, 物业收入, 服务收入, 投资收益, 其他经营性收入,
 * 补助收入, 其他收入, 资产总额, 负债总额 — in 元, or in 万元 when the header says so
 * ("租赁收入(万元)"). Empty cells are not written. Every problem names sheet, row and column; nothing
 * is stored while one remains; the write is one transaction with its audit entry.
 */
import type { LedgerItem } from '@gongfu/engine/rural';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import { cellText, matchColumns, nonEmptyRows, parseNumber, readRecords, readTable, type Cell, type TableSpec } from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import type { LedgerInput } from './repository.js';
import { saveLedger, villagesInScope } from './service.js';
import { villageLookup } from './village-lookup.js';

const ITEM_HEADERS: Record<LedgerItem, string[]> = {
  rent: ['租赁收入', '发包及上交收入', '租金收入', 'rent'],
  property: ['物业收入', '物业经营收入', '资产经营收入', 'property'],
  service: ['服务收入', '经营服务收入', 'service'],
  investment: ['投资收益', '投资收入', 'investment'],
  other_operating: ['其他经营性收入', 'other_operating'],
  subsidy: ['补助收入', '上级补助收入', '财政补助收入', 'subsidy'],
  other: ['其他收入', '其他非经营性收入', 'other'],
  assets: ['资产总额', '资产', 'assets'],
  liabilities: ['负债总额', '负债', 'liabilities'],
};
const UNITS = ['', '(元)', '（元）', '(万元)', '（万元）'];
type Field = 'code' | 'name' | 'year' | LedgerItem;

const SPEC: TableSpec<Field> = {
  code: { aliases: ['村社编码', '村编码', '区划代码', 'village code'] },
  name: { aliases: ['村社名称', '村社', '村名', '村（社区）', 'village'] },
  year: { aliases: ['年度', '年份', 'year'], required: true },
  ...(Object.fromEntries(
    (Object.keys(ITEM_HEADERS) as LedgerItem[]).map((i) => [i, { aliases: ITEM_HEADERS[i].flatMap((h) => UNITS.map((u) => h + u)) }]),
  ) as Record<LedgerItem, { aliases: string[] }>),
};

export interface LedgerReport {
  dryRun: boolean;
  rows: number;
  lines: number;
  villages: number;
  years: number[];
}

export async function importLedgers(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  o: { fileName: string; dryRun: boolean; maxBytes: number },
): Promise<LedgerReport> {
  const file = await readTable(bytes, o.fileName, o.maxBytes);
  const villages = await villagesInScope(db, actor);
  const villageOf = villageLookup(villages);
  const issues: ImportIssue[] = [];
  const out: LedgerInput = { village: [], year: [], item: [], amount: [] };
  const seen = new Map<string, number>();
  let rowsRead = 0;
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing } = matchColumns(header, SPEC);
    const items = (Object.keys(ITEM_HEADERS) as LedgerItem[]).filter((i) => columns[i] !== undefined);
    const lacking = columnNames(SPEC, missing);
    if (columns.code === undefined && columns.name === undefined)
      lacking.push({ zh: '村社编码/村社名称', en: 'village code / village name' });
    if (items.length === 0) lacking.push({ zh: '收入科目（如 租赁收入、补助收入）', en: 'income items (e.g. rental income, subsidies)' });
    if (lacking.length) {
      issues.push(headerLacks(sheet.name, header, lacking));
      continue;
    }
    const factor = Object.fromEntries(items.map((i) => [i, cellText(header.cells[columns[i]!]!).includes('万元') ? 10_000 : 1]));
    for (const rec of readRecords(body, columns, SPEC)) {
      rowsRead++;
      const at = recordProblems(issues, sheet.name, rec);
      const village = villageOf(cellText(rec.values.code as Cell), cellText(rec.values.name as Cell), at, columns.code !== undefined);
      const y = parseNumber(rec.values.year as Cell);
      const year = y !== null && Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : null;
      if (year === null)
        at('year', 'BAD_YEAR', `年度「${cellText(rec.values.year as Cell)}」应为四位年份`, 'The year must be a four-digit year');
      const values: [LedgerItem, number][] = [];
      for (const i of items) {
        const cell = rec.values[i] as Cell;
        if (cell === null || cellText(cell) === '' || cellText(cell) === '-') continue;
        const n = parseNumber(cell);
        if (n === null || ((i === 'assets' || i === 'liabilities') && n < 0))
          at(
            i,
            'BAD_AMOUNT',
            `「${ITEM_HEADERS[i][0]}」的金额「${cellText(cell)}」无效`,
            `${ITEM_HEADERS[i].at(-1)}: "${cellText(cell)}" is not a valid amount`,
          );
        else values.push([i, Math.round(n * factor[i]! * 100) / 100]);
      }
      if (!village || year === null) continue;
      const key = `${village}:${year}`;
      const before = seen.get(key);
      if (before !== undefined) {
        at(null, 'DUPLICATE_ROW', `该村社 ${year} 年已在第 ${before} 行出现`, `This village and year appear already on row ${before}`);
        continue;
      }
      seen.set(key, rec.row);
      for (const [i, a] of values) {
        out.village.push(village);
        out.year.push(year);
        out.item.push(i);
        out.amount.push(a);
      }
    }
  }
  if (issues.length)
    throw new AppError(
      'IMPORT_INVALID',
      422,
      {
        zh: `台账文件有 ${issues.length} 处错误，未写入任何数据`,
        en: `The ledger file has ${issues.length} problems; nothing was written`,
      },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  if (out.village.length === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有台账数据', en: 'The file has no ledger lines' });
  const report = {
    rows: rowsRead,
    lines: out.village.length,
    villages: new Set(out.village).size,
    years: [...new Set(out.year)].sort(),
  };
  if (o.dryRun) return { dryRun: true, ...report };
  await saveLedger(db, actor, out, { fileName: o.fileName, source: o.fileName, synthetic: false });
  return { dryRun: false, ...report };
}
