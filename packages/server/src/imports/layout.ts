/**
 * Recognises the two table layouts from the header row and turns data rows into raw records:
 * - long: one row per value — subject code, indicator code, period, value (+ status, source);
 * - wide: one row per subject × period, one column per indicator (header `名称（单位）[CODE]`, the code, or the name).
 * Headers are matched in Chinese or English, case- and space-insensitively. Columns the exports add
 * for reading (names, units, batch) are accepted and ignored, so an export can be imported again.
 * Workbooks as offices send them are read too: the header is searched for below titles and 单位 lines
 * (also as a two-row grouped header), 合计/总计/全区/小计 rows are checked or skipped, not imported, and
 * footnotes (注：…, 数据来源：…, 填表人：…) under the table are ignored. Units are taken from a 单位 line
 * above the table, a header's bracket (本期（万元）) or a long table's 单位 column (converted in values.ts);
 * a sheet without a period column takes its period from a title such as 2025年1-6月各镇街主要指标完成情况.
 */
import type { Indicator } from '../indicators/schema.js';
import type { ImportIssue } from './issues.js';
import { readMonthSpan, readPeriod } from '../observations/period.js';
import { headerUnit, parseUnit, unitLine, type Unit } from './units.js';
import type { GivenUnit } from './values.js';
import { indicatorKey, type Suggestion } from './names.js';
import {
  cellText as text,
  columnLetter,
  matchColumns,
  nonEmptyRows,
  parseNumber,
  columnOf,
  type SheetRow,
  type Cell,
  type Sheet,
  type TableSpec,
} from '../tables/reader.js';

export const HEADERS = {
  subject: [
    '主体代码',
    '地区代码',
    '区划代码',
    '统一社会信用代码',
    '社会信用代码',
    '信用代码',
    '代码',
    'subject_code',
    'region_code',
    'code',
    'subject code',
    'region code',
  ],
  period: ['期间', '时期', '报告期', '年份', '年度', '月份', '季度', 'period'],
  indicator: ['指标代码', 'indicator_code', 'indicator code', 'indicator'],
  value: ['值', '数值', '指标值', '本期', '本期数', '本期值', 'value'],
  status: ['状态', '数据状态', 'status'],
  source: ['来源', '数据来源', 'source'],
  /** the subject by name: read when the row has no code (issue 11, names to codes) */
  subjectName: [
    '地区名称',
    '企业名称',
    '单位名称',
    '主体名称',
    '企业名称',
    '名称',
    '地区',
    '乡镇',
    '镇街',
    '乡镇街道',
    '镇街道',
    '街道',
    '村',
    '村社区',
    '村居',
    '社区',
    '县市区',
    '县市、区',
    '区县',
    '区县市',
    'subject_name',
    'region_name',
    'name',
  ],
  /** the indicator by name in a long table: read when the row has no indicator code */
  indicatorName: ['指标名称', '指标', 'indicator_name'],
  ignored: ['单位', '批次', '合成数据', '序号', '备注', '观测编号', 'unit', 'batch', 'synthetic', 'observation_id', 'no', 'no.', 'remark'],
} as const;

type Role = Exclude<keyof typeof HEADERS, 'ignored'>;

/** The table spec of an observation sheet; columns that are none of these are indicator columns (wide layout). */
const COLUMNS: TableSpec<keyof typeof HEADERS> = {
  subject: { aliases: HEADERS.subject },
  period: { aliases: HEADERS.period },
  indicator: { aliases: HEADERS.indicator },
  value: { aliases: HEADERS.value },
  status: { aliases: HEADERS.status },
  source: { aliases: HEADERS.source },
  subjectName: { aliases: HEADERS.subjectName },
  indicatorName: { aliases: HEADERS.indicatorName },
  ignored: { aliases: HEADERS.ignored },
};

export interface RawRecord {
  sheet: string | null;
  row: number;
  subject: Cell;
  subjectColumn: string;
  indicatorCode: string;
  indicatorColumn: string;
  period: Cell;
  /** null when the sheet has no period column (then the import fails on the header) */
  periodColumn: string | null;
  /** the title row the period was read from, when the sheet has no period column; null: the record's own row */
  periodRow: number | null;
  value: Cell;
  valueColumn: string;
  status: Cell;
  statusColumn: string | null;
  source: Cell;
  /** the unit of the value outside its cell: the row's 单位 cell, the column's header, or a 单位 line above the table */
  unit: GivenUnit | null;
}

