/**
 * `gongfu assess`: run an assessment scheme on a table from a file — no server, no database. Reads the
 * scheme JSON (validated by the engine), an .xlsx/.csv table (first row = header, one row per unit;
 * read with the server's upload reader), runs the engine and writes the results as .xlsx (every
 * table), .csv (the ranking) or .json (ranking + every engine output). Bad cells are reported with
 * their spreadsheet row and column; the exit code is then non-zero.
 *
 * main.ts finds it in commands/ (`commands: CliModule`).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  isAssessError,
  parseScheme,
  runScheme,
  schemeFromMeta,
  toPlain,
  type MetaRow,
  type Cell as EngineCell,
  fromRecords,
  type Plan,
} from '@gongfu/engine/assess';
import { AppError } from '@gongfu/server/errors';
import { columnLetter, matchColumns, parseNumber, readTableHere, type Cell, type TableSpec } from '@gongfu/server/tables/reader';
import { columnNames, headerLacks } from '@gongfu/server/tables/issues';
import { writeTables } from '@gongfu/server/exports/table-writer';
import { displayWidth, padDisplay } from '../output.js';
import { schemeAttributes, schemeColumns } from '@gongfu/server/assess/bindings';
import { contextOrder, contextRows, schemeLabels, TABLES, type Lang, type TableContext } from '@gongfu/server/assess/tables';

export interface AssessOptions {
  /** scheme JSON, or with `meta` an indicator-metadata table to build it from */
  scheme?: string;
  meta?: string;
  data: string;
  out: string;
  id?: string;
  name?: string;
  sheet?: string;
  lang: Lang;
}

const MAX_BYTES = 256 * 1024 * 1024;
// tables are read in this thread: the parser workers' memory cap guards the server against hostile
// uploads; here the file is the user's own, and a worker would only add its start and a copy of every row

const plainText = (c: Cell): EngineCell => (c instanceof Date ? c.toISOString().slice(0, 10) : c);

function engineError(e: unknown, file: string): unknown {
  if (!isAssessError(e)) return e;
  return new AppError(e.code, 1, { zh: `${file}：${e.zh}`, en: `${file}: ${e.en}` }, e.details);
}

/** Reads and parses a scheme file (strict: every unknown key is an error with its path). */
function readScheme(file: string): { definition: unknown; plan: Plan } {
  let definition: unknown;
  const text = fs.readFileSync(file, 'utf8');
  try {
    definition = JSON.parse(text);
  } catch (e) {
    throw new AppError('SCHEME_NOT_JSON', 1, {
      zh: `方案文件 ${file} 不是有效的 JSON：${(e as Error).message}`,
      en: `scheme file ${file} is not valid JSON: ${(e as Error).message}`,
    });
  }
  let plan: Plan;
  try {
    plan = parseScheme(definition);
  } catch (e) {
    throw engineError(e, file);
  }
  return { definition, plan };
}

type MetaField = keyof Omit<MetaRow, 'row'>;

/** The columns of an indicator-metadata table (COINr's iMeta names; the Chinese name first, the English last, as messages name them). */
const META_SPEC: Required<TableSpec<MetaField>> = {
  code: { aliases: ['指标代码', '代码', '编码', 'icode', 'code'], required: true },
  name: { aliases: ['指标名称', '名称', 'iname', 'name'] },
  level: { aliases: ['层级', '级别', 'level'], required: true },
  parent: { aliases: ['上级代码', '上级', '父级', 'parent'] },
  direction: { aliases: ['方向', 'direction'] },
  weight: { aliases: ['权重', 'weight'] },
  target: { aliases: ['目标值', '目标', 'target'] },
  unit: { aliases: ['单位', 'unit'] },
  denominator: { aliases: ['分母', '分母列', 'denominator'] },
};
const NUMERIC_META = new Set(['level', 'direction', 'weight', 'target']);

