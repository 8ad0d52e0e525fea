/**
 * Legacy Excel 97–2003 workbooks (.xls, BIFF8 in an OLE2 compound file, magic D0 CF 11 E0), read
 * with SheetJS Community Edition as republished on npm by `@e965/xlsx` (pinned exactly, 0.20.3).
 *
 * Advisories: the SheetJS package on npm (`xlsx@0.18.5`, its last release there) is affected by
 * CVE-2023-30533 (prototype pollution when reading a crafted file, fixed in 0.19.3) and
 * CVE-2024-22363 (ReDoS, fixed in 0.20.2); 0.20.3 has both fixes and no advisory known when pinned.
 * It is only used for this one format, on files already within the upload size limit, reading
 * values only (no formulas, styles or HTML) into the same plain cells as the .xlsx reader.
 */
import * as XLSX from '@e965/xlsx';
import { isPercentFormat, percentText, type Cell, type Sheet } from './reader.js';

export const isOle2 = (bytes: Uint8Array) => bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;

/** An Excel serial day number (1900 or 1904 date system) as the UTC date it shows. */
function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86_400_000));
}

function plain(cell: XLSX.CellObject | undefined, date1904: boolean): Cell {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  if (cell.t === 'e') return cell.w ?? '#ERROR';
  if (cell.t === 'n' && typeof cell.v === 'number') {
    if (cell.z !== undefined && isPercentFormat(String(cell.z))) return percentText(cell.v);
    if (cell.z !== undefined && XLSX.SSF.is_date(cell.z)) return serialDate(cell.v, date1904);
    return cell.v;
  }
  if (cell.v instanceof Date) return cell.v;
  return cell.v as string | boolean;
}

/** The sheets of an .xls workbook; throws when the bytes are not one. */
export function readXlsSheets(bytes: Uint8Array): Sheet[] {
  const wb = XLSX.read(bytes, {
    type: 'array',
    dense: true,
    cellFormula: false,
    cellHTML: false,
    cellStyles: false,
    cellNF: true,
    cellDates: false,
  });
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  return wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name] as XLSX.WorkSheet & { '!data'?: (XLSX.CellObject | undefined)[][] };
    const rows: Sheet['rows'] = [];
    // dense rows: only the rows and cells the file holds are visited (the sheet's range may claim a million rows)
    (ws['!data'] ?? []).forEach((r, index) => {
      if (!r) return;
      const cells: Cell[] = [];
      r.forEach((c, i) => (cells[i] = plain(c, date1904)));
      rows.push({ number: index + 1, cells: Array.from(cells, (c) => c ?? null) });
    });
    return { name, rows };
  });
}
