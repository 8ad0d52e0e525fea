/**
 * Import of indicator observations from .xlsx/.csv: read → recognise layout → validate every row →
 * preview (dry run) or write all-or-nothing in one transaction. Nothing is written while any
 * problem remains; every problem names its sheet, row and column.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ImportPreview as ImportPreviewSchema } from '../http/schemas.js';
import { AppError } from '../errors.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { listIndicators } from '../indicators/repository.js';
import type { Indicator, SubjectKind } from '../indicators/schema.js';
import { parsePeriod } from '../observations/period.js';
import { existingSubjectCodesUnscoped, findSubjects, type NewObservation } from '../observations/repository.js';
import { writeObservations } from '../observations/writer.js';
import { locate, reportedIssues, type ImportIssue } from './issues.js';
import { HEADERS, isEmptyMark, readLayout, type ColumnOverride, type DetectedSheet, type RawRecord, type TotalCheck } from './layout.js';
import { prepareNames, saveConfirmedMappings, type ImportNames, type NameMapping } from './mapping.js';
import { indicatorKey, looksLikeRegionCode, type NameMatch } from './names.js';
import { readValue, show } from './values.js';
import { readTable, type Cell, type Sheet } from '../tables/reader.js';

export type Status = 'preliminary' | 'final';

export interface ImportOptions {
  fileName: string;
  /** default status for rows without a status column */
  status?: Status;
  /** default source text for rows without a source column */
  source?: string;
  synthetic?: boolean;
  note?: string;
  maxBytes: number;
  dryRun: boolean;
  /** the period of rows the file gives none for (a reporting task's period) */
  period?: string;
  /** what the file may hold (a reporting task); any other row is a problem of that row */
  allowed?: AllowedRows;
  /** the audit entry of the write; default `data.import` */
  audit?: { action: string; after?: Record<string, unknown> };
  /** reports progress as (done, total) while writing */
  onProgress?: (done: number, total: number) => void;
  /**
   * Names the clerk confirms: region name → region code, indicator name → indicator code. Applied to
   * this import and, when it is written, saved for its source (`source`, else the file name).
   */
  mapping?: NameMapping;
  /**
   * Column roles the clerk sets in the mapping step, applied before validation: `"<sheet>!<letter>"`
   * (or `"<letter>"` for every sheet) → an indicator code, `ignore`, `subject`, `subjectName`, `period`, …
   * An indicator set for a column is saved for the source as the name of its header, like a name mapping.
   */
  columns?: Record<string, string>;
  /** the header row per sheet name (`"*"`: every sheet) the clerk chose, instead of the one found */
  headerRows?: Record<string, number>;
  /**
   * Where confirmed names and column roles are saved and looked up, when not `source` (else the file
   * name): a reporting task uses its unit and indicator set, so the next period's task reuses them.
   */
  mappingSource?: string;
}

export interface AllowedRows {
  indicators: ReadonlySet<string>;
  period: string;
  /** subject codes (regions) the rows may be about */
  subjects: ReadonlySet<string>;
  /** what sets the limits, e.g. 填报任务「…」 */
  label: { zh: string; en: string };
}

export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

const STATUS_WORDS: Record<string, Status> = {
  preliminary: 'preliminary',
  p: 'preliminary',
  初步: 'preliminary',
  初值: 'preliminary',
  快报: 'preliminary',
  预计: 'preliminary',
  final: 'final',
  f: 'final',
  正式: 'final',
  终值: 'final',
  最终: 'final',
  最终值: 'final',
  核实: 'final',
};