/** A column role the clerk sets in the mapping step (`columns` parameter), or an indicator of the catalogue. */
export type ColumnOverride = { role: Role | 'ignored' } | { indicator: Indicator };

/** How one sheet's header was read: reported with the preview and with the problems (the mapping step). */
export interface DetectedSheet {
  sheet: string | null;
  headerRows: number[];
  layout: 'wide' | 'long';
  columns: {
    column: string;
    header: string;
    role: Role | 'ignored' | 'unknown' | 'indicator';
    indicator: { code: string; nameZh: string; nameEn: string; unit: string } | null;
    overridden: boolean;
  }[];
}

export interface LayoutOptions {
  /** column index → the role the clerk set for it; applied over what the header says */
  overrides?: Map<number, ColumnOverride>;
  /** receives how the header was read, also when the sheet is then refused */
  detected?: DetectedSheet[];
  /** roles saved for the source by header text (`indicatorKey`); applied to a column the clerk set nothing for */
  remembered?: Map<string, ColumnOverride>;
  /** the header row the clerk chose (its row number in the sheet), instead of searching for it */
  headerRow?: number;
}

export interface SheetLayout {
  layout: 'wide' | 'long';
  headerRow: number;
  records: RawRecord[];
  /** 合计/总计/全区 rows: not imported, compared with the sum of the detail rows */
  totals: TotalCheck[];
}

/** A total row's cell and the detail cells it should be the sum of (only when every detail row has a value). */
export interface TotalCheck {
  sheet: string | null;
  row: number;
  column: string;
  indicatorCode: string;
  total: Cell;
  details: Cell[];
  unit: GivenUnit | null;
}

/**
 * Resolves an indicator column header: `…[CODE]` / `…【CODE】`, the bare code, the exact name, or the
 * name with its unit `名称（元）`; names compared as `indicatorKey` (full-width as half-width, no spaces).
 */
export function indicatorFromHeader(header: string, catalogue: Map<string, Indicator>, byName: Map<string, Indicator>) {
  const bracket = header.match(/[[【]\s*([A-Za-z][A-Za-z0-9_.-]*)\s*[\]】]\s*$/);
  const code = bracket ? bracket[1] : header.trim();
  const unitless = header.replace(/\s*[(（][^()（）]*[)）]\s*$/, '');
  const key = indicatorKey(header);
  if (catalogue.has(code) || byName.has(key)) return catalogue.get(code) ?? byName.get(key);
  return unitless !== header ? (catalogue.get(unitless.trim()) ?? byName.get(indicatorKey(unitless))) : undefined;
}

/** What the importer knows of names beyond the catalogue: confirmed mappings (by `indicatorKey`) and suggestions. */
export interface HeaderNames {
  aliases: Map<string, Indicator>;
  suggest: (header: string) => Suggestion[];
}

const EMPTY_MARKS = new Set(['', '-', '－', '—', '——', '–', '/', '／', '无', 'n/a', 'na', '…']);
export const isEmptyMark = (c: Cell) => c === null || (typeof c === 'string' && EMPTY_MARKS.has(c.trim().toLowerCase()));

/** How many rows from the top are searched for the header (titles, 填报单位, 单位：万元 lines sit above it). */
export const HEADER_SEARCH_ROWS = 15;

const squeeze = (c: Cell) => text(c).replace(/[\s\u3000]/g, '');
const TOTAL_WORDS = new Set(['合计', '总计', '全区', '小计', '全区合计', '全区总计']);
// Totals are compared with the sum of the detail rows; 小计 (a subtotal of some rows) is only skipped.
const FOOTNOTE =
  /^(注|备注|说明|数据来源|资料来源|来源|填表人|填报人|制表人|制表|审核人|审核|负责人|联系人|联系电话|填报日期|填表日期)\s*[:：\d.、]/;

/** A line under the table: 注：…, 数据来源：…, 填表人：…, or a lone text cell. */
function isFootnote(row: SheetRow): boolean {
  const filled = row.cells.filter((c) => text(c) !== '');
  if (filled.length === 0) return true;
  if (FOOTNOTE.test(squeeze(filled[0]))) return true;
  const only = filled[0];
  return filled.length === 1 && typeof only === 'string' && parseNumber(only) === null && /[^\x20-\x7e]/.test(only);
}

type Resolved = { role: keyof typeof HEADERS } | { indicator: Indicator };

