/**
 * Water-quality samples per section (断面) from monitoring exports (CSV/Excel), classed by GB 3838-2002
 * (engine ecology/water: the worst rated item decides, 劣V beyond class V). Columns: 断面编码, 断面名称,
 * 区划代码 (the town or village of the section), 目标类别 (optional, Ⅰ–Ⅴ or 1–5), 采样日期, and any of
 * the basic items in mg/L (pH dimensionless, 粪大肠菌群 个/L). Every problem names sheet, row and
 * column; nothing is stored while one remains; a section-day already stored is replaced.
 */
import { sql } from 'drizzle-orm';
import { GB3838_LIMITS, WATER_ITEMS, waterClass, waterPeriodClass, type WaterClass, type WaterItem } from '@gongfu/engine/ecology';
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import { inScope } from '../auth/scope.js';
import { one, rows, type Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import { cellText, matchColumns, nonEmptyRows, parseNumber, readRecords, readTable, type Cell, type TableSpec } from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import { placeOf, reachesOf } from './rivers-repository.js';
import { writeObservations } from '../observations/writer.js';
import { createHash } from 'node:crypto';

type Field = 'code' | 'name' | 'region' | 'reach' | 'target' | 'date' | WaterItem;
const ITEM_ALIASES: Record<WaterItem, string[]> = Object.fromEntries(
  WATER_ITEMS.map((i) => {
    const d = GB3838_LIMITS[i];
    const extra: Partial<Record<WaterItem, string[]>> = {
      codmn: ['CODMn', 'CODmn'],
      cod: ['COD', 'CODcr'],
      bod5: ['BOD5'],
      nh3n: ['NH3-N', '氨氮(NH3-N)'],
      tp: ['TP'],
      tn: ['TN'],
      do: ['DO'],
      ph: ['pH值'],
    };
    const units = d.unit ? ['', `(${d.unit})`] : [''];
    return [i, [d.zh, d.en, i, ...(extra[i] ?? [])].flatMap((n) => units.map((u) => n + u))];
  }),
) as Record<WaterItem, string[]>;

const SPEC: TableSpec<Field> = {
  code: { aliases: ['断面编码', '断面代码', 'section'], required: true },
  name: { aliases: ['断面名称', 'name'], required: true },
  region: { aliases: ['区划代码', '所在地区代码', 'region'], required: true },
  reach: { aliases: ['河段编码', '所在河段', 'reach'], required: false },
  target: { aliases: ['目标类别', '水质目标', 'target'], required: false },
  date: { aliases: ['采样日期', '监测日期', 'date'], required: true },
  ...(Object.fromEntries(WATER_ITEMS.map((i) => [i, { aliases: ITEM_ALIASES[i], required: false }])) as Record<
    WaterItem,
    { aliases: string[]; required: false }
  >),
};
const ROMAN: Record<string, WaterClass> = {
  Ⅰ: 1,
  Ⅱ: 2,
  Ⅲ: 3,
  Ⅳ: 4,
  Ⅴ: 5,
  I: 1,
  II: 2,
  III: 3,
  IV: 4,
  V: 5,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
};
const MISSING = new Set(['', '—', '-', '--', 'na', 'n/a', '未检出', 'nd']);

interface Sample {
  code: string;
  name: string;
  region: string;
  reach: string | null;
  target: WaterClass | null;
  date: string;
  vals: Partial<Record<WaterItem, number>>;
  cls: WaterClass;
  worst: WaterItem[];
  exceeding: WaterItem[];
}

export async function importWater(db: Db, actor: Actor, bytes: Uint8Array, o: { fileName: string; dryRun: boolean; maxBytes: number }) {
  const file = await readTable(bytes, o.fileName, o.maxBytes);
  const issues: ImportIssue[] = [];
  const samples: Sample[] = [];
  const seen = new Map<string, number>();
  const places = new Map<string, boolean>();
  const reaches = new Map<string, boolean>();
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing } = matchColumns(header, SPEC);
    if (missing.length) {
      issues.push(headerLacks(sheet.name, header, columnNames(SPEC, missing)));
      continue;
    }
    for (const rec of readRecords(body, columns, SPEC)) {
      const at = recordProblems(issues, sheet.name, rec);
      const code = cellText(rec.values.code as Cell).trim();
      if (!/^[A-Za-z0-9_.-]{1,40}$/.test(code)) at('code', 'BAD_CODE', `断面编码「${code}」无效`, `section code "${code}" is not valid`);
      const region = cellText(rec.values.region as Cell).trim();
      if (!places.has(region)) places.set(region, !!(await placeOf(db, actor, region)));
      if (!places.get(region))
        at('region', 'OUT_OF_SCOPE', `地区「${region}」不存在或不在你的数据范围内`, `region "${region}" is unknown or outside your scope`);
      const reachCell = rec.values.reach as Cell;
      const reach = reachCell === null || reachCell === undefined || cellText(reachCell).trim() === '' ? null : cellText(reachCell).trim();
      if (reach !== null) {
        if (!reaches.has(reach)) reaches.set(reach, (await reachesOf(db, actor, { code: reach })).length > 0);
        if (!reaches.get(reach))
          at('reach', 'UNKNOWN_REACH', `河段「${reach}」不存在或不在你的数据范围内`, `reach "${reach}" is unknown or outside your scope`);
      }
      const t = rec.values.target as Cell;
      const target =
        t === null || t === undefined || cellText(t).trim() === '' ? null : (ROMAN[cellText(t).trim().replace(/类$/, '')] ?? undefined);
      if (target === undefined)
        at('target', 'BAD_TARGET', `目标类别「${cellText(t)}」应为Ⅰ–Ⅴ`, `target class "${cellText(t)}" must be I–V`);
      const d = rec.values.date as Cell;
      const date = d instanceof Date ? d.toISOString().slice(0, 10) : cellText(d).trim().replace(/[/.]/g, '-');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
        at('date', 'BAD_DATE', `采样日期「${cellText(d)}」应为如 2021-03-01`, 'the sample date must look like 2021-03-01');
      const vals: Partial<Record<WaterItem, number>> = {};
      for (const i of WATER_ITEMS) {
        const cell = rec.values[i] as Cell;
        if (cell === null || cell === undefined || (typeof cell === 'string' && MISSING.has(cell.trim().toLowerCase()))) continue;
        const n = parseNumber(cell);
        if (n === null || n < 0)
          at(
            i,
            'BAD_VALUE',
            `${GB3838_LIMITS[i].zh}「${cellText(cell)}」应为非负数或留空`,
            `${GB3838_LIMITS[i].en} "${cellText(cell)}" must be a non-negative number or empty`,
          );
        else vals[i] = n;
      }
      const r = waterClass(vals, { target: target ?? undefined });
      if (r.class === null) at('date', 'NO_ITEMS', '该行没有可评价的水质项目', 'the row has no rated item');
      const key = `${code}:${date}`;
      if (seen.has(key))
        at(
          'date',
          'DUPLICATE_SAMPLE',
          `断面 ${code} 的该日期在第 ${seen.get(key)} 行已出现`,
          `section ${code} has this date already on row ${seen.get(key)}`,
        );
      seen.set(key, rec.row);
      if (r.class !== null)
        samples.push({
          code,
          name: cellText(rec.values.name as Cell).trim(),
          region,
          reach,
          target: target ?? null,
          date,
          vals,
          cls: r.class,
          worst: r.worst,
          exceeding: r.exceeding,
        });
    }
  }
  if (issues.length)
    throw new AppError(
      'IMPORT_INVALID',
      422,
      {
        zh: `水质数据文件有 ${issues.length} 处错误，未写入任何数据`,
        en: `The water-quality file has ${issues.length} problems; nothing was written`,
      },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  if (samples.length === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有水质数据', en: 'The file has no samples' });
  const report = {
    dryRun: o.dryRun,
    rows: samples.length,
    sections: new Set(samples.map((s) => s.code)).size,
    classes: samples.map((s) => ({ section: s.code, date: s.date, class: s.cls, worst: s.worst, exceeding: s.exceeding })),
  };
  if (o.dryRun) return report;
  await audited(db, actor, async (tx) => {
    for (const s of samples) {
      await tx.execute(
        sql`insert into eco_wq_section (code, name, reach_code, region_code, target_class, created_by)
            values (${s.code}, ${s.name}, ${s.reach}, ${s.region}, ${s.target}, ${actor.id})
            on conflict (code) do update set name = excluded.name, region_code = excluded.region_code,
              reach_code = coalesce(excluded.reach_code, eco_wq_section.reach_code),
              target_class = coalesce(excluded.target_class, eco_wq_section.target_class)`,
      );
      await tx.execute(
        sql`insert into eco_wq_sample (section_code, sampled_on, vals, class, worst_items, exceeding, region_code, loaded_by)
            values (${s.code}, ${s.date}::date, ${JSON.stringify(s.vals)}::jsonb, ${s.cls}, ${sql.param(s.worst)}::text[], ${sql.param(s.exceeding)}::text[], ${s.region}, ${actor.id})
            on conflict (section_code, sampled_on) do update set vals = excluded.vals, class = excluded.class, worst_items = excluded.worst_items,
              exceeding = excluded.exceeding, region_code = excluded.region_code, loaded_by = excluded.loaded_by, loaded_at = now()`,
      );
    }
    return {
      result: undefined,
      audit: { action: 'ecology.water.import', target: `file:${o.fileName}`, after: { rows: report.rows, sections: report.sections } },
    };
  });
  return report;
}

export interface WaterRow {
  section: string;
  name: string;
  regionCode: string;
  regionName: string;
  targetClass: number | null;
  date: string;
  class: number;
  worst: string[];
  exceeding: string[];
  vals: Record<string, number>;
}

/** Samples in scope, newest first. */
export async function waterSamples(db: Db, actor: Actor, w: { limit: number; offset: number }, section?: string): Promise<WaterRow[]> {
  return rows<WaterRow>(
    db,
    sql`select m.section_code as section, s.name, m.region_code as "regionCode", r.name as "regionName", s.target_class as "targetClass",
          to_char(m.sampled_on, 'YYYY-MM-DD') as date, m.class, m.worst_items as worst, m.exceeding, m.vals
        from eco_wq_sample m join eco_wq_section s on s.code = m.section_code join region r on r.code = m.region_code
        where ${inScope(actor, 'eco_wq_sample', 'm')} and (${section ?? null}::text is null or m.section_code = ${section ?? null})
        order by m.sampled_on desc, m.section_code limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countWaterSamples(db: Db, actor: Actor, section?: string): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from eco_wq_sample m where ${inScope(actor, 'eco_wq_sample', 'm')}
        and (${section ?? null}::text is null or m.section_code = ${section ?? null})`,
  );
  return r[0]?.n ?? 0;
}

export interface SectionMonths {
  section: string;
  name: string;
  reachCode: string | null;
  reachName: string | null;
  riverCode: string | null;
  riverName: string | null;
  regionCode: string;
  regionName: string;
  targetClass: number | null;
  synthetic: boolean;
  /** January…December: the month's class from the mean of its samples (null = not sampled) */
  months: ({ class: number; worst: string[]; exceeding: string[]; samples: number } | null)[];
  /** the year's class from the mean of all its samples */
  year: { class: number; worst: string[]; exceeding: string[]; samples: number } | null;
  /** sampled months meeting the target (class ≤ target), of the sampled months */
  meetsTarget: { months: number; sampled: number };
}

/**
 * Each section's class per month and for the year (环办〔2011〕22号: a period is evaluated by the
 * arithmetic mean of its samples, engine `waterPeriodClass`), in scope, optionally of one river.
 */
export async function waterMonths(db: Db, actor: Actor, year: number, river?: string): Promise<SectionMonths[]> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const sections = await rows<Omit<SectionMonths, 'months' | 'year' | 'meetsTarget'>>(
    db,
    sql`select s.code as section, s.name, s.reach_code as "reachCode", h.name as "reachName", h.river_code as "riverCode", v.name as "riverName",
          s.region_code as "regionCode", r.name as "regionName", s.target_class as "targetClass", s.synthetic
        from eco_wq_section s join region r on r.code = s.region_code
          left join eco_reach h on h.code = s.reach_code left join eco_river v on v.code = h.river_code
        where ${inScope(actor, 'eco_wq_section', 's')} and (${river ?? null}::text is null or h.river_code = ${river ?? null})
          and exists (select 1 from eco_wq_sample m where m.section_code = s.code and m.sampled_on between ${from}::date and ${to}::date)
        order by v.name nulls last, h.code nulls last, s.code`,
  );
  if (!sections.length) return [];
  const samples = await rows<{ section: string; month: number; vals: Record<string, number> }>(
    db,
    sql`select m.section_code as section, extract(month from m.sampled_on)::int as month, m.vals
        from eco_wq_sample m
        where ${inScope(actor, 'eco_wq_sample', 'm')} and m.sampled_on between ${from}::date and ${to}::date
          and m.section_code in (${sql.join(
            sections.map((s) => sql`${s.section}`),
            sql`, `,
          )})`,
  );
  const by = new Map<string, Record<string, number>[][]>();
  for (const s of sections)
    by.set(
      s.section,
      Array.from({ length: 12 }, () => []),
    );
  for (const m of samples) by.get(m.section)![m.month - 1]!.push(m.vals);
  const cls = (vals: Record<string, number>[], target: number | null) => {
    const r = waterPeriodClass(vals as Partial<Record<WaterItem, number>>[], { target: (target ?? undefined) as WaterClass | undefined });
    return r.class === null ? null : { class: r.class, worst: r.worst, exceeding: r.exceeding, samples: r.samples };
  };
  return sections.map((s) => {
    const perMonth = by.get(s.section)!;
    const months = perMonth.map((v) => (v.length ? cls(v, s.targetClass) : null));
    const sampled = months.filter((m) => m !== null);
    return {
      ...s,
      months,
      year: cls(perMonth.flat(), s.targetClass),
      meetsTarget: {
        months: s.targetClass === null ? 0 : sampled.filter((m) => m.class <= s.targetClass!).length,
        sampled: sampled.length,
      },
    };
  });
}

