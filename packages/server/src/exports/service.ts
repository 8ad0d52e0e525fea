/**
 * Observation export and import templates. Exports use the import layouts, so an exported file can be
 * corrected and imported again; they only ever contain rows inside the caller's data scope.
 */
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { Actor } from '../auth/actor.js';
import { auditExport } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { listIndicators } from '../indicators/repository.js';
import { getSet } from '../indicators/service.js';
import type { Indicator } from '../indicators/schema.js';
import { getRegion, listRegions } from '../regions/repository.js';
import { AppError } from '../errors.js';
import { shanghaiToday } from '../util/local-time.js';
import { ACCUMULATION_LABELS, DIRECTION_LABELS, FREQUENCY_LABELS } from '../indicators/labels.js';
import { scanObservations, type ObservationFilter, type ObservationRow } from '../observations/repository.js';
import { writeTables, type ExportFormat, type OutCell, type SheetSpec } from './table-writer.js';

export type Lang = 'zh' | 'en';

const LONG_HEADER: Record<Lang, string[]> = {
  zh: ['主体代码', '主体名称', '指标代码', '指标名称', '期间', '值', '单位', '状态', '来源', '批次', '合成数据'],
  en: [
    'subject_code',
    'subject_name',
    'indicator_code',
    'indicator_name',
    'period',
    'value',
    'unit',
    'status',
    'source',
    'batch',
    'synthetic',
  ],
};
const SYNTHETIC_HEADER: Record<Lang, string> = { zh: '合成数据', en: 'synthetic' };
const WIDE_LEAD: Record<Lang, string[]> = { zh: ['主体代码', '主体名称', '期间'], en: ['subject_code', 'subject_name', 'period'] };
const STATUS: Record<Lang, Record<string, string>> = {
  zh: { final: '正式', preliminary: '初步' },
  en: { final: 'final', preliminary: 'preliminary' },
};
const YES_NO: Record<Lang, [string, string]> = { zh: ['是', '否'], en: ['yes', 'no'] };

export const indicatorHeader = (i: Indicator, lang: Lang) =>
  `${lang === 'zh' ? i.nameZh : i.nameEn}${i.unit ? `（${i.unit}）` : ''}[${i.code}]`;

export interface ExportRequest {
  format: ExportFormat;
  layout: 'long' | 'wide';
  lang: Lang;
  filter: Omit<ObservationFilter, 'limit' | 'offset'>;
}

/**
 * Streams the export into `out` and, once every row is out but before `out` ends, appends the
 * `data.export` audit row (who, which filter, how many rows), so a complete file always has one.
 */