/** A role header with its unit bracket taken off ("本期（万元）" → "本期"); other headers as they are. */
function roleHeader(h: string): string {
  if (columnOf(COLUMNS, h) || !headerUnit(h)) return h;
  const bare = h.replace(/\s*[(（][^()（）]*[)）]\s*$/, '');
  return columnOf(COLUMNS, bare) ? bare : h;
}

const given = (unit: Unit | null, strict: boolean, from: GivenUnit['from']): GivenUnit | null => (unit ? { unit, strict, from } : null);

/** A period at the start of a title: 2025年, 2025年6月, 2025年1-6月, 2025年第二季度 (followed by the title's words). */
const TITLE_PERIOD = /^\d{4}\s*年(?:\s*(?:第?[一二三四1-4]\s*季度|\d{1,2}\s*月?\s*[-－~～—–至到]\s*\d{1,2}\s*月份?|\d{1,2}\s*月份?))?/;

/** The period of the first title row above the header that starts with one, with where it is. */
function titlePeriod(rows: SheetRow[]): { text: string; row: number; column: string } | null {
  for (const row of rows) {
    const index = row.cells.findIndex((c) => text(c) !== '');
    if (index < 0) continue;
    const m = TITLE_PERIOD.exec(text(row.cells[index]));
    if (m && (readPeriod(m[0]) || readMonthSpan(m[0])))
      return { text: m[0].replace(/\s+/g, ''), row: row.number, column: columnLetter(index) };
  }
  return null;
}

/**
 * The header as the clerk's workbook has it: a row, and the row right above it when that one groups
 * columns (merged cells: the value sits in the first cell of the span, the others are empty).
 * A column is named by its own cell, else by group + own text, else (a cell merged down) by the group cell alone.
 */
function headerTexts(row: SheetRow, group: SheetRow | undefined, resolve: (h: string) => Resolved | undefined) {
  const width = Math.max(row.cells.length, group?.cells.length ?? 0);
  const out: { index: number; header: string; own: boolean }[] = [];
  let span = '';
  for (let i = 0; i < width; i++) {
    const own = text(row.cells[i] ?? null);
    const above = group ? text(group.cells[i] ?? null) : '';
    if (above) span = above;
    if (own) {
      if (resolve(own) || !span) out.push({ index: i, header: own, own: true });
      else {
        const joined = `${span}${own}`;
        out.push({ index: i, header: resolve(joined) ? joined : own, own: true });
      }
    } else if (above && resolve(above)) out.push({ index: i, header: above, own: false });
  }
  return out;
}

/** The columns of a header as read: role, indicator (with names and unit) or unknown. */
function describe(
  sheet: string | null,
  headerRows: number[],
  isLong: boolean,
  texts: { index: number; header: string }[],
  roles: Map<Role, number>,
  indicatorColumns: { index: number; indicator: Indicator }[],
  overrides: Map<number, ColumnOverride>,
): DetectedSheet {
  const roleAt = new Map([...roles].map(([role, index]) => [index, role]));
  return {
    sheet,
    headerRows,
    layout: isLong ? 'long' : 'wide',
    columns: texts.map(({ index, header }) => {
      const ind = indicatorColumns.find((c) => c.index === index)?.indicator;
      const o = overrides.get(index);
      const known = roleAt.get(index) ?? (columnOf(COLUMNS, roleHeader(header)) || (o && 'role' in o) ? 'ignored' : 'unknown');
      return {
        column: columnLetter(index),
        header,
        role: ind ? 'indicator' : known,
        indicator: ind ? { code: ind.code, nameZh: ind.nameZh, nameEn: ind.nameEn, unit: ind.unit } : null,
        overridden: o !== undefined,
      };
    }),
  };
}

/**
 * Finds the header among the first HEADER_SEARCH_ROWS non-empty rows: the row naming the most known
 * columns and catalogue indicators (with the row above as group header); rows above it are ignored.
 * Returns null for sheets that are empty or are instruction sheets (说明 / instructions); problems go to `issues`.
 */
type RowPart = Pick<
  RawRecord,
  'sheet' | 'row' | 'subject' | 'subjectColumn' | 'period' | 'periodColumn' | 'periodRow' | 'status' | 'statusColumn' | 'source'
>;

/**
 * One record, every field written in one literal: an object spread per record (100,000 of them)
 * was most of the layout's time, and left objects whose fields the importer then read slowly.
 */
