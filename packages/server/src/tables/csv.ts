/**
 * CSV reading as Chinese Excel writes it: RFC 4180 quoting, CRLF or LF, optional UTF-8 BOM,
 * and GBK/GB18030 text when the bytes are not valid UTF-8 (Excel's "CSV" on a Chinese Windows).
 */

export type TextEncodingName = 'utf-8' | 'gb18030';

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
    return { text: new TextDecoder('gb18030').decode(body), encoding: 'gb18030' };
  }
}

export interface CsvParseError {
  row: number;
  message: string;
}

/** Parses CSV text into rows of raw strings. Row numbers are 1-based physical record numbers. */
export function parseCsv(text: string): { rows: string[][]; error?: CsvParseError } {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let inQuotes = false;
  let quotedFieldStartRow = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 34 /* " */) {
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      const next = text.indexOf('"', i);
      if (next === -1) {
        return { rows: out, error: { row: quotedFieldStartRow, message: 'unterminated quoted field' } };
      }
      field += text.slice(i, next);
      i = next;
      continue;
    }
    if (c === 34 && field === '') {
      inQuotes = true;
      quotedFieldStartRow = out.length + 1;
      i++;
    } else if (c === 44 /* , */) {
      row.push(field);
      field = '';
      i++;
    } else if (c === 10 || c === 13) {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      // plain run up to the next delimiter
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 44 || d === 10 || d === 13 || d === 34) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return { rows: out };
}

/** Serialises one CSV record; fields with a delimiter, quote or line break are quoted. */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return fields
    .map((f) => {
      if (f === null || f === undefined) return '';
      const s = String(f);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}
