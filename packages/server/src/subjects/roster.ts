/**
 * Reading a subjects roster (名册) from .xlsx/.csv: one header row, then one subject per row.
 * Known columns are kind, code, name, region and source (Chinese or English headers); every other
 * column becomes an attribute under its header text. Every problem names its sheet, row and column.
 */
import { validateCreditCode } from '@gongfu/engine/mujun';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { SubjectKind } from '../indicators/schema.js';
import type { ImportIssue } from '../imports/issues.js';
import { columnLetter, readTable, type Cell } from '../tables/reader.js';
import { rosterInvalid, saveRoster, type SubjectInput } from './service.js';

type Field = 'kind' | 'code' | 'name' | 'regionCode' | 'source';

const HEADERS: Record<string, Field> = {
  kind: 'kind',
  类型: 'kind',
  类别: 'kind',
  主体类型: 'kind',
  code: 'code',
  代码: 'code',
  编码: 'code',
  主体代码: 'code',
  统一社会信用代码: 'code',
  name: 'name',
  名称: 'name',
  主体名称: 'name',
  企业名称: 'name',
  单位名称: 'name',
  region: 'regionCode',
  regioncode: 'regionCode',
  所属地区: 'regionCode',
  地区代码: 'regionCode',
  区划代码: 'regionCode',
  所属镇街: 'regionCode',
  source: 'source',
  来源: 'source',
};

const KIND_WORDS: Record<string, SubjectInput['kind']> = {
  企业: 'enterprise',
  平台: 'platform',
  项目: 'project',
  站点: 'station',
  监测站: 'station',
  部门: 'department',
};

const text = (c: Cell | undefined) =>
  c instanceof Date ? c.toISOString().slice(0, 10) : c === null || c === undefined ? '' : String(c).trim();
const attributeValue = (c: Cell) => (c instanceof Date ? c.toISOString().slice(0, 10) : typeof c === 'string' ? c.trim() : c);

export interface RosterOptions {
  fileName: string;
  /** kind for rows without a kind column */
  kind?: SubjectInput['kind'];
  dryRun: boolean;
  maxBytes: number;
}

export async function importRoster(db: Db, actor: Actor, bytes: Uint8Array, options: RosterOptions) {
  const file = await readTable(bytes, options.fileName, options.maxBytes);
  const issues: ImportIssue[] = [];
  const items: SubjectInput[] = [];
  const places: { sheet: string | null; row: number; columns: Partial<Record<Field, string>> }[] = [];
  const seen = new Map<string, string>();
  for (const sheet of file.sheets) {
    const [header, ...body] = sheet.rows;
    if (!header) continue;
    const columns = new Map<number, Field>();
    const attributes = new Map<number, string>();
    header.cells.forEach((c, i) => {
      const h = text(c);
      if (!h) return;
      const field = HEADERS[h.toLowerCase().replace(/\s+/g, '')];
      if (field) columns.set(i, field);
      else attributes.set(i, h);
    });
    const columnOf = new Map([...columns].map(([i, f]) => [f, i]));
    const letters: Partial<Record<Field, string>> = Object.fromEntries([...columnOf].map(([f, i]) => [f, columnLetter(i)]));
    for (const required of ['code', 'name', 'regionCode'] as const) {
      if (!columnOf.has(required)) {
        issues.push({
          sheet: sheet.name,
          row: header.number,
          column: null,
          code: 'COLUMN_MISSING',
          zh: `缺少「${{ code: '代码', name: '名称', regionCode: '所属地区' }[required]}」列`,
          en: `Missing the ${required} column`,
        });
      }
    }
    if (!columnOf.has('kind') && !options.kind) {
      issues.push({
        sheet: sheet.name,
        row: header.number,
        column: null,
        code: 'COLUMN_MISSING',
        zh: '缺少「类型」列（或在导入时指定类型）',
        en: 'Missing the kind column (or give the kind with the import)',
      });
    }
    if (issues.length) continue;
    for (const row of body) {
      if (row.cells.every((c) => text(c) === '')) continue;
      const cell = (f: Field) => (columnOf.has(f) ? text(row.cells[columnOf.get(f)!]) : '');
      const add = (f: Field, code: string, zh: string, en: string) =>
        issues.push({ sheet: sheet.name, row: row.number, column: letters[f] ?? null, code, zh, en });
      const before = issues.length;
      const rawKind = cell('kind');
      const kind = rawKind ? (KIND_WORDS[rawKind] ?? rawKind.toLowerCase()) : options.kind;
      const parsedKind = SubjectKind.exclude(['region']).safeParse(kind);
      if (!parsedKind.success) add('kind', 'BAD_KIND', `未知的主体类型「${rawKind}」`, `Unknown subject kind "${rawKind}"`);
      const code = cell('code');
      if (!code) add('code', 'CODE_MISSING', '代码为空', 'Code is empty');
      else if (parsedKind.success && parsedKind.data === 'enterprise') {
        // an enterprise is known by its 统一社会信用代码 (GB 32100-2015): say which character is wrong
        const checked = validateCreditCode(code);
        if (!checked.valid)
          add(
            'code',
            'BAD_CREDIT_CODE',
            `统一社会信用代码「${code}」有误：${checked.problems[0].zh}`,
            `Credit code "${code}" is invalid: ${checked.problems[0].en}`,
          );
      }
      const name = cell('name');
      if (!name) add('name', 'NAME_MISSING', '名称为空', 'Name is empty');
      const regionCode = cell('regionCode');
      if (!/^\d{12}(\d{3})?$/.test(regionCode))
        add(
          'regionCode',
          'BAD_REGION',
          `所属地区应为 12 位区划代码：「${regionCode}」`,
          `Region must be a 12-digit region code: "${regionCode}"`,
        );
      if (issues.length > before || !parsedKind.success) continue;
      const key = `${parsedKind.data}:${code}`;
      const first = seen.get(key);
      if (first) {
        add('code', 'DUPLICATE_ROW', `与${first}重复（同一类型和代码）`, `Duplicates ${first} (same kind and code)`);
        continue;
      }
      seen.set(key, `${sheet.name ?? ''} row ${row.number}`.trim());
      const attrs: Record<string, unknown> = {};
      for (const [i, h] of attributes) if (text(row.cells[i]) !== '') attrs[h] = attributeValue(row.cells[i]);
      items.push({ kind: parsedKind.data, code, name, regionCode, attributes: attrs, source: cell('source') || options.fileName });
      places.push({ sheet: sheet.name, row: row.number, columns: letters });
    }
  }
  if (issues.length) throw rosterInvalid(issues);
  if (items.length === 0)
    throw new AppError('FILE_EMPTY', 422, {
      zh: `名册 ${options.fileName} 中没有数据行`,
      en: `Roster ${options.fileName} has no data rows`,
    });
  return saveRoster(
    db,
    actor,
    items,
    (i, field) => ({ sheet: places[i].sheet, row: places[i].row, column: places[i].columns[field] ?? null }),
    options,
  );
}