export const WATER_INDICATOR = 'ECO_WATER_ON_TARGET';

/**
 * Writes ECO_WATER_ON_TARGET of a year for each town with sections and for the actor's county:
 * sections whose year class (mean of the year's samples) meets the target ÷ sections with a target
 * and samples that year × 100, one decimal.
 */
export async function writeWaterIndicators(db: Db, actor: Actor, year: number, o: { synthetic?: boolean } = {}) {
  const sections = (await waterMonths(db, actor, year)).filter((s) => s.targetClass !== null && s.year);
  const tally = new Map<string, { met: number; total: number }>();
  const add = (code: string, met: boolean) => {
    const t = tally.get(code) ?? { met: 0, total: 0 };
    t.total++;
    if (met) t.met++;
    tally.set(code, t);
  };
  // each section counts for its town and its county (the county enclosing it, not the actor's first)
  const places = new Map<string, { town: string | null; county: string | null }>();
  for (const s of sections) {
    if (!places.has(s.regionCode)) {
      const p = await placeOf(db, actor, s.regionCode);
      const county = p
        ? await one<{ code: string }>(
            db,
            sql`select r.code from region r where r.level = 'county' and ${p.path} like r.path || '%' and ${inScope(actor, 'region', 'r')}`,
          )
        : undefined;
      places.set(s.regionCode, { town: p?.townCode ?? null, county: county?.code ?? null });
    }
    const met = s.year!.class <= s.targetClass!;
    const { town, county } = places.get(s.regionCode)!;
    if (town) add(town, met);
    if (county) add(county, met);
  }
  const values = [...tally].map(([regionCode, t]) => ({ regionCode, value: Math.round((1000 * t.met) / t.total) / 10 }));
  const source = `水质监测断面全年类别按 GB 3838-2002 评价（${year} 年）${o.synthetic ? '（合成演示数据 synthetic）' : ''}`;
  const written = await writeObservations(db, actor, {
    batch: {
      fileName: `ecology-water-${year}`,
      fileSha256: createHash('sha256').update(JSON.stringify(values)).digest('hex'),
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: values.length,
      source,
      synthetic: o.synthetic ?? false,
      note: `water sections meeting their target ${year}`,
    },
    rows: values.map((v) => ({
      indicatorCode: WATER_INDICATOR,
      subject: { kind: 'region' as const, code: v.regionCode },
      period: String(year),
      periodStart: `${year}-01-01`,
      value: v.value,
      status: 'final' as const,
      source,
    })),
    whenUnchanged: 'skip',
    audit: { action: 'ecology.water.indicators', after: { year } },
  });
  return {
    period: String(year),
    batchId: written.batchId,
    inserted: written.inserted,
    revised: written.revised,
    unchanged: written.unchanged,
    values,
  };
}