export async function runImport(db: Db, actor: Actor, bytes: Uint8Array, options: ImportOptions): Promise<ImportPreview> {
  const file = await readTable(bytes, options.fileName, options.maxBytes);
  // a retired indicator (停用) takes no new values: to an import it is not in the catalogue
  const catalogue = new Map((await listIndicators(db)).filter((i) => i.retiredAt === null).map((i) => [i.code, i]));
  const issues: ImportIssue[] = [];
  const source = options.source ?? options.fileName;
  const mappingSource = options.mappingSource ?? source;
  const names = await prepareNames(db, actor, catalogue, mappingSource, options.mapping, issues);
  const overrides = columnOverrides(options.columns, catalogue, file.sheets, issues);
  const remembered = new Map<string, ColumnOverride>();
  for (const [header, word] of names.roles) if (ROLE_WORDS[word]) remembered.set(header, { role: ROLE_WORDS[word] });
  const headerRowOf = (s: Sheet) => options.headerRows?.[s.name ?? ''] ?? options.headerRows?.['*'];
  const detected: DetectedSheet[] = [];
  const layouts = file.sheets.map((s) => ({
    sheet: s,
    layout: readLayout(s, catalogue, issues, names.header, {
      overrides: overridesOf(overrides, s),
      detected,
      remembered,
      headerRow: headerRowOf(s),
    }),
  }));
  confirmHeaderIndicators(detected, names);
  const used = layouts.filter((l) => l.layout !== null);
  const records = used.flatMap((l) => l.layout!.records);
  if (issues.length === 0 && records.length === 0) {
    throw new AppError('FILE_EMPTY', 422, {
      zh: `文件 ${options.fileName} 中没有数据行`,
      en: `File ${options.fileName} has no data rows`,
    });
  }
  const warnings: ImportIssue[] = [];
  const { observations, rowCount } = await validate(db, actor, records, catalogue, names, options, issues, warnings);
  for (const l of used) warnings.push(...totalWarnings(l.layout!.totals, catalogue));
  if (issues.length > 0) {
    throw new AppError(
      'IMPORT_INVALID',
      422,
      { zh: `导入文件有 ${issues.length} 处错误，未写入任何数据`, en: `The file has ${issues.length} problems; nothing was written` },
      { issues: reportedIssues(issues), issueCount: issues.length, detected },
    );
  }
  const layout = used[0].layout!.layout;
  // confirmed mappings are saved with the import, in its transaction: both or neither
  const write = async (tx: Db) => {
    if (!options.dryRun) await saveConfirmedMappings(tx, actor, mappingSource, names);
    return writeObservations(tx, actor, {
      batch: {
        fileName: options.fileName,
        fileSha256: createHash('sha256').update(bytes).digest('hex'),
        format: file.format,
        layout,
        encoding: file.encoding,
        rowCount,
        source,
        synthetic: options.synthetic ?? false,
        note: options.note ?? '',
      },
      rows: observations.map(({ subjectId: _id, subjectCode, subjectName: _name, ...o }) => ({
        ...o,
        subject: { kind: catalogue.get(o.indicatorCode)!.subjectKind, code: subjectCode },
      })),
      dryRun: options.dryRun,
      audit: options.audit ?? { action: 'data.import' },
      onProgress: options.onProgress,
    });
  };
  const written = options.dryRun || names.toSave.length === 0 ? await write(db) : await db.transaction((tx) => write(tx as Db));
  return {
    dryRun: options.dryRun,
    format: file.format,
    encoding: file.encoding,
    layout,
    sheets: used.map((u) => u.sheet.name ?? ''),
    rowCount,
    observationCount: observations.length,
    inserted: written.inserted,
    revised: written.revised,
    unchanged: written.unchanged,
    sample: observations.slice(0, 20).map((o, i) => ({
      indicatorCode: o.indicatorCode,
      subjectCode: o.subjectCode,
      subjectName: o.subjectName,
      period: o.period,
      value: o.value,
      previous: written.previous.get(i) ?? null,
    })),
    batchId: written.batchId,
    warnings: reportedIssues(warnings),
    warningCount: warnings.length,
    detected,
  };
}

const ROLE_WORDS: Record<string, Exclude<keyof typeof HEADERS, 'ignored'> | 'ignored'> = {
  ignore: 'ignored',
  ignored: 'ignored',
  subject: 'subject',
  subjectName: 'subjectName',
  period: 'period',
  indicator: 'indicator',
  indicatorName: 'indicatorName',
  value: 'value',
  status: 'status',
  source: 'source',
};

