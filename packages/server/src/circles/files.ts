/**
 * Facility and resident point lists from files: .xlsx / .csv (read by the shared table reader as
 * a table spec: first sheet, first non-empty row = header) or GeoJSON (FeatureCollection of Points). Headers are
 * recognised in Chinese or English (经度/lon/lng, 纬度/lat, 名称/name, 类别/category, 容量/capacity,
 * 人口/population, 区划代码/region …). Validation and datum conversion (WGS-84, GCJ-02, BD-09 →
 * WGS-84) are the engine's parseFacilities / parseResidents; their row-indexed errors are turned
 * into issues with the sheet row number and column letter a user sees in Excel (for GeoJSON: the
 * feature number and property name). Pure (no database), shared by the server and the CLI.
 */
import {
  isAccessError,
  parseFacilities,
  parseResidents,
  type AccessError,
  type AccessPreset,
  type Facility,
  type Resident,
} from '@gongfu/engine/circles';
import type { Datum } from '@gongfu/engine/geo';
import { AppError } from '../errors.js';
import type { ImportIssue } from '../imports/issues.js';
import {
  columnOf,
  matchColumns,
  nonEmptyRows,
  parseNumber,
  readRecords,
  readTable,
  type Cell,
  type TableRecord,
  type TableSpec,
} from '../tables/reader.js';

export type PointKind = 'facility' | 'resident';

type Field = 'id' | 'name' | 'category' | 'lon' | 'lat' | 'capacity' | 'region' | 'population';

const ALIASES: Record<Field, string[]> = {
  id: ['id', '编号', '设施编号', '点位编号', 'fid'],
  name: ['name', '名称', '设施名称', '名字', 'title'],
  category: ['category', '类别', '类型', '设施类别', 'type'],
  lon: ['lon', 'lng', 'long', 'longitude', 'x', '经度'],
  lat: ['lat', 'latitude', 'y', '纬度'],
  capacity: ['capacity', '容量', '规模', '床位数', '学位数'],
  region: ['region', 'region_code', 'regioncode', 'code', '区划代码', '地区代码', '行政区划代码', '所属区划'],
  population: ['population', 'pop', '人口', '人数', '常住人口', '人口数'],
};
const REQUIRED: Record<PointKind, Field[]> = { facility: ['category', 'lon', 'lat'], resident: ['lon', 'lat', 'population'] };
const ALLOWED: Record<PointKind, Field[]> = {
  facility: ['id', 'name', 'category', 'lon', 'lat', 'capacity', 'region'],
  resident: ['id', 'lon', 'lat', 'population', 'region'],
};

/** The table spec of a point list of one kind: its columns, aliases and which are required. */
function specOf(kind: PointKind): TableSpec<Field> {
  return Object.fromEntries(ALLOWED[kind].map((f) => [f, { aliases: ALIASES[f], required: REQUIRED[kind].includes(f) }]));
}

const fieldOf = (header: string, kind: PointKind): Field | null => columnOf(specOf(kind), header);

/** Where a field of a row came from: spreadsheet row + column letter, or feature number + property. */
type Located = TableRecord<Field>;

export interface PointFile {
  format: 'xlsx' | 'xls' | 'html' | 'csv' | 'geojson';
  sheet: string | null;
  rows: Located[];
}

const fileError = (code: string, zh: string, en: string, details?: unknown) => new AppError(code, 422, { zh, en }, details);

/** A number, undefined for a blank cell, or the cell itself (so the engine reports it as invalid). */
function toNumber(v: Cell | unknown): unknown {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return undefined;
  return parseNumber(v as Cell) ?? v;
}
const toText = (v: unknown): string | undefined =>
  v === null || v === undefined || v === '' ? undefined : v instanceof Date ? v.toISOString() : String(v).trim();

function looksLikeJson(bytes: Uint8Array, fileName: string): boolean {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return true;
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b; // "{"
}

/** Reads rows of a point list from a spreadsheet or GeoJSON file (no validation of values yet). */
export async function readPointFile(bytes: Uint8Array, fileName: string, kind: PointKind, maxBytes: number): Promise<PointFile> {
  if (looksLikeJson(bytes, fileName)) return readGeoJson(bytes, fileName, kind);
  const read = await readTable(bytes, fileName, maxBytes);
  const sheet = read.sheets[0];
  const rows = nonEmptyRows(sheet);
  if (rows.length === 0) throw fileError('FILE_EMPTY', `文件 ${fileName} 没有数据`, `File ${fileName} has no data`);
  const [header, ...body] = rows;
  const spec = specOf(kind);
  const { columns, missing } = matchColumns(header, spec);
  if (missing.length > 0) {
    const accepted = missing.map((f) => `${f}: ${ALIASES[f].join('/')}`).join('; ');
    throw fileError(
      'COLUMN_MISSING',
      `文件 ${fileName} 第 ${header.number} 行（表头）缺少必需的列：${missing.join(', ')}（可用列名 ${accepted}）`,
      `File ${fileName}, row ${header.number} (header): missing required column(s) ${missing.join(', ')} (accepted names ${accepted})`,
      { sheet: sheet.name, row: header.number, missing },
    );
  }
  return { format: read.format, sheet: sheet.name, rows: readRecords(body, columns, spec) };
}