export async function exportObservations(db: Db, actor: Actor, req: ExportRequest, out: Writable): Promise<void> {
  const indicators = new Map((await listIndicators(db)).map((i) => [i.code, i]));
  const name = (code: string) => {
    const i = indicators.get(code);
    return i ? (req.lang === 'zh' ? i.nameZh : i.nameEn) : code;
  };
  const pages = scanObservations(db, actor, req.filter);
  let sheet: SheetSpec;
  if (req.layout === 'long') {
    const [yes, no] = YES_NO[req.lang];
    async function* longRows(): AsyncGenerator<OutCell[][]> {
      for await (const page of pages) {
        yield page.map((o) => [
          o.subjectCode,
          o.subjectName,
          o.indicatorCode,
          name(o.indicatorCode),
          o.period,
          o.value,
          indicators.get(o.indicatorCode)?.unit ?? '',
          STATUS[req.lang][o.status],
          o.source,
          o.batchId,
          o.synthetic ? yes : no,
        ]);
      }
    }
    sheet = {
      name: req.lang === 'zh' ? '数据' : 'data',
      header: LONG_HEADER[req.lang],
      rows: longRows(),
      widths: [16, 14, 14, 24, 10, 14, 8, 8, 30, 8, 8],
    };
  } else {
    const byRow = new Map<string, { o: ObservationRow; values: Map<string, number>; synthetic: boolean }>();
    const used = new Set<string>();
    for await (const page of pages) {
      for (const o of page) {
        const key = `${o.subjectCode}\u0000${o.period}`;
        if (!byRow.has(key)) byRow.set(key, { o, values: new Map(), synthetic: false });
        const row = byRow.get(key)!;
        row.values.set(o.indicatorCode, o.value);
        row.synthetic ||= o.synthetic;
        used.add(o.indicatorCode);
      }
    }
    const codes = [...used].sort();
    const sorted = [...byRow.values()].sort(
      (a, b) => a.o.subjectCode.localeCompare(b.o.subjectCode) || a.o.period.localeCompare(b.o.period),
    );
    sheet = {
      name: req.lang === 'zh' ? '数据' : 'data',
      // the synthetic flag survives the wide layout (a row holding any synthetic value says so); the
      // importer ignores the column, so the file stays re-importable
      header: [
        ...WIDE_LEAD[req.lang],
        ...codes.map((c) => (indicators.get(c) ? indicatorHeader(indicators.get(c)!, req.lang) : c)),
        SYNTHETIC_HEADER[req.lang],
      ],
      rows: [
        sorted.map(({ o, values, synthetic }) => [
          o.subjectCode,
          o.subjectName,
          o.period,
          ...codes.map((c) => values.get(c) ?? null),
          synthetic ? YES_NO[req.lang][0] : YES_NO[req.lang][1],
        ]),
      ],
      widths: [16, 14, 10, ...codes.map(() => 22), 8],
    };
  }
  const body = new PassThrough();
  body.pipe(out, { end: false });
  const drained = once(body, 'end');
  const rows = await writeTables(req.format, [sheet], body);
  await drained;
  await auditExport(db, actor, {
    action: 'data.export',
    target: 'observations',
    after: { filter: req.filter, format: req.format, layout: req.layout, lang: req.lang, rows },
  });
  out.end();
}

const TEMPLATE_LEAD: Record<Lang, { wide: string[]; long: string[] }> = {
  zh: { wide: ['地区代码', '地区名称', '期间'], long: ['地区代码', '地区名称', '指标代码', '指标名称', '期间', '值', '状态', '来源'] },
  en: {
    wide: ['region_code', 'region_name', 'period'],
    long: ['region_code', 'region_name', 'indicator_code', 'indicator_name', 'period', 'value', 'status', 'source'],
  },
};

const PERIOD_EXAMPLE = { year: '2024', quarter: '2024-Q1', month: '2024-03', day: '2024-03-05' } as const;

/**
 * The rows a template is pre-filled with: the region itself (a town reports its own totals too),
 * then its children. A region outside the caller's scope is refused, not answered with an empty file.
 */
async function templateRegions(db: Db, actor: Actor, code: string) {
  const region = await getRegion(db, actor, code);
  if (!region) {
    throw new AppError('OUT_OF_SCOPE', 403, {
      zh: `地区代码 ${code} 不存在或不在你的数据范围内`,
      en: `Region ${code} does not exist or is outside your data scope`,
    });
  }
  return [region, ...(await listRegions(db, actor, { parent: code }))];
}