/** Builds a scheme from an indicator-metadata table; problems carry sheet, row and column. */
export async function schemeFromMetaFile(file: string, id?: string): Promise<Record<string, unknown>> {
  const read = await readTableHere(fs.readFileSync(file), path.basename(file), MAX_BYTES);
  const sheet = read.sheets[0];
  const rows = sheet?.rows.filter((r) => r.cells.some((c) => c !== null && String(c).trim() !== '')) ?? [];
  if (rows.length < 2) throw new AppError('DATA_EMPTY', 1, { zh: `${file} 没有指标行`, en: `${file} has no indicator rows` });
  const [headerRow, ...body] = rows;
  const match = matchColumns(headerRow, META_SPEC);
  if (match.missing.length) {
    const lacks = headerLacks(sheet.name, headerRow, columnNames(META_SPEC, match.missing));
    throw new AppError('DATA_MISSING_COLUMN', 1, {
      zh: `${file} 第 ${headerRow.number} 行（表头）：${lacks.zh}`,
      en: `${file}, row ${headerRow.number} (header): ${lacks.en}`,
    });
  }
  const at = Object.fromEntries((Object.keys(META_SPEC) as MetaField[]).map((f) => [f, match.columns[f] ?? -1])) as Record<
    MetaField,
    number
  >;
  const issues: { sheet: string | null; row: number; column: string; code: string; zh: string; en: string }[] = [];
  const meta: MetaRow[] = body.map((r) => {
    const out: Record<string, unknown> = { row: r.number };
    for (const [field, j] of Object.entries(at)) {
      if (j < 0) continue;
      const cell = r.cells[j] ?? null;
      if (cell === null || String(cell).trim() === '') continue;
      if (!NUMERIC_META.has(field)) out[field] = String(cell).trim();
      else {
        const n = parseNumber(cell);
        if (n === null || Number.isNaN(n))
          issues.push({
            sheet: sheet.name,
            row: r.number,
            column: `${columnLetter(j)} ${field}`,
            code: 'NOT_A_NUMBER',
            zh: `“${String(cell)}”不是数字`,
            en: `"${String(cell)}" is not a number`,
          });
        else out[field] = n;
      }
    }
    return out as unknown as MetaRow;
  });
  const located = (field: string) => `${at[field as keyof typeof at] >= 0 ? columnLetter(at[field as keyof typeof at]) + ' ' : ''}${field}`;
  try {
    if (issues.length) throw new Error('numbers');
    return schemeFromMeta(meta, { id: id ?? path.basename(file, path.extname(file)) });
  } catch (e) {
    const found = isAssessError(e) ? (e.details.issues as { row: number; column: string; zh: string; en: string }[]) : [];
    const all = [
      ...issues,
      ...found.map((i) => ({ sheet: sheet.name, row: i.row, column: located(i.column), code: 'META_INVALID', zh: i.zh, en: i.en })),
    ];
    if (!all.length) throw e;
    const first = all[0];
    throw new AppError(
      'META_INVALID',
      1,
      {
        zh: `${file}：第 ${first.row} 行 ${first.column}：${first.zh}${all.length > 1 ? `（共 ${all.length} 处）` : ''}`,
        en: `${file}: row ${first.row}, ${first.column}: ${first.en}${all.length > 1 ? ` (${all.length} problems)` : ''}`,
      },
      { issues: all, issueCount: all.length },
    );
  }
}

/** The scheme of a command: the JSON file, or one built from the metadata table. */
async function schemeOf(options: { scheme?: string; meta?: string }): Promise<{ definition: unknown; plan: Plan }> {
  if (options.scheme && options.meta)
    throw new AppError('SCHEME_TWICE', 1, { zh: '--scheme 与 --meta 只能给一个', en: 'give --scheme or --meta, not both' });
  if (options.meta) {
    const definition = await schemeFromMetaFile(options.meta);
    try {
      return { definition, plan: parseScheme(definition) };
    } catch (e) {
      throw engineError(e, options.meta);
    }
  }
  if (!options.scheme)
    throw new AppError('SCHEME_REQUIRED', 1, {
      zh: '请用 --scheme 给出方案文件，或用 --meta 给出指标表',
      en: 'give a scheme with --scheme, or an indicator table with --meta',
    });
  return readScheme(options.scheme);
}

export type InputOptions = Pick<AssessOptions, 'scheme' | 'meta' | 'data' | 'id' | 'name' | 'sheet'>;

