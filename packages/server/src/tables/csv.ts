/**
 * CSV reading as Chinese Excel writes it: RFC 4180 quoting, CRLF or LF, optional UTF-8 BOM,
 * GBK/GB18030 text when the bytes are not valid UTF-8 (Excel's "CSV" on a Chinese Windows), and
 * UTF-16 ("Unicode text" from Excel, WPS and many report systems): LE or BE with a BOM, or LE
 * without one, known by the NUL in every other byte of ASCII text.
 */

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** UTF-16 without a BOM: most of the first bytes in odd (LE) or even (BE) positions are NUL, none on the other side. */
function bomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.3 && evenNul === 0) return 'utf-16le';
  if (evenNul >= pairs * 0.3 && oddNul === 0) return 'utf-16be';
  return null;
}

/** The text encoding of a file's bytes and the bytes after its byte order mark. */
export function sniffEncoding(bytes: Uint8Array): { encoding: TextEncodingName | null; body: Uint8Array } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', body: bytes.subarray(3) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', body: bytes.subarray(2) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', body: bytes.subarray(2) };
  return { encoding: bomlessUtf16(bytes), body: bytes };
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const { encoding, body } = sniffEncoding(bytes);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return { text: new TextDecoder(encoding).decode(body), encoding };
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

/** Parses CSV (or tab-separated) text into rows of raw strings. Row numbers are 1-based physical record numbers. */
export function parseCsv(text: string, delimiter: ',' | '\t' = ','): { rows: string[][]; error?: CsvParseError } {
  const delim = delimiter.charCodeAt(0);
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
    } else if (c === delim) {
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
        if (d === delim || d === 10 || d === 13 || d === 34) break;
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