/** `"<sheet>!<letter>"` → override, per sheet name ('' for every sheet); a bad entry is a problem of the import. */
function columnOverrides(
  columns: Record<string, string> | undefined,
  catalogue: Map<string, Indicator>,
  sheets: Sheet[],
  issues: ImportIssue[],
): Map<string, Map<number, ColumnOverride>> {
  const out = new Map<string, Map<number, ColumnOverride>>();
  for (const [key, value] of Object.entries(columns ?? {})) {
    const bang = key.lastIndexOf('!');
    const sheet = bang < 0 ? '' : key.slice(0, bang);
    const letter = (bang < 0 ? key : key.slice(bang + 1)).trim().toUpperCase();
    const problem = (code: string, zh: string, en: string) =>
      issues.push({ sheet: sheet || null, row: null, column: /^[A-Z]{1,3}$/.test(letter) ? letter : null, code, zh, en });
    if (!/^[A-Z]{1,3}$/.test(letter)) {
      problem(
        'COLUMN_BAD_KEY',
        `列设置「${key}」应为「工作表!列号」，如 表1!C`,
        `Column setting "${key}" must be "sheet!letter", e.g. Sheet1!C`,
      );
      continue;
    }
    if (sheet && !sheets.some((s) => (s.name ?? '') === sheet)) {
      problem(
        'COLUMN_UNKNOWN_SHEET',
        `列设置「${key}」：文件中没有工作表「${sheet}」`,
        `Column setting "${key}": the file has no sheet "${sheet}"`,
      );
      continue;
    }
    const role = ROLE_WORDS[value.trim()];
    const ind = catalogue.get(value.trim());
    if (!role && !ind) {
      problem(
        'COLUMN_UNKNOWN_CODE',
        `列设置「${key}」→「${value}」：既不是指标代码，也不是 ignore、subject、subjectName、period`,
        `Column setting "${key}" → "${value}": neither an indicator code nor ignore, subject, subjectName, period`,
      );
      continue;
    }
    const index = [...letter].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
    if (!out.has(sheet)) out.set(sheet, new Map());
    out.get(sheet)!.set(index, ind ? { indicator: ind } : { role: role! });
  }
  return out;
}

/** The overrides of a sheet: those for every sheet, then those naming it. */
function overridesOf(all: Map<string, Map<number, ColumnOverride>>, sheet: Sheet): Map<number, ColumnOverride> | undefined {
  const own = sheet.name ? all.get(sheet.name) : undefined;
  const every = all.get('');
  if (!own && !every) return undefined;
  return new Map([...(every ?? []), ...(own ?? [])]);
}

/**
 * What the clerk set for a column is saved for the source under its header text: an indicator as a
 * name mapping, a role (ignore, subject, period, …) as a column mapping applied to the next file.
 */
function confirmHeaderIndicators(detected: DetectedSheet[], names: ImportNames) {
  for (const d of detected)
    for (const c of d.columns) {
      const name = indicatorKey(c.header);
      if (c.overridden && !c.indicator && name && c.role !== 'unknown' && c.role !== 'indicator') {
        const word = c.role === 'ignored' ? 'ignore' : c.role;
        if (names.previous.get(`column:${name}`) !== word && !names.toSave.some((m) => m.kind === 'column' && m.name === name))
          names.toSave.push({ kind: 'column', name, code: word });
        continue;
      }
      if (!c.overridden || !c.indicator || !name || names.header.aliases.get(name)?.code === c.indicator.code) continue;
      if (names.toSave.some((m) => m.kind === 'indicator' && m.name === name)) continue;
      names.toSave.push({ kind: 'indicator', name, code: c.indicator.code });
    }
}

/** Above this relative difference a 合计 row and the sum of its detail rows disagree. */
export const TOTAL_TOLERANCE = 0.001;

/** A 合计/总计/全区 row is not imported; when it is not the sum of the detail rows the preview says so. */
function totalWarnings(checks: TotalCheck[], catalogue: Map<string, Indicator>): ImportIssue[] {
  const out: ImportIssue[] = [];
  for (const c of checks) {
    const ind = catalogue.get(c.indicatorCode);
    if (!ind) continue;
    const total = readValue(c.total, ind, c.unit).value;
    const details = c.details.map((d) => readValue(d, ind, c.unit).value);
    if (total === null || details.some((d) => d === null)) continue; // those cells are reported as problems, or the total is text
    const sum = details.reduce<number>((a, b) => a + b!, 0);
    const scale = Math.max(Math.abs(sum), Math.abs(total));
    if (scale === 0 || Math.abs(total - sum) / scale <= TOTAL_TOLERANCE) continue;
    const shown = Number(sum.toPrecision(12));
    out.push({
      sheet: c.sheet,
      row: c.row,
      column: c.column,
      code: 'TOTAL_MISMATCH',
      zh: `合计 ${total} 与各明细行之和 ${shown} 不符（指标 ${ind.code}（${ind.nameZh}），${details.length} 行）：合计行不导入，请核对`,
      en: `The total ${total} differs from the sum ${shown} of the ${details.length} detail rows (${ind.code}, ${ind.nameEn}); the total row is not imported: please check`,
    });
  }
  return out;
}

