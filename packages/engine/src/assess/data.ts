/**
 * Input data: units × columns, column-major.
 *   unitIds      unit identifiers (unique), length n
 *   values       column name → Float64Array(n), NaN = missing (indicator, denominator, bonus columns…)
 *   attributes   attribute name → (string | null)[] (peer groups, imputation groups)
 *   previous     optional previous-period columns (same unit order) for carry-forward imputation
 *                and change-vs-previous
 * `fromRecords` converts a plain table (array of records, as a CSV/XLSX reader would give) into
 * this shape and reports every non-numeric cell with its row (1-based data row, the header being
 * row 0) and column, in one `DATA_NON_NUMERIC` error.
 * Accepted numbers: JS numbers; strings with optional spaces, thousands separators (, or ，),
 * full-width digits, a leading + or −, exponent, and a trailing % (value kept as written:
 * "12.5%" → 12.5). Missing: null, undefined, '', '-', '—', '－', 'NA', 'N/A', 'NaN', '..', '/'.
 */

import { AssessError, fail } from './errors.js';

export interface AssessData {
  unitIds: readonly string[];
  values: Readonly<Record<string, Float64Array>>;
  attributes?: Readonly<Record<string, readonly (string | null)[]>>;
  previous?: Readonly<Record<string, Float64Array>>;
}

export type Cell = string | number | boolean | null | undefined;

const MISSING = new Set(['', '-', '—', '－', '--', 'na', 'n/a', 'nan', 'null', '..', '/', '空', '无数据']);

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses one cell; returns NaN for missing, undefined for "not a number". */
export function parseNumericCell(v: Cell): number | undefined {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'number') return Number.isFinite(v) || Number.isNaN(v) ? v : undefined;
  if (typeof v === 'boolean') return undefined;
  // fast path: a plain number as CSV files hold it (the rules below leave it unchanged)
  if (PLAIN_NUMBER.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  let s = v.trim();
  if (MISSING.has(s.toLowerCase())) return NaN;
  s = s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[−－]/g, '-')
    .replace(/[,，\s]/g, '');
  if (s.endsWith('%') || s.endsWith('％')) s = s.slice(0, -1);
  if (!PLAIN_NUMBER.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export interface FromRecordsOptions {
  /** Field holding the unit id. */
  idField: string;
  /** Numeric fields; default: every field except id and attribute fields. */
  numericFields?: readonly string[];
  /** Text fields kept as attributes (groups). */
  attributeFields?: readonly string[];
  /** Stop collecting after this many bad cells (default 100). */
  maxErrors?: number;
}

export interface CellError {
  /** 1-based data row (row 0 = header line of the source table). */
  row: number;
  column: string;
  value: unknown;
}

export function fromRecords(records: readonly Readonly<Record<string, Cell>>[], opts: FromRecordsOptions): AssessData {
  const n = records.length;
  if (n === 0) fail('DATA_EMPTY', '数据表为空', 'the table has no rows');
  const attrFields = opts.attributeFields ?? [];
  let fields = opts.numericFields;
  if (!fields) {
    const seen = new Set<string>();
    for (const r of records) for (const k of Object.keys(r)) seen.add(k);
    fields = [...seen].filter((k) => k !== opts.idField && !attrFields.includes(k));
  }
  const unitIds: string[] = new Array(n);
  const seenIds = new Map<string, number>();
  const values: Record<string, Float64Array> = {};
  for (const f of fields) values[f] = new Float64Array(n);
  const attributes: Record<string, (string | null)[]> = {};
  for (const a of attrFields) attributes[a] = new Array(n);
  const errors: CellError[] = [];
  const maxErrors = opts.maxErrors ?? 100;
  for (let i = 0; i < n; i++) {
    const r = records[i];
    const id = r[opts.idField];
    if (id === null || id === undefined || String(id).trim() === '')
      fail('DATA_MISSING_COLUMN', `第 ${i + 1} 行缺少单位编号（${opts.idField}）`, `row ${i + 1}: missing unit id (${opts.idField})`, {
        row: i + 1,
        column: opts.idField,
      });
    const sid = String(id).trim();
    const dup = seenIds.get(sid);
    if (dup !== undefined)
      fail(
        'DATA_DUPLICATE_UNIT',
        `单位编号 ${sid} 在第 ${dup} 行和第 ${i + 1} 行重复`,
        `unit id ${sid} appears in rows ${dup} and ${i + 1}`,
        {
          unit: sid,
          rows: [dup, i + 1],
        },
      );
    seenIds.set(sid, i + 1);
    unitIds[i] = sid;
    for (const f of fields) {
      const v = parseNumericCell(r[f]);
      if (v === undefined) {
        if (errors.length < maxErrors) errors.push({ row: i + 1, column: f, value: r[f] });
        values[f][i] = NaN;
      } else values[f][i] = v;
    }
    for (const a of attrFields) {
      const v = r[a];
      attributes[a][i] = v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim();
    }
  }
  if (errors.length) {
    const e = errors[0];
    const more = errors.length > 1 ? `（共 ${errors.length} 处）` : '';
    const moreEn = errors.length > 1 ? ` (${errors.length} cells in total)` : '';
    throw new AssessError(
      'DATA_NON_NUMERIC',
      `第 ${e.row} 行“${e.column}”列的值“${String(e.value)}”不是数字${more}`,
      `row ${e.row}, column "${e.column}": "${String(e.value)}" is not a number${moreEn}`,
      { cells: errors, row: e.row, column: e.column },
    );
  }
  return attrFields.length ? { unitIds, values, attributes } : { unitIds, values };
}

export interface CheckOptions {
  /**
   * The ids are known to be unique (e.g. a primary key read from the database): skip the
   * duplicate-id check, about 30 ms per million ids. Lengths are still checked.
   */
  trustedIds?: boolean;
}

/** Checks lengths and (unless `trustedIds`) duplicate ids. */
export function checkData(data: AssessData, opts: CheckOptions = {}): number {
  const n = data.unitIds.length;
  if (n === 0) fail('DATA_EMPTY', '没有任何评价单位', 'no units to assess');
  const dup = opts.trustedIds ? null : findDuplicate(data.unitIds);
  if (dup) {
    const id = data.unitIds[dup[1]];
    fail(
      'DATA_DUPLICATE_UNIT',
      `单位编号重复：${id}（第 ${dup[0] + 1} 与第 ${dup[1] + 1} 个）`,
      `duplicate unit id: ${id} (positions ${dup[0] + 1} and ${dup[1] + 1})`,
      {
        unit: id,
        positions: dup,
      },
    );
  }
  const check = (kind: string, rec: Readonly<Record<string, ArrayLike<unknown>>> | undefined) => {
    for (const [k, col] of Object.entries(rec ?? {}))
      if (col.length !== n)
        fail(
          'DATA_LENGTH_MISMATCH',
          `${kind}列 ${k} 的长度 ${col.length} 与单位数 ${n} 不符`,
          `${kind} column ${k} has length ${col.length}, expected ${n}`,
          {
            column: k,
            length: col.length,
            expected: n,
          },
        );
  };
  check('', data.values);
  check('属性', data.attributes);
  check('上期', data.previous);
  return n;
}

export function column(data: AssessData, name: string, what: string): Float64Array {
  const c = data.values[name];
  if (!c) fail('DATA_MISSING_COLUMN', `数据缺少${what}列：${name}`, `data has no column "${name}" (${what})`, { column: name });
  return c;
}

export function attribute(data: AssessData, name: string, what: string): readonly (string | null)[] {
  const a = data.attributes?.[name];
  if (!a)
    fail('DATA_MISSING_ATTRIBUTE', `数据缺少属性列：${name}（${what}）`, `data has no attribute "${name}" (${what})`, { attribute: name });
  return a;
}

function hashAll(ids: readonly string[], hash: Uint32Array, counts: Uint32Array): void {
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    let h = 0x811c9dc5;
    for (let c = 0; c < s.length; c++) h = Math.imul(h ^ s.charCodeAt(c), 0x01000193);
    h >>>= 0;
    hash[i] = h;
    counts[(h >>> 24) + 1]++;
  }
}