function record(
  b: RowPart,
  indicatorCode: string,
  indicatorColumn: string,
  value: Cell,
  valueColumn: string,
  unit: GivenUnit | null,
): RawRecord {
  return {
    sheet: b.sheet,
    row: b.row,
    subject: b.subject,
    subjectColumn: b.subjectColumn,
    indicatorCode,
    indicatorColumn,
    period: b.period,
    periodColumn: b.periodColumn,
    periodRow: b.periodRow,
    value,
    valueColumn,
    status: b.status,
    statusColumn: b.statusColumn,
    source: b.source,
    unit,
  };
}

export function readLayout(
  sheet: Sheet,
  catalogue: Map<string, Indicator>,
  issues: ImportIssue[],
  names?: HeaderNames,
  options: LayoutOptions = {},
): SheetLayout | null {
  const nonEmpty = nonEmptyRows(sheet);
  if (nonEmpty.length === 0) return null;
  if (sheet.name && /^(说明|填表说明|instructions?|readme)$/i.test(sheet.name.trim())) return null;
  const byName = new Map<string, Indicator>(names?.aliases);
  for (const ind of catalogue.values()) {
    byName.set(indicatorKey(ind.nameZh), ind);
    byName.set(indicatorKey(ind.nameEn), ind);
  }
  const resolve = (h: string): Resolved | undefined => {
    const role = columnOf(COLUMNS, roleHeader(h));
    if (role) return { role };
    const indicator = indicatorFromHeader(h, catalogue, byName);
    return indicator ? { indicator } : undefined;
  };
  const groupOf = (i: number) => (i > 0 && nonEmpty[i - 1].number === nonEmpty[i].number - 1 ? nonEmpty[i - 1] : undefined);
  const scoreOf = (row: SheetRow, i: number) => {
    const named = headerTexts(row, groupOf(i), resolve).filter((h) => resolve(h.header));
    return named.some((h) => h.own) ? named.length : 0;
  };
  let best = 0;
  let bestScore = 0;
  if (options.headerRow !== undefined) {
    best = nonEmpty.findIndex((r) => r.number === options.headerRow);
    if (best < 0) {
      issues.push({
        sheet: sheet.name,
        row: options.headerRow,
        column: null,
        code: 'HEADER_ROW_EMPTY',
        zh: `指定的表头行第 ${options.headerRow} 行是空行或不在表中`,
        en: `The header row chosen, row ${options.headerRow}, is empty or outside the sheet`,
      });
      return null;
    }
    bestScore = scoreOf(nonEmpty[best], best);
  } else
    nonEmpty.slice(0, HEADER_SEARCH_ROWS).forEach((row, i) => {
      const score = scoreOf(row, i);
      // a sub-header row under the best row so far is the header when it names as many columns
      if (score > bestScore || (score > 0 && score === bestScore && groupOf(i) === nonEmpty[best])) [best, bestScore] = [i, score];
    });
  const header = nonEmpty[best];
  const group = bestScore > 0 ? groupOf(best) : undefined;
  const body = nonEmpty.slice(best + 1);
  const texts = headerTexts(header, group, resolve);
  const overrides = new Map(options.overrides ?? []);
  for (const h of texts) {
    const saved = options.remembered?.get(indicatorKey(h.header));
    if (saved && !overrides.has(h.index)) overrides.set(h.index, saved);
  }
  for (const index of overrides.keys())
    if (!texts.some((h) => h.index === index)) texts.push({ index, header: text(header.cells[index] ?? null), own: true });
  texts.sort((a, b) => a.index - b.index);
  const headerRow: SheetRow = { number: header.number, cells: [] };
  for (const h of texts) {
    const o = overrides.get(h.index);
    // an override stands in for the header with the role's first alias or the indicator's code
    headerRow.cells[h.index] = !o ? roleHeader(h.header) : 'indicator' in o ? o.indicator.code : HEADERS[o.role][0];
  }
  const match = matchColumns(headerRow, COLUMNS);
  const roles = new Map<Role, number>();
  for (const [role, index] of Object.entries(match.columns)) if (role !== 'ignored') roles.set(role as Role, index as number);
  const indicatorColumns: { index: number; indicator: Indicator }[] = [];
  const at = (index: number) => ({ sheet: sheet.name, row: header.number, column: columnLetter(index) });
  const headerIssues: { index: number; issue: ImportIssue }[] = [];
  for (const d of match.duplicates) {
    if (d.field !== 'ignored' && d.field !== 'subjectName' && d.field !== 'indicatorName')
      headerIssues.push({
        index: d.index,
        issue: { ...at(d.index), code: 'HEADER_DUPLICATE', zh: `重复的列「${d.header}」`, en: `Duplicate column "${d.header}"` },
      });
  }
  for (const { index, header: h } of match.unknown) {
    const indicator = indicatorFromHeader(h, catalogue, byName);
    if (!indicator) {
      const suggestions = names?.suggest(h) ?? [];
      const zhHint = suggestions.length ? `，是否为：${suggestions.map((s) => `${s.name}（${s.code}）`).join('、')}` : '';
      const enHint = suggestions.length ? `; did you mean: ${suggestions.map((s) => `${s.name} (${s.code})`).join(', ')}` : '';
      headerIssues.push({
        index,
        issue: {
          ...at(index),
          code: 'UNKNOWN_INDICATOR',
          zh: `表头「${h}」既不是已知列，也不是指标目录中的指标${zhHint}`,
          en: `Header "${h}" is neither a known column nor an indicator in the catalogue${enHint}`,
          ...(suggestions.length ? { suggestions } : {}),
          name: h,
        },
      });
    } else if (indicatorColumns.some((c) => c.indicator.code === indicator.code)) {
      headerIssues.push({
        index,
        issue: {
          ...at(index),
          code: 'HEADER_DUPLICATE',
          zh: `指标 ${indicator.code} 的列重复`,
          en: `Indicator ${indicator.code} appears twice`,
        },
      });
    } else indicatorColumns.push({ index, indicator });
  }
  issues.push(...headerIssues.sort((a, b) => a.index - b.index).map((h) => h.issue));
  const isLong = roles.has('indicator') || roles.has('value');
  // a wide table (an export) may carry an indicator name column for reading: ignored there
  if (!isLong) roles.delete('indicatorName');
  // the row above counts as header when some column is named by it (a title row right above does not)
  const fromGroup = !!group && texts.some((h) => !h.own || h.header !== text(header.cells[h.index] ?? null));
  options.detected?.push(
    describe(sheet.name, fromGroup ? [group!.number, header.number] : [header.number], isLong, texts, roles, indicatorColumns, overrides),
  );
  const required: Role[] = isLong ? ['subject', 'indicator', 'period', 'value'] : ['subject', 'period'];
  // without a period column, a title above the header may name it: 2025年1-6月各镇街主要指标完成情况
  const title = roles.has('period') ? null : titlePeriod(nonEmpty.slice(0, best));
  const byNameOnly: Partial<Record<Role, Role>> = { subject: 'subjectName', indicator: 'indicatorName' };
  const missing = required.filter((r) => !roles.has(r) && !(r === 'period' && title) && !(byNameOnly[r] && roles.has(byNameOnly[r])));
  if (missing.length > 0) {
    const names = missing.map((r) => HEADERS[r][0]).join('、');
    const namesEn = missing.map((r) => HEADERS[r].find((h) => /^[a-z_ ]+$/.test(h))).join(', ');
    issues.push({
      sheet: sheet.name,
      row: header.number,
      column: null,
      code: 'HEADER_MISSING_COLUMN',
      zh: `缺少必需的列：${names}`,
      en: `Missing required columns: ${namesEn}`,
    });
    // without a period column the rows are still read, so their other problems are reported too (nothing is written)
    if (missing.some((r) => r !== 'period')) return null;
  }
  if (!isLong && indicatorColumns.length === 0) {
    issues.push({
      sheet: sheet.name,
      row: header.number,
      column: null,
      code: 'HEADER_NO_INDICATOR',
      zh: '宽表中没有任何指标列',
      en: 'The wide table has no indicator columns',
    });
    return null;
  }
  const col = (r: Role) => roles.get(r);
  // units: a 单位 line above the header, the header of each value column, a long table's 单位 column
  let sheetUnit: GivenUnit | null = null;
  for (const row of nonEmpty.slice(0, best)) {
    for (const c of row.cells) {
      const u = typeof c === 'string' ? unitLine(c) : null;
      if (u && !sheetUnit) sheetUnit = given(u, false, { zh: `第 ${row.number} 行的单位说明`, en: `the unit line in row ${row.number}` });
    }
  }
  const headerOf = new Map(texts.map((h) => [h.index, h.header]));
  const columnUnit = (index: number | undefined): GivenUnit | null => {
    if (index === undefined) return sheetUnit;
    const u = headerUnit(headerOf.get(index) ?? '');
    return u ? given(u, true, { zh: `表头「${headerOf.get(index)}」`, en: `the header "${headerOf.get(index)}"` }) : sheetUnit;
  };
  const unitColumn = texts.find((h) => ['单位', 'unit'].includes(indicatorKey(h.header)))?.index;
  const letter = (i: number | undefined) => (i === undefined ? null : columnLetter(i));
  const ignoredColumns = texts.filter((h) => columnOf(COLUMNS, h.header) === 'ignored').map((h) => h.index);
  const records: RawRecord[] = [];
  const totalRecords: RawRecord[] = [];
  /** detail rows per period text (a wide table's total is checked only when every one has a value) */
  const detailRows = new Map<string, number>();
  for (const row of body) {
    const cell = (i: number | undefined) => (i === undefined ? null : (row.cells[i] ?? null));
    const firstFilled = row.cells.find((c) => text(c) !== '') ?? null;
    const totalWord = [...[col('subject'), col('subjectName'), ...ignoredColumns].map(cell), firstFilled]
      .map(squeeze)
      .find((w) => TOTAL_WORDS.has(w));
    const isTotal = totalWord !== undefined;
    if (totalWord === '小计') continue;
    if (!isTotal && isFootnote(row)) continue;
    // the code when the row has one, else the name (resolved to a code by the importer)
    const byName = text(cell(col('subject'))) === '' && text(cell(col('subjectName'))) !== '';
    const subjectAt = byName || !roles.has('subject') ? col('subjectName') : col('subject');
    const base = {
      sheet: sheet.name,
      row: row.number,
      subject: cell(subjectAt),
      subjectColumn: letter(subjectAt)!,
      period: title ? title.text : cell(col('period')),
      periodColumn: title ? title.column : letter(col('period')),
      periodRow: title ? title.row : null,
      status: cell(col('status')),
      statusColumn: letter(col('status')),
      source: cell(col('source')),
    };
    const rowUnitCell = unitColumn === undefined ? '' : text(cell(unitColumn));
    const rowUnit = rowUnitCell
      ? given(parseUnit(rowUnitCell), true, {
          zh: `${columnLetter(unitColumn!)} 列的单位`,
          en: `the unit in column ${columnLetter(unitColumn!)}`,
        })
      : null;
    const into = isTotal ? totalRecords : records;
    if (!isTotal) detailRows.set(text(base.period), (detailRows.get(text(base.period)) ?? 0) + 1);
    if (isLong) {
      const value = cell(col('value'));
      if (value !== null && text(value) !== '' && isEmptyMark(value)) continue; // 无 / — / －: no figure
      const indicatorAt =
        text(cell(col('indicator'))) === '' && text(cell(col('indicatorName'))) !== ''
          ? col('indicatorName')
          : (col('indicator') ?? col('indicatorName'));
      into.push(
        record(base, text(cell(indicatorAt)), letter(indicatorAt)!, value, letter(col('value'))!, rowUnit ?? columnUnit(col('value'))),
      );
    } else {
      for (const { index, indicator } of indicatorColumns) {
        const value = cell(index);
        if (isEmptyMark(value)) continue; // a blank cell in a wide table means "no figure"
        const letterOfIndex = columnLetter(index);
        into.push(record(base, indicator.code, letterOfIndex, value, letterOfIndex, columnUnit(index)));
      }
    }
  }
  const totals: TotalCheck[] = [];
  for (const t of totalRecords) {
    const period = text(t.period);
    const same = records.filter((r) => r.indicatorCode === t.indicatorCode && (period === '' || text(r.period) === period));
    const periods = new Set(same.map((r) => text(r.period)));
    if (same.length === 0 || periods.size !== 1) continue;
    if (!isLong && same.length < (detailRows.get([...periods][0]) ?? 0)) continue; // some detail row has no figure
    totals.push({
      sheet: t.sheet,
      row: t.row,
      column: t.valueColumn,
      indicatorCode: t.indicatorCode,
      total: t.value,
      details: same.map((r) => r.value),
      unit: t.unit,
    });
  }
  return { layout: isLong ? 'long' : 'wide', headerRow: header.number, records, totals };
}