/** Why a row falls outside what a reporting task asks for, or null. */
function outsideAllowed(a: AllowedRows, ind: Indicator, subjectCode: string, period: string) {
  if (!a.indicators.has(ind.code))
    return {
      column: 'indicator' as const,
      code: 'NOT_IN_TASK',
      zh: `指标「${ind.nameZh}」不在${a.label.zh}要求报送的指标中`,
      en: `"${ind.nameEn}" is not among the indicators ${a.label.en} asks for`,
    };
  if (period !== a.period)
    return {
      column: 'period' as const,
      code: 'PERIOD_NOT_IN_TASK',
      zh: `期间 ${period} 不是${a.label.zh}的报送期间 ${a.period}`,
      en: `Period ${period} is not the period ${a.period} of ${a.label.en}`,
    };
  if (!a.subjects.has(subjectCode))
    return {
      column: 'subject' as const,
      code: 'NOT_TASK_UNIT',
      zh: `地区 ${subjectCode} 不属于本报送单位`,
      en: `Region ${subjectCode} does not belong to the reporting unit`,
    };
  return null;
}

type ValidObservation = NewObservation & { subjectCode: string; subjectName: string | null };

/** The suggestions of an unresolved name, for the message. */
function hints(match: NameMatch | undefined): { zh: string; en: string } {
  if (!match || match.code !== null || match.suggestions.length === 0) return { zh: '', en: '' };
  return {
    zh: `，是否为：${match.suggestions.map((s) => `${s.name}（${s.code}）`).join('、')}`,
    en: `; did you mean: ${match.suggestions.map((s) => `${s.name} (${s.code})`).join(', ')}`,
  };
}