function readGeoJson(bytes: Uint8Array, fileName: string, kind: PointKind): PointFile {
  let doc: unknown;
  try {
    doc = JSON.parse(
      Buffer.from(bytes)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } catch (e) {
    throw fileError(
      'GEOJSON_INVALID',
      `文件 ${fileName} 不是有效的 JSON：${(e as Error).message}`,
      `File ${fileName} is not valid JSON: ${(e as Error).message}`,
    );
  }
  const fc = doc as { type?: string; features?: unknown[] };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw fileError(
      'GEOJSON_INVALID',
      `文件 ${fileName} 不是 GeoJSON FeatureCollection`,
      `File ${fileName} is not a GeoJSON FeatureCollection`,
    );
  }
  const rows = fc.features.map((raw, i) => {
    const f = (raw ?? {}) as {
      id?: unknown;
      properties?: Record<string, unknown> | null;
      geometry?: { type?: string; coordinates?: unknown } | null;
    };
    const values: Record<string, unknown> = {};
    const columns: Partial<Record<Field, string>> = { lon: 'geometry', lat: 'geometry' };
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      const field = fieldOf(k, kind);
      if (field && field !== 'lon' && field !== 'lat' && values[field] === undefined) {
        values[field] = v;
        columns[field] = k;
      }
    }
    if (values.id === undefined && f.id !== undefined) values.id = f.id;
    const g = f.geometry;
    if (g && g.type === 'Point' && Array.isArray(g.coordinates)) {
      values.lon = g.coordinates[0];
      values.lat = g.coordinates[1];
    }
    return { values, row: i + 1, columns };
  });
  if (rows.length === 0) throw fileError('FILE_EMPTY', `文件 ${fileName} 没有要素`, `File ${fileName} has no features`);
  return { format: 'geojson', sheet: null, rows };
}

export interface ParsedFacility extends Facility {
  capacity: number | null;
  region: string | null;
}

/** Category ids of the preset, and their Chinese / English names mapped to ids. */
function categoryLookup(preset: AccessPreset, extra: string[] = []): { ids: string[]; resolve(v: string): string } {
  const byName = new Map<string, string>();
  for (const c of preset.categories) {
    byName.set(c.id.toLowerCase(), c.id);
    byName.set(c.nameZh, c.id);
    byName.set(c.nameEn.toLowerCase(), c.id);
  }
  for (const id of extra) byName.set(id.toLowerCase(), id);
  const ids = [...new Set([...preset.categories.map((c) => c.id), ...extra])];
  return { ids, resolve: (v) => byName.get(v.trim()) ?? byName.get(v.trim().toLowerCase()) ?? v.trim() };
}

function issue(file: PointFile, row: number, column: string | undefined, code: string, zh: string, en: string): ImportIssue {
  return { sheet: file.sheet, row, column: column ?? null, code, zh, en };
}

function rowLabel(file: PointFile, r: Located): { zh: string; en: string } {
  return file.format === 'geojson' ? { zh: `第 ${r.row} 个要素`, en: `feature ${r.row}` } : { zh: `第 ${r.row} 行`, en: `row ${r.row}` };
}