/**
 * First pair of equal ids (lowest later position), or null. Cache-friendly O(n): FNV-1a 32-bit
 * string hashes, partitioned by their top 8 bits (counting sort), then a small open-addressing
 * table per partition; equal hashes are confirmed by comparing the strings.
 */
export function findDuplicate(ids: readonly string[]): [number, number] | null {
  const n = ids.length;
  const hash = new Uint32Array(n);
  const counts = new Uint32Array(257);
  hashAll(ids, hash, counts);
  for (let b = 0; b < 256; b++) counts[b + 1] += counts[b];
  const pos = counts.slice(0, 256);
  const part = new Uint32Array(n);
  for (let i = 0; i < n; i++) part[pos[hash[i] >>> 24]++] = i;
  let maxPart = 0;
  for (let b = 0; b < 256; b++) maxPart = Math.max(maxPart, counts[b + 1] - counts[b]);
  let cap = 1;
  while (cap < maxPart * 2) cap <<= 1;
  const table = new Int32Array(cap);
  let best: [number, number] | null = null;
  for (let b = 0; b < 256; b++) {
    const lo = counts[b];
    const hi = counts[b + 1];
    if (hi - lo < 2) continue;
    let c = 1;
    while (c < (hi - lo) * 2) c <<= 1;
    const mask = c - 1;
    table.fill(-1, 0, c);
    for (let k = lo; k < hi; k++) {
      const i = part[k];
      const h = hash[i];
      let slot = h & mask;
      for (;;) {
        const j = table[slot];
        if (j === -1) {
          table[slot] = i;
          break;
        }
        if (hash[j] === h && ids[j] === ids[i]) {
          if (!best || i < best[1]) best = [j, i];
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  return best;
}