/** Reads and checks the scheme and the table; every problem is an AppError naming file, row and column. */
async function readInputs(options: InputOptions) {
  const { definition, plan } = await schemeOf(options);
  const read = await readTableHere(fs.readFileSync(options.data), path.basename(options.data), MAX_BYTES);
  const sheet = options.sheet ? read.sheets.find((s) => s.name === options.sheet) : read.sheets[0];
  const sheetName = sheet?.name ?? null;
  if (!sheet) throw new AppError('SHEET_NOT_FOUND', 1, { zh: `找不到工作表 ${options.sheet}`, en: `no sheet named ${options.sheet}` });
  const nonEmpty = sheet.rows.filter((r) => r.cells.some((c) => c !== null && String(c).trim() !== ''));
  if (nonEmpty.length < 2)
    throw new AppError('DATA_EMPTY', 1, { zh: `${options.data} 没有数据行`, en: `${options.data} has no data rows` });
  const [headerRow, ...dataRows] = nonEmpty;
  const header = headerRow.cells.map((c) => (c === null ? '' : String(c).trim()));
  const idField = options.id ?? header[0];
  const columns = schemeColumns(plan);
  const attributes = schemeAttributes(plan);
  const issue = (row: number | null, column: string | null, code: string, zh: string, en: string) => ({
    sheet: sheetName,
    row,
    column,
    code,
    zh,
    en,
  });

  const missing = [idField, ...(options.name ? [options.name] : []), ...columns, ...attributes].filter((c) => !header.includes(c));
  if (missing.length) {
    throw new AppError(
      'DATA_MISSING_COLUMN',
      1,
      {
        zh: `${options.data} 第 ${headerRow.number} 行（表头）缺少列：${missing.join('、')}`,
        en: `${options.data}, row ${headerRow.number} (header) lacks columns: ${missing.join(', ')}`,
      },
      {
        issues: missing.map((m) => issue(headerRow.number, m, 'MISSING_COLUMN', `缺少列“${m}”`, `missing column "${m}"`)),
        issueCount: missing.length,
      },
    );
  }

  const records = dataRows.map((r) => Object.fromEntries(header.map((h, j) => [h, plainText(r.cells[j] ?? null)])));
  let data;
  try {
    data = fromRecords(records, { idField, numericFields: columns, attributeFields: attributes, maxErrors: 1000 });
  } catch (e) {
    if (isAssessError(e) && e.code === 'DATA_NON_NUMERIC') {
      const cells = (e.details.cells as { row: number; column: string; value: unknown }[]).map((c) => ({
        ...c,
        excelRow: dataRows[c.row - 1].number,
        letter: columnLetter(header.indexOf(c.column)),
      }));
      const first = cells[0];
      throw new AppError(
        'DATA_NON_NUMERIC',
        1,
        {
          zh: `${options.data}：第 ${first.excelRow} 行 ${first.letter} 列（${first.column}）的值“${String(first.value)}”不是数字${cells.length > 1 ? `（共 ${cells.length} 处）` : ''}`,
          en: `${options.data}: row ${first.excelRow}, column ${first.letter} (${first.column}): "${String(first.value)}" is not a number${cells.length > 1 ? ` (${cells.length} cells in total)` : ''}`,
        },
        {
          issues: cells.map((c) =>
            issue(
              c.excelRow,
              `${c.letter} ${c.column}`,
              'NOT_A_NUMBER',
              `“${String(c.value)}”不是数字`,
              `"${String(c.value)}" is not a number`,
            ),
          ),
          issueCount: cells.length,
        },
      );
    }
    if (isAssessError(e) && e.code === 'DATA_DUPLICATE_UNIT') {
      const rowsAt = (e.details.rows as number[]).map((r) => dataRows[r - 1].number);
      throw new AppError(e.code, 1, {
        zh: `${options.data}：单位 ${String(e.details.unit)} 在第 ${rowsAt.join('、')} 行重复`,
        en: `${options.data}: unit ${String(e.details.unit)} appears in rows ${rowsAt.join(' and ')}`,
      });
    }
    if (isAssessError(e) && typeof e.details.row === 'number') {
      const excelRow = dataRows[(e.details.row as number) - 1]?.number;
      throw new AppError(e.code, 1, { zh: `${options.data}：第 ${excelRow} 行：${e.zh}`, en: `${options.data}: row ${excelRow}: ${e.en}` });
    }
    throw engineError(e, options.data);
  }

  // unit id → display name; the records (every cell as an object) are freed when this returns
  const nameOf = new Map(
    records.map((r) => [String(r[idField]).trim(), options.name ? String(r[options.name] ?? '') : String(r[idField]).trim()]),
  );
  return { definition, plan, data, nameOf };
}

