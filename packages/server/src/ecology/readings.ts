/**
 * The hourly readings file (CSV/Excel, as station systems export them): one row per station and
 * hour — 站点编码, 时间 (the start of the hour, Asia/Shanghai), SO2, NO2, PM10, PM2.5, O3 in µg/m³
 * and CO in mg/m³. A header may carry its unit ("PM2.5(µg/m³)"); a wrong unit ("CO(µg/m³)") is an
 * error, not a silent factor of 1,000. Empty cells, "—", "-", "NA" are missing values (null, never
 * zero). Every problem names sheet, row and column; nothing is stored while one remains.
 */
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import {
  cellText,
  columnLetter,
  headerKey,
  matchColumns,
  nonEmptyRows,
  parseNumber,
  readRecords,
  readTable,
  type Cell,
  type TableSpec,
} from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import { TZ_OFFSET_MS } from './days.js';
import { stationsOf } from './repository.js';
import { saveReadings, type Readings } from './service.js';

type PollutantField = 'so2' | 'no2' | 'pm10' | 'pm25' | 'co' | 'o3';
type Field = 'station' | 'time' | PollutantField;

const UG = ['', '(µg/m³)', '(μg/m³)', '(ug/m3)', '(µg/m3)', '(μg/m3)', '(微克/立方米)'];
const MG = ['', '(mg/m³)', '(mg/m3)', '(毫克/立方米)'];
const NAMES: Record<PollutantField, string[]> = {
  so2: ['SO2', 'SO₂', '二氧化硫'],
  no2: ['NO2', 'NO₂', '二氧化氮'],
  pm10: ['PM10', '可吸入颗粒物'],
  pm25: ['PM2.5', 'PM25', 'PM₂.₅', '细颗粒物'],
  co: ['CO', '一氧化碳'],
  o3: ['O3', 'O₃', '臭氧'],
};
const withUnits = (p: PollutantField) => NAMES[p].flatMap((n) => (p === 'co' ? MG : UG).map((u) => n + u));

const SPEC: TableSpec<Field> = {
  station: { aliases: ['站点编码', '站点代码', '点位编码', '监测点位编码', 'station'], required: true },
  time: { aliases: ['时间', '监测时间', '日期时间', '时段', 'time'], required: true },
  ...(Object.fromEntries((Object.keys(NAMES) as PollutantField[]).map((p) => [p, { aliases: withUnits(p), required: true }])) as Record<
    PollutantField,
    { aliases: string[]; required: true }
  >),
};

const MISSING = new Set(['', '—', '-', '--', 'na', 'n/a', 'null', '无效', '缺测']);

/** A wall-clock hour in Asia/Shanghai → epoch ms of its start, or null. */
export function parseHour(cell: Cell): number | null {
  if (cell instanceof Date) {
    const ms = cell.getTime();
    return Number.isFinite(ms) && ms % 3600_000 === 0 ? ms - TZ_OFFSET_MS : null;
  }
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(cellText(cell));
  if (!m) return null;
  const [y, mo, d, h, mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0');
  if (Number(mi) !== 0 || Number(s) !== 0 || Number(h) > 23) return null;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h));
  const back = new Date(ms);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  return ms - TZ_OFFSET_MS;
}

export interface ReadingsReport {
  dryRun: boolean;
  rows: number;
  stations: number;
  days: number;
  from: string | null;
  to: string | null;
  missingValues: number;
}