/** An empty import template for an indicator set, optionally pre-filled with a region and its children. */
export async function writeTemplate(
  db: Db,
  actor: Actor,
  req: { set: string; format: ExportFormat; layout: 'wide' | 'long'; lang: Lang; region?: string; period?: string },
  out: Writable,
): Promise<void> {
  const set = await getSet(db, req.set);
  const catalogue = new Map((await listIndicators(db, set.indicators)).map((i) => [i.code, i]));
  const indicators = set.indicators.map((c) => catalogue.get(c)!).filter(Boolean);
  const regions = req.region ? await templateRegions(db, actor, req.region) : [];
  const lead = TEMPLATE_LEAD[req.lang][req.layout];
  const data: SheetSpec =
    req.layout === 'wide'
      ? {
          name: req.lang === 'zh' ? '数据' : 'data',
          header: [...lead, ...indicators.map((i) => indicatorHeader(i, req.lang))],
          rows: [regions.map((r) => [r.code, r.name, req.period ?? null, ...indicators.map(() => null)])],
          widths: [16, 14, 10, ...indicators.map(() => 24)],
        }
      : {
          name: req.lang === 'zh' ? '数据' : 'data',
          header: lead,
          rows: [
            regions.flatMap((r) =>
              indicators.map((i) => [
                r.code,
                r.name,
                i.code,
                req.lang === 'zh' ? i.nameZh : i.nameEn,
                req.period ?? null,
                null,
                null,
                null,
              ]),
            ),
          ],
          widths: [16, 14, 14, 24, 10, 12, 8, 24],
        };
  const guide: SheetSpec = {
    name: req.lang === 'zh' ? '说明' : 'instructions',
    header:
      req.lang === 'zh'
        ? ['指标代码', '指标名称', '单位', '频度', '期间示例', '口径', '累计/时点', '方向', '来源部门']
        : ['code', 'name', 'unit', 'frequency', 'period example', 'definition', 'point/cumulative', 'direction', 'source department'],
    rows: [
      indicators.map((i) => [
        i.code,
        req.lang === 'zh' ? i.nameZh : i.nameEn,
        i.unit,
        FREQUENCY_LABELS[i.frequency][req.lang],
        PERIOD_EXAMPLE[i.frequency],
        i.definition,
        ACCUMULATION_LABELS[i.accumulation][req.lang],
        DIRECTION_LABELS[i.direction][req.lang],
        i.sourceDepartment,
      ]),
    ],
    widths: [14, 24, 8, 8, 10, 40, 10, 8, 16],
  };
  await auditExport(db, actor, {
    action: 'indicator_set.template',
    target: `indicator_set:${set.code}`,
    after: {
      format: req.format,
      layout: req.layout,
      lang: req.lang,
      region: req.region ?? null,
      period: req.period ?? null,
      rows: req.layout === 'wide' ? regions.length : regions.length * indicators.length,
    },
  });
  await writeTables(req.format, req.format === 'csv' ? [data] : [data, guide], out);
}

/**
 * A file name that says what is inside, e.g. 数据导出_地区生产总值_柯桥区_2020-2024_2026-12-04.xlsx:
 * the indicator (or how many), the region, the period range, the Shanghai date of the export.
 */
export async function observationExportName(
  db: Db,
  actor: Actor,
  q: { indicators: string[]; region?: string; from?: string; to?: string; batch?: number },
  lang: Lang,
  format: ExportFormat,
): Promise<string> {
  const catalogue = new Map((await listIndicators(db)).map((i) => [i.code, i]));
  const indicators = q.indicators.map((c) => {
    const i = catalogue.get(c);
    return i ? (lang === 'zh' ? i.nameZh : i.nameEn) : c;
  });
  const region = q.region ? await getRegion(db, actor, q.region) : undefined;
  const regionName = region ? (lang === 'zh' ? region.name : (region.nameEn ?? region.name)) : undefined;
  return exportFileName({ ...q, indicators, region: regionName }, lang, format, shanghaiToday());
}

export function exportFileName(
  parts: { indicators: string[]; region?: string; from?: string; to?: string; batch?: number },
  lang: Lang,
  format: ExportFormat,
  today: string,
): string {
  const zh = lang === 'zh';
  const bits = [zh ? '数据导出' : 'observations'];
  if (parts.indicators.length === 1) bits.push(parts.indicators[0]);
  else if (parts.indicators.length > 1) bits.push(zh ? `${parts.indicators.length}项指标` : `${parts.indicators.length}-indicators`);
  if (parts.region) bits.push(parts.region);
  if (parts.from || parts.to) bits.push(`${parts.from ?? ''}-${parts.to ?? ''}`);
  if (parts.batch) bits.push(zh ? `批次${parts.batch}` : `batch-${parts.batch}`);
  bits.push(today);
  return `${bits.join('_').replace(/[\\/:*?"<>|\s]+/g, '')}.${format}`;
}