export async function assessFile(options: AssessOptions): Promise<void> {
  // checked here, not by commander: an ancestor's required options would bind `assess validate` too
  for (const [key, flag] of [
    ['data', '--data <file>'],
    ['out', '-o, --out <file>'],
  ] as const) {
    if (!options[key])
      throw new AppError('OPTION_MISSING', 1, { zh: `缺少必需的选项 ${flag}`, en: `required option '${flag}' not specified` });
  }
  const lang = options.lang;
  const ext = path.extname(options.out).toLowerCase();
  if (!['.xlsx', '.csv', '.json'].includes(ext)) {
    throw new AppError('OUT_FORMAT', 1, {
      zh: `输出文件须为 .xlsx、.csv 或 .json：${options.out}`,
      en: `the output file must be .xlsx, .csv or .json: ${options.out}`,
    });
  }
  const { definition, plan, data, nameOf } = await readInputs(options);
  let result;
  try {
    // explanations (per unit, per indicator) only go into .json; the tables do not use them
    result = runScheme(plan, data, { explain: ext === '.json' });
  } catch (e) {
    throw engineError(e, options.data);
  }
  const out = toPlain(result);
  const units = result.unitIds.map((u) => ({ code: u, name: nameOf.get(u) ?? u, regionCode: '' }));
  const labels = schemeLabels(definition);
  const kept = new Set(result.unitIds);
  const group = (attr: string) => data.attributes?.[attr]?.filter((_, i) => kept.has(data.unitIds[i]));
  const g = plan.scheme.ranking.peerGroupBy ?? plan.scheme.grading?.peerGroupBy;
  const ctx: TableContext = { out, units, labels, group: g ? (group(g) ?? null) : null, lang };
  const count = contextOrder(ctx).length;

  if (ext === '.json') {
    const ranking = contextRows(ctx);
    const scheme = { id: plan.scheme.id, version: plan.scheme.version, illustrative: plan.scheme.illustrative };
    fs.writeFileSync(options.out, JSON.stringify({ scheme, source: path.basename(options.data), ranking, outputs: out }, null, 1));
  } else {
    const sheets = ext === '.csv' ? [TABLES.ranking(ctx)] : Object.values(TABLES).map((f) => f(ctx));
    // streamed to the file: the workbook is never one Buffer in memory
    await writeTables(ext === '.csv' ? 'csv' : 'xlsx', sheets, fs.createWriteStream(options.out));
  }

  const zh = lang === 'zh';
  console.log(
    `${zh ? '方案' : 'scheme'}: ${plan.scheme.id} ${plan.scheme.version}${plan.scheme.illustrative ? (zh ? '（示意方案）' : ' (illustrative)') : ''}; ${zh ? '单位' : 'units'}: ${units.length}`,
  );
  const shown = contextRows(ctx, 30);
  const unitWidth = Math.max(16, ...shown.map((r) => displayWidth(r.unit)));
  const nameWidth = Math.max(12, ...shown.map((r) => displayWidth(r.name)));
  for (const r of shown) {
    console.log(
      `${String(r.rank ?? '—').padStart(4)}  ${padDisplay(r.unit, unitWidth)} ${padDisplay(r.name, nameWidth)} ${(r.final ?? NaN).toFixed(2).padStart(8)}  ${r.grade ?? ''}`,
    );
  }
  if (count > 30) console.log(`  … ${count - 30}`);
  for (const u of result.screening?.removed ?? [])
    console.log(`${zh ? '已筛除' : 'screened out'}: ${u.unit} ${nameOf.get(u.unit) ?? ''} — ${zh ? u.zh : u.en}`);
  for (const w of out.warnings) console.log(`${zh ? '提示' : 'note'}: ${zh ? w.zh : w.en}`);
  console.log(`${zh ? '已写入' : 'written'}: ${options.out}`);
}

/** `gongfu assess validate`: every problem of the scheme (and of the table, with --data) without running. */
export async function validateFiles(scheme: string, options: Omit<InputOptions, 'scheme' | 'data'> & { data?: string; lang: Lang }) {
  const zh = options.lang === 'zh';
  if (!options.data) {
    const { plan } = readScheme(scheme);
    console.log(`${zh ? '方案有效' : 'scheme is valid'}: ${plan.scheme.id} ${plan.scheme.version}`);
    return;
  }
  const { plan, data } = await readInputs({ ...options, scheme, data: options.data });
  console.log(
    `${zh ? '方案和数据有效' : 'scheme and data are valid'}: ${plan.scheme.id} ${plan.scheme.version}; ${zh ? '单位' : 'units'}: ${data.unitIds.length}`,
  );
}

export async function writeSchemeFromMeta(meta: string, options: { out: string; id?: string }) {
  const definition = await schemeFromMetaFile(meta, options.id);
  try {
    parseScheme(definition);
  } catch (e) {
    throw engineError(e, meta);
  }
  fs.writeFileSync(options.out, JSON.stringify(definition, null, 2) + '\n');
  console.log(`已写入 / written: ${options.out}`);
}
