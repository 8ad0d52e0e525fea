/**
 * Problems of a table read by a spec, located as the user sees them in Excel (sheet, row, column
 * letter). Every importer that reads through `matchColumns`/`readRecords` reports its header and
 * row problems through these, so the messages read the same across modules.
 */
import type { ImportIssue } from '../imports/issues.js';
import type { SheetRow, TableRecord, TableSpec } from './reader.js';

/** A column as named in a message: the spec's first alias is its Chinese name, the last its English one. */
export interface ColumnName {
  zh: string;
  en: string;
}

export function columnNames<F extends string>(spec: TableSpec<F>, fields: readonly F[]): ColumnName[] {
  return fields.map((f) => ({ zh: spec[f]?.aliases[0] ?? f, en: spec[f]?.aliases.at(-1) ?? f }));
}

/** HEADER_MISSING_COLUMN: the header row of `sheet` lacks the named columns. */
export function headerLacks(sheet: string | null, header: SheetRow, names: readonly ColumnName[]): ImportIssue {
  return {
    sheet,
    row: header.number,
    column: null,
    code: 'HEADER_MISSING_COLUMN',
    zh: `表头缺少列：${names.map((n) => n.zh).join('、')}`,
    en: `The header lacks: ${names.map((n) => n.en).join(', ')}`,
  };
}

/** Reports a problem of one record, at the column of a field (or the whole row when `field` is null). */
export type RecordProblem<F extends string> = (field: F | null, code: string, zh: string, en: string) => void;

export function recordProblems<F extends string>(issues: ImportIssue[], sheet: string | null, record: TableRecord<F>): RecordProblem<F> {
  return (field, code, zh, en) =>
    issues.push({ sheet, row: record.row, column: field === null ? null : (record.columns[field] ?? null), code, zh, en });
}
