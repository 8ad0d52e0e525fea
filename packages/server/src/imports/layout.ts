/**
 * Recognises the two table layouts from the header row and turns data rows into raw records:
 * - long: one row per value — subject code, indicator code, period, value (+ status, source);
 * - wide: one row per subject × period, one column per indicator (header `名称（单位）[CODE]`, the code, or the name).
 * Headers are matched in Chinese or English, case- and space-insensitively. Columns the exports add
 * for reading (names, units, batch) are accepted and ignored, so an export can be imported again.
 */
import type { Indicator } from '../indicators/schema.js';
import type { ImportIssue } from './issues.js';
import {
  cellText as text,
  columnLetter,
  headerKey as norm,
  matchColumns,
  nonEmptyRows,
  type Cell,
  type Sheet,
  type TableSpec,
} from '../tables/reader.js';

export const HEADERS = {
  subject: ['主体代码', '地区代码', '区划代码', '代码', 'subject_code', 'region_code', 'code', 'subject code', 'region code'],
  period: ['期间', '时期', '报告期', '年份', '年度', '月份', '季度', 'period'],
  indicator: ['指标代码', 'indicator_code', 'indicator code', 'indicator'],
  value: ['值', '数值', '指标值', 'value'],
  status: ['状态', '数据状态', 'status'],
  source: ['来源', '数据来源', 'source'],
  ignored: [
    '主体名称',
    '地区名称',
    '名称',
    '地区',
    '指标名称',
    '单位',
    '批次',
    '合成数据',
    '观测编号',
    'subject_name',
    'region_name',
    'name',
    'indicator_name',
    'unit',
    'batch',
    'synthetic',
    'observation_id',
  ],
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
  periodColumn: string;
  value: Cell;
  valueColumn: string;
  status: Cell;
  statusColumn: string | null;
  source: Cell;
}

export interface SheetLayout {
  layout: 'wide' | 'long';
  headerRow: number;
  records: RawRecord[];
}

/** Resolves an indicator column header: `…[CODE]` / `…【CODE】`, the bare code, or the exact name. */
export function indicatorFromHeader(header: string, catalogue: Map<string, Indicator>, byName: Map<string, Indicator>) {
  const bracket = header.match(/[[【]\s*([A-Za-z][A-Za-z0-9_.-]*)\s*[\]】]\s*$/);
  const code = bracket ? bracket[1] : header.trim();
  return catalogue.get(code) ?? byName.get(norm(header));
}

const EMPTY_MARKS = new Set(['', '-', '—', '–', '/', '／', 'n/a', 'na', '…']);
export const isEmptyMark = (c: Cell) => c === null || (typeof c === 'string' && EMPTY_MARKS.has(c.trim().toLowerCase()));

/**
 * Finds the header in the first non-empty row. Returns null for sheets that are empty or are
 * instruction sheets (说明 / instructions); problems go to `issues`.
 */
export function readLayout(sheet: Sheet, catalogue: Map<string, Indicator>, issues: ImportIssue[]): SheetLayout | null {
  const nonEmpty = nonEmptyRows(sheet);
  if (nonEmpty.length === 0) return null;
  if (sheet.name && /^(说明|填表说明|instructions?|readme)$/i.test(sheet.name.trim())) return null;
  const [header, ...body] = nonEmpty;
  const byName = new Map<string, Indicator>();
  for (const ind of catalogue.values()) {
    byName.set(norm(ind.nameZh), ind);
    byName.set(norm(ind.nameEn), ind);
  }
  const match = matchColumns(header, COLUMNS);
  const roles = new Map<Role, number>();
  for (const [role, index] of Object.entries(match.columns)) if (role !== 'ignored') roles.set(role as Role, index as number);
  const indicatorColumns: { index: number; indicator: Indicator }[] = [];
  const at = (index: number) => ({ sheet: sheet.name, row: header.number, column: columnLetter(index) });
  const headerIssues: { index: number; issue: ImportIssue }[] = [];
  for (const d of match.duplicates) {
    if (d.field !== 'ignored')
      headerIssues.push({
        index: d.index,
        issue: { ...at(d.index), code: 'HEADER_DUPLICATE', zh: `重复的列「${d.header}」`, en: `Duplicate column "${d.header}"` },
      });
  }
  for (const { index, header: h } of match.unknown) {
    const indicator = indicatorFromHeader(h, catalogue, byName);
    if (!indicator) {
      headerIssues.push({
        index,
        issue: {
          ...at(index),
          code: 'UNKNOWN_INDICATOR',
          zh: `表头「${h}」既不是已知列，也不是指标目录中的指标`,
          en: `Header "${h}" is neither a known column nor an indicator in the catalogue`,
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
  const required: Role[] = isLong ? ['subject', 'indicator', 'period', 'value'] : ['subject', 'period'];
  const missing = required.filter((r) => !roles.has(r));
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
    return null;
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
  const letter = (i: number | undefined) => (i === undefined ? null : columnLetter(i));
  const records: RawRecord[] = [];
  for (const row of body) {
    const cell = (i: number | undefined) => (i === undefined ? null : (row.cells[i] ?? null));
    const base = {
      sheet: sheet.name,
      row: row.number,
      subject: cell(col('subject')),
      subjectColumn: letter(col('subject'))!,
      period: cell(col('period')),
      periodColumn: letter(col('period'))!,
      status: cell(col('status')),
      statusColumn: letter(col('status')),
      source: cell(col('source')),
    };
    if (isLong) {
      records.push({
        ...base,
        indicatorCode: text(cell(col('indicator'))),
        indicatorColumn: letter(col('indicator'))!,
        value: cell(col('value')),
        valueColumn: letter(col('value'))!,
      });
    } else {
      for (const { index, indicator } of indicatorColumns) {
        const value = cell(index);
        if (isEmptyMark(value)) continue; // a blank cell in a wide table means "no figure"
        records.push({
          ...base,
          indicatorCode: indicator.code,
          indicatorColumn: columnLetter(index),
          value,
          valueColumn: columnLetter(index),
        });
      }
    }
  }
  return { layout: isLong ? 'long' : 'wide', headerRow: header.number, records };
}