export async function importReadings(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  o: { fileName: string; dryRun: boolean; maxBytes: number; source?: string },
): Promise<ReadingsReport> {
  const file = await readTable(bytes, o.fileName, o.maxBytes);
  const stations = new Map((await stationsOf(db, actor, {})).map((s) => [s.code, s]));
  const issues: ImportIssue[] = [];
  const r: Readings = { station: [], hour: [], so2: [], no2: [], pm10: [], pm25: [], co: [], o3: [], codes: new Map() };
  const seen = new Map<string, number>();
  let missingValues = 0;
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing, unknown } = matchColumns(header, SPEC);
    for (const u of unknown) {
      const key = headerKey(u.header);
      const p = (Object.keys(NAMES) as PollutantField[]).find((f) =>
        NAMES[f].some((n) => key.startsWith(headerKey(n)) && key.slice(headerKey(n).length).includes('/')),
      );
      if (p) {
        issues.push({
          sheet: sheet.name,
          row: header.number,
          column: columnLetter(u.index),
          code: 'UNIT_MISMATCH',
          zh: `「${u.header}」的单位不对：${NAMES[p][0]} 应为 ${p === 'co' ? 'mg/m³' : 'µg/m³'}`,
          en: `"${u.header}" has the wrong unit: ${NAMES[p][0]} must be in ${p === 'co' ? 'mg/m³' : 'µg/m³'}`,
        });
      }
    }
    if (missing.length) {
      issues.push(headerLacks(sheet.name, header, columnNames(SPEC, missing)));
      continue;
    }
    for (const rec of readRecords(body, columns, SPEC)) {
      const at = recordProblems(issues, sheet.name, rec);
      const code = cellText(rec.values.station as Cell);
      const station = stations.get(code);
      if (!station)
        at(
          'station',
          'UNKNOWN_STATION',
          `站点「${code}」不存在或不在你的数据范围内`,
          `Station "${code}" does not exist or is outside your scope`,
        );
      const hour = parseHour(rec.values.time as Cell);
      if (hour === null)
        at(
          'time',
          'BAD_TIME',
          `时间「${cellText(rec.values.time as Cell)}」应为整点，如 2021-01-01 08:00`,
          'Time must be a whole hour, e.g. 2021-01-01 08:00',
        );
      const values: Partial<Record<PollutantField, number | null>> = {};
      for (const p of Object.keys(NAMES) as PollutantField[]) {
        const cell = rec.values[p] as Cell;
        if (typeof cell === 'string' && MISSING.has(cell.trim().toLowerCase())) values[p] = null;
        else if (cell === null || cell === undefined) values[p] = null;
        else {
          const n = parseNumber(cell);
          if (n === null || n < 0) {
            at(
              p,
              'BAD_VALUE',
              `${NAMES[p][0]}「${cellText(cell)}」应为非负数或留空`,
              `${NAMES[p][0]} "${cellText(cell)}" must be a non-negative number or empty`,
            );
            values[p] = null;
          } else values[p] = n;
        }
        if (values[p] === null) missingValues++;
      }
      if (!station || hour === null) continue;
      const key = `${station.id}:${hour}`;
      const before = seen.get(key);
      if (before !== undefined) {
        at(
          'time',
          'DUPLICATE_HOUR',
          `站点 ${code} 的这一小时在第 ${before} 行已出现`,
          `Station ${code} has this hour already on row ${before}`,
        );
        continue;
      }
      seen.set(key, rec.row);
      r.station.push(station.id);
      r.hour.push(hour);
      for (const p of Object.keys(NAMES) as PollutantField[]) r[p].push(values[p] ?? null);
      r.codes.set(station.id, code);
    }
  }
  if (issues.length) {
    throw new AppError(
      'IMPORT_INVALID',
      422,
      {
        zh: `监测数据文件有 ${issues.length} 处错误，未写入任何数据`,
        en: `The readings file has ${issues.length} problems; nothing was written`,
      },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  }
  if (r.station.length === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有监测数据', en: 'The file has no readings' });
  if (o.dryRun) {
    const days = new Set(r.station.map((s, i) => `${s}:${new Date(r.hour[i]! + TZ_OFFSET_MS).toISOString().slice(0, 10)}`));
    const sorted = [...r.hour].sort((a, b) => a - b);
    const d = (ms: number) => new Date(ms + TZ_OFFSET_MS).toISOString().slice(0, 10);
    return {
      dryRun: true,
      rows: r.station.length,
      stations: r.codes.size,
      days: days.size,
      from: d(sorted[0]!),
      to: d(sorted.at(-1)!),
      missingValues,
    };
  }
  const saved = await saveReadings(db, actor, r, { fileName: o.fileName, source: o.source ?? o.fileName, synthetic: false });
  return { dryRun: false, ...saved, missingValues };
}