async function validate(
  db: Db,
  actor: Actor,
  records: RawRecord[],
  catalogue: Map<string, Indicator>,
  names: ImportNames,
  options: ImportOptions,
  issues: ImportIssue[],
  warnings: ImportIssue[],
): Promise<{ observations: ValidObservation[]; rowCount: number }> {
  const add = (r: RawRecord, column: string | null, code: string, zh: string, en: string, suggestions?: NameMatch, name?: string) => {
    const s = suggestions && suggestions.code === null && suggestions.suggestions.length ? { suggestions: suggestions.suggestions } : {};
    issues.push({ sheet: r.sheet, row: r.row, column, code, zh, en, ...s, ...(name ? { name } : {}) });
  };
  // Names to codes: an indicator not in the catalogue by code is looked up by name (or confirmed
  // mapping); a region subject given as text other than a code, likewise among the caller's regions.
  const indicatorOf = (r: RawRecord): { ind?: Indicator; match?: NameMatch } => {
    const ind = catalogue.get(r.indicatorCode);
    if (ind || !r.indicatorCode) return { ind };
    const match = names.indicator(r.indicatorCode);
    return { ind: match.code === null ? undefined : catalogue.get(match.code), match };
  };
  const named = (r: RawRecord, ind: Indicator | undefined) => {
    const text = r.subject === null ? '' : String(r.subject).trim();
    return { text, byName: !!ind && ind.subjectKind === 'region' && text !== '' && !looksLikeRegionCode(text) && !/^[0-9]+$/.test(text) };
  };
  const subjectOf = (r: RawRecord, ind: Indicator | undefined): { code: string; match?: NameMatch } => {
    const { text, byName } = named(r, ind);
    if (!byName) return { code: text };
    const match = names.region(text);
    return { code: match.code ?? '', match };
  };
  if (records.some((r) => named(r, indicatorOf(r).ind).byName)) await names.loadRegions();
  // Resolve subjects per kind in one query each.
  const codesByKind = new Map<SubjectKind, Set<string>>();
  for (const r of records) {
    const { ind } = indicatorOf(r);
    const code = subjectOf(r, ind).code;
    if (ind && code) {
      if (!codesByKind.has(ind.subjectKind)) codesByKind.set(ind.subjectKind, new Set());
      codesByKind.get(ind.subjectKind)!.add(code);
    }
  }
  const subjects = new Map<SubjectKind, Awaited<ReturnType<typeof findSubjects>>>();
  const existing = new Map<SubjectKind, Set<string>>();
  for (const [kind, codes] of codesByKind) {
    subjects.set(kind, await findSubjects(db, actor, kind, [...codes]));
    existing.set(kind, await existingSubjectCodesUnscoped(db, kind, [...codes]));
  }
  // Periods repeat on most rows: parse each distinct cell text once per frequency.
  const periodCache = new Map<string, ReturnType<typeof parsePeriod>>();
  const periodOf = (raw: Cell, ind: Indicator) => {
    if (raw instanceof Date) return parsePeriod(raw, ind.frequency);
    const key = `${ind.frequency}\u0000${ind.accumulation}\u0000${typeof raw}\u0000${raw}`;
    let parsed = periodCache.get(key);
    if (parsed === undefined) periodCache.set(key, (parsed = parsePeriod(raw, ind.frequency, undefined, ind.accumulation)));
    return parsed;
  };
  /** A period read from a title row is one cell for many records: its problem is reported once, at the title. */
  const periodIssues = new Set<string>();
  const addPeriod = (r: RawRecord, code: string, zh: string, en: string) => {
    if (r.periodRow === null) return add(r, r.periodColumn, code, zh, en);
    const key = `${r.sheet}\u0000${code}\u0000${zh}`;
    if (periodIssues.has(key)) return;
    periodIssues.add(key);
    issues.push({ sheet: r.sheet, row: r.periodRow, column: r.periodColumn, code, zh, en });
  };
  const seen = new Map<string, RawRecord>();
  const out: ValidObservation[] = [];
  const rowKeys = new Set<string>();
  const defaultStatus = options.status ?? 'final';
  for (const r of records) {
    rowKeys.add(`${r.sheet}\u0000${r.row}`);
    const before = issues.length;
    const { ind, match: indicatorMatch } = indicatorOf(r);
    if (!ind) {
      const hint = hints(indicatorMatch);
      if (indicatorMatch?.code === null && indicatorMatch.problem === 'ambiguous')
        add(
          r,
          r.indicatorColumn,
          'AMBIGUOUS_INDICATOR',
          `指标名称「${show(r.indicatorCode)}」对应多个指标${hint.zh}`,
          `Indicator name "${show(r.indicatorCode)}" matches several indicators${hint.en}`,
          indicatorMatch,
          r.indicatorCode,
        );
      else
        add(
          r,
          r.indicatorColumn,
          r.indicatorCode ? 'UNKNOWN_INDICATOR' : 'INDICATOR_MISSING',
          r.indicatorCode ? `未知指标代码或名称「${show(r.indicatorCode)}」${hint.zh}` : '指标代码为空',
          r.indicatorCode ? `Unknown indicator code or name "${show(r.indicatorCode)}"${hint.en}` : 'Indicator code is empty',
          indicatorMatch,
          r.indicatorCode || undefined,
        );
    }
    const { code: subjectCode, match: subjectMatch } = subjectOf(r, ind);
    let subjectId: number | undefined;
    let subjectName: string | null = null;
    if (subjectMatch?.code === null) {
      const shown = show(r.subject);
      const hint = hints(subjectMatch);
      if (subjectMatch.problem === 'ambiguous')
        add(
          r,
          r.subjectColumn,
          'AMBIGUOUS_REGION_NAME',
          `地区名称「${shown}」对应多个地区${hint.zh}：请填写代码或确认对应关系`,
          `Region name "${shown}" matches several regions${hint.en}: enter the code or confirm a mapping`,
          subjectMatch,
          String(r.subject).trim(),
        );
      else
        add(
          r,
          r.subjectColumn,
          'UNKNOWN_REGION_NAME',
          `在你的数据范围内找不到地区「${shown}」${hint.zh}`,
          `No region "${shown}" in your data scope${hint.en}`,
          subjectMatch,
          String(r.subject).trim(),
        );
    } else if (!subjectCode) {
      add(r, r.subjectColumn, 'SUBJECT_MISSING', '主体（地区）代码为空', 'Subject (region) code is empty');
    } else if (ind) {
      const s = subjects.get(ind.subjectKind)?.get(subjectCode);
      if (s) [subjectId, subjectName] = [s.id, s.name];
      else if (existing.get(ind.subjectKind)?.has(subjectCode)) {
        add(
          r,
          r.subjectColumn,
          'OUT_OF_SCOPE',
          `无权为「${subjectCode}」导入数据（超出数据范围）`,
          `No permission to load data for "${subjectCode}" (outside your data scope)`,
        );
      } else {
        add(
          r,
          r.subjectColumn,
          'UNKNOWN_SUBJECT',
          `未知的${ind.subjectKind === 'region' ? '地区' : '主体'}代码「${subjectCode}」`,
          `Unknown ${ind.subjectKind} code "${subjectCode}"`,
        );
      }
    }
    let period: ReturnType<typeof parsePeriod> | undefined;
    // a task's period fills in rows that leave it out (no period column, or an empty cell)
    const periodCell = options.period !== undefined && (r.periodColumn === null || isEmptyMark(r.period)) ? options.period : r.period;
    if (ind && (r.periodColumn !== null || options.period !== undefined)) {
      period = periodOf(periodCell, ind);
      const shown = show(periodCell);
      if (period === 'format')
        addPeriod(
          r,
          'PERIOD_FORMAT',
          `无法识别的期间「${shown}」（例：2024、2024-Q1、2024-03）`,
          `Unrecognised period "${shown}" (e.g. 2024, 2024-Q1, 2024-03)`,
        );
      else if (period === 'frequency')
        addPeriod(
          r,
          'PERIOD_FREQUENCY',
          `期间「${shown}」与指标 ${ind.code} 的频度（${ind.frequency}）不符`,
          `Period "${shown}" does not match the ${ind.frequency} frequency of ${ind.code}`,
        );
      else if (period === 'span') {
        const kind = ind.accumulation === 'cumulative' ? '累计值' : '当期值';
        addPeriod(
          r,
          'PERIOD_SPAN',
          `期间「${shown}」是多个月的合计，与指标 ${ind.code}（${ind.nameZh}，${ind.frequency}，${kind}）不符：1-N月只用于累计指标（如 1-6月 = 6月累计），当期值请按单月或单季填写`,
          `Period "${shown}" spans several months, which does not fit ${ind.code} (${ind.nameEn}, ${ind.frequency}, ${ind.accumulation}): months 1–N are for cumulative (year-to-date) indicators only; enter point values per month or quarter`,
        );
      } else if (period === 'range')
        addPeriod(r, 'PERIOD_RANGE', `期间「${shown}」超出范围（1949 年至今）`, `Period "${shown}" is out of range (1949 to today)`);
    }
    const read = readValue(r.value, ind, r.unit);
    const value = read.value;
    if (read.problem) add(r, r.valueColumn, read.problem.code, read.problem.zh, read.problem.en);
    for (const w of read.warnings) warnings.push({ sheet: r.sheet, row: r.row, column: r.valueColumn, ...w });
    let status: Status = defaultStatus;
    if (r.status !== null && String(r.status).trim() !== '') {
      const s = STATUS_WORDS[String(r.status).trim().toLowerCase()];
      if (s) status = s;
      else
        add(r, r.statusColumn, 'BAD_STATUS', `状态「${r.status}」应为 初步 或 正式`, `Status "${r.status}" must be preliminary or final`);
    }
    if (options.allowed && ind && subjectId !== undefined && typeof period === 'object') {
      const problem = outsideAllowed(options.allowed, ind, subjectCode, period.period);
      if (problem)
        add(
          r,
          problem.column === 'indicator' ? r.indicatorColumn : problem.column === 'period' ? r.periodColumn : r.subjectColumn,
          problem.code,
          problem.zh,
          problem.en,
        );
    }
    if (issues.length > before || !ind || subjectId === undefined || typeof period !== 'object' || value === null) continue;
    const key = `${ind.code}\u0000${subjectId}\u0000${period.period}`;
    const first = seen.get(key);
    if (first) {
      const where = locate({ sheet: first.sheet, row: first.row, column: null });
      add(
        r,
        r.indicatorColumn,
        'DUPLICATE_ROW',
        `与${where.zh}重复（同一指标、主体和期间）`,
        `Duplicates ${where.en} (same indicator, subject and period)`,
      );
      continue;
    }
    seen.set(key, r);
    out.push({
      indicatorCode: ind.code,
      subjectId,
      subjectCode,
      subjectName,
      period: period.period,
      periodStart: period.start,
      value,
      status,
      source: r.source !== null && String(r.source).trim() ? String(r.source).trim() : (options.source ?? options.fileName),
    });
  }
  return { observations: out, rowCount: rowKeys.size };
}