/** An AccessError about rows (indices into `file.rows`) as an AppError listing row/column issues. */
function locateAccessError(e: AccessError, file: PointFile, ids: string[]): AppError {
  const issues: ImportIssue[] = [];
  const byId = new Map(ids.map((id, i) => [id, i]));
  const d = e.details as { items?: unknown[]; facilities?: string[] };
  if (e.code === 'INVALID_COORDINATES') {
    for (const it of (d.items ?? []) as { row: number; lon: unknown; lat: unknown }[]) {
      const r = file.rows[it.row];
      const lonBad = typeof it.lon !== 'number' || !(Math.abs(it.lon) <= 180);
      const col = lonBad ? r.columns.lon : r.columns.lat;
      const what = lonBad ? { zh: '经度', en: 'longitude' } : { zh: '纬度', en: 'latitude' };
      const v = lonBad ? it.lon : it.lat;
      issues.push(
        issue(
          file,
          r.row,
          col,
          'INVALID_COORDINATES',
          `${what.zh}缺失、无效或超出范围：${v ?? '（空）'}`,
          `${what.en} is missing, invalid or out of range: ${v ?? '(empty)'}`,
        ),
      );
    }
  } else if (e.code === 'UNKNOWN_CATEGORY') {
    for (const id of d.facilities ?? []) {
      const i = byId.get(id);
      if (i === undefined) continue;
      const r = file.rows[i];
      issues.push(
        issue(
          file,
          r.row,
          r.columns.category,
          'UNKNOWN_CATEGORY',
          `未知的设施类别：${String(r.values.category)}`,
          `Unknown facility category: ${String(r.values.category)}`,
        ),
      );
    }
  } else if (e.code === 'INVALID_INPUT') {
    for (const it of (d.items ?? []) as unknown[]) {
      if (typeof it === 'string') {
        const i = byId.get(it);
        if (i === undefined) continue;
        const r = file.rows[i];
        issues.push(issue(file, r.row, r.columns.id, 'DUPLICATE_ID', `编号重复：${it}`, `Duplicate id: ${it}`));
      } else {
        const { row, issues: msgs } = it as { row: number; issues: string[] };
        const r = file.rows[row];
        for (const m of msgs) {
          const field = m.split(/[.:]/)[0] as Field;
          issues.push(issue(file, r.row, r.columns[field], 'INVALID_VALUE', `取值无效：${m}`, `Invalid value: ${m}`));
        }
      }
    }
  }
  const first = issues[0];
  const where = first
    ? rowLabel(
        file,
        file.rows.find((r) => r.row === first.row)!,
      )
    : null;
  const col = first?.column ? { zh: ` ${first.column} 列`, en: `, column ${first.column}` } : { zh: '', en: '' };
  return new AppError(
    e.code,
    422,
    {
      zh: where ? `${e.zh}（${where.zh}${col.zh}${issues.length > 1 ? ` 等 ${issues.length} 处` : ''}）` : e.zh,
      en: where ? `${e.en} (${where.en}${col.en}${issues.length > 1 ? ` and ${issues.length - 1} more` : ''})` : e.en,
    },
    { ...e.details, issues, issueCount: issues.length },
  );
}

function checkCapacity(file: PointFile): void {
  const issues: ImportIssue[] = [];
  for (const r of file.rows) {
    const v = toNumber(r.values.capacity);
    if (v !== undefined && (typeof v !== 'number' || v < 0)) {
      issues.push(
        issue(
          file,
          r.row,
          r.columns.capacity,
          'INVALID_VALUE',
          `容量应为非负数：${String(r.values.capacity)}`,
          `Capacity must be a non-negative number: ${String(r.values.capacity)}`,
        ),
      );
    }
  }
  if (issues.length > 0) {
    const r = issues[0];
    throw new AppError(
      'INVALID_INPUT',
      422,
      {
        zh: `${issues.length} 行容量无效（第 ${r.row} 行 ${r.column} 列）`,
        en: `${issues.length} row(s) have an invalid capacity (row ${r.row}, column ${r.column})`,
      },
      { issues, issueCount: issues.length },
    );
  }
}

const defaultId = (file: PointFile, r: Located) => (file.format === 'geojson' ? `F${r.row}` : `R${r.row}`);

/** Validated facilities in WGS-84 (engine parseFacilities) with capacity and region. */
export function parseFacilityFile(file: PointFile, preset: AccessPreset, datum: Datum, extraCategories: string[] = []): ParsedFacility[] {
  checkCapacity(file);
  const cats = categoryLookup(preset, extraCategories);
  const input = file.rows.map((r) => ({
    id: toText(r.values.id) ?? defaultId(file, r),
    name: toText(r.values.name) ?? null,
    category: cats.resolve(toText(r.values.category) ?? ''),
    lon: toNumber(r.values.lon),
    lat: toNumber(r.values.lat),
  }));
  let parsed: Facility[];
  try {
    parsed = parseFacilities(input, cats.ids, datum);
  } catch (e) {
    if (isAccessError(e))
      throw locateAccessError(
        e,
        file,
        input.map((x) => x.id),
      );
    throw e;
  }
  return parsed.map((f, i) => {
    const cap = toNumber(file.rows[i].values.capacity);
    return { ...f, capacity: typeof cap === 'number' ? cap : null, region: toText(file.rows[i].values.region) ?? null };
  });
}

/** Validated residents in WGS-84 (engine parseResidents). */
export function parseResidentFile(file: PointFile, datum: Datum): Resident[] {
  const input = file.rows.map((r) => ({
    id: toText(r.values.id) ?? defaultId(file, r),
    lon: toNumber(r.values.lon),
    lat: toNumber(r.values.lat),
    population: toNumber(r.values.population) ?? null,
    region: toText(r.values.region) ?? null,
  }));
  try {
    return parseResidents(input, datum);
  } catch (e) {
    if (isAccessError(e))
      throw locateAccessError(
        e,
        file,
        input.map((x) => x.id),
      );
    throw e;
  }
}
