/**
 * Demo content of the assessment module: four of the engine's bundled presets as schemes (labelled
 * illustrative), their indicators in the catalogue, the five platforms as subjects, and deterministic
 * synthetic values (batch flagged synthetic) for the 90 counties, Keqiao's 16 镇街, its 村社 (未来乡村
 * scenarios) and the 5 platforms, plus a first run of each scheme. Loading twice changes nothing.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { fnv1a, mulberry32 } from '@gongfu/engine';
import { parseScheme, PRESETS, type Plan } from '@gongfu/engine/assess';
import { systemActor, type Actor } from '../auth/actor.js';
import { rows, type Db } from '../db/store.js';
import { saveIndicators } from '../indicators/service.js';
import type { Indicator } from '../indicators/schema.js';
import { readPeriod } from '../observations/period.js';
import { writeObservations } from '../observations/writer.js';
import { listSubjects, saveSubjects } from '../subjects/service.js';
import { currentValuesUnscoped, type NewObservation } from '../observations/repository.js';
import type { Bindings } from './bindings.js';
import { createRun, createScheme } from './service.js';
import { listRunRows, findScheme } from './repository.js';

export const PRESET_DIR = fileURLToPath(new URL('../../../engine/src/assess/', import.meta.url));
export const ASSESS_SYNTHETIC_SOURCE = '合成演示数据（考核评价示意方案用，synthetic demo data, deterministic）';
const KEQIAO = '330603000000';
const ZHEJIANG = '330000000000';

export const PLATFORMS = [
  { code: 'KQ-ETDZ', name: '柯桥经济技术开发区' },
  { code: 'KQ-AIRPORT', name: '杭绍临空经济一体化发展示范区绍兴片区' },
  { code: 'KQ-LANTING', name: '兰亭文化旅游度假区' },
  { code: 'KQ-JIANHU', name: '鉴湖旅游度假区' },
  { code: 'KQ-TEXTILE', name: '中国轻纺城' },
];

/** The 26 山区县 targeted by Zhejiang's common-prosperity policy (peer group of the county preset). */
export const MOUNTAIN_COUNTIES = [
  '淳安县',
  '永嘉县',
  '平阳县',
  '苍南县',
  '文成县',
  '泰顺县',
  '武义县',
  '磐安县',
  '柯城区',
  '衢江区',
  '江山市',
  '常山县',
  '开化县',
  '龙游县',
  '三门县',
  '天台县',
  '仙居县',
  '莲都区',
  '龙泉市',
  '青田县',
  '云和县',
  '庆元县',
  '缙云县',
  '遂昌县',
  '松阳县',
  '景宁畲族自治县',
];

export function readPreset(id: string): unknown {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown preset ${id}`);
  return JSON.parse(fs.readFileSync(PRESET_DIR + p.file, 'utf8'));
}

/** The first value of the seeded PRNG for a key: the same key, the same number. */
const unit01 = (key: string): number => mulberry32(fnv1a(key))();

/** Plain value ranges for columns whose normalisation does not imply one. */
const RANGES: Record<string, [number, number, number]> = {
  亩均税收: [10, 60, 1],
  村均经营性收入: [50, 400, 0],
  水质达标率: [80, 100, 1],
  垃圾分类覆盖率: [85, 100, 1],
  '15分钟服务圈覆盖率': [70, 98, 1],
  文化活动场次: [40, 200, 0],
  注册志愿者比例: [10, 30, 1],
  优良天数比例: [80, 98, 1],
  地表水达标率: [85, 100, 1],
  建成区绿化覆盖率: [35, 48, 1],
  按期处置率: [85, 99.5, 1],
  亿元GDP事故死亡率: [0.005, 0.05, 3],
  群众满意度: [80, 95, 1],
  每千人医师数: [2.5, 4.5, 2],
  养老保险参保率: [90, 99, 1],
  常住人口: [150_000, 2_000_000, 0],
  // 未来乡村 (keqiao-future-villages)
  村集体经营性收入: [30, 600, 1],
  村民人均可支配收入: [36_000, 62_000, 0],
  文化礼堂年活动场次: [12, 120, 0],
  农家书屋年借阅人次: [200, 4_000, 0],
  家庭医生签约率: [60, 98, 1],
  村级健身设施覆盖率: [60, 100, 1],
  数字化应用场景数: [0, 12, 0],
  公共服务事项村内可办率: [40, 95, 1],
  村民志愿者注册率: [5, 30, 1],
  矛盾纠纷调解成功率: [85, 100, 1],
  '公交站点 500 米覆盖率': [50, 100, 1],
  村道优良路率: [70, 99, 1],
  村生活垃圾分类覆盖率: [80, 100, 1],
  农村生活污水治理率: [75, 100, 1],
  刑事治安案件数: [0, 25, 0],
  网格事件按期办结率: [85, 100, 1],
  党员联户覆盖率: [70, 100, 1],
  村务公开满意度: [80, 98, 1],
};

/** The pioneer villages the article names (“五化十场景” 先行村): a peer attribute of the 未来乡村 preset. */
export const PIONEER_VILLAGES = ['叶家堰居委会', '三佳居委会', '棠棣村委会'];

/**
 * Preset columns that measure an indicator the demo catalogue (demo/catalogue.ts) already has: the
 * scheme binds the catalogue's code instead of defining a second entry with the same name (names
 * are unique within the catalogue). Keyed by the code the preset would otherwise get.
 */
export const SHARED_INDICATORS: Record<string, string> = {
  ZJC_INCOME_PC: 'INCOME_PC',
  ZJC_URBAN_RURAL_RATIO: 'INCOME_RATIO',
  ZJC_GOOD_AIR_DAYS: 'GOOD_AIR_RATIO',
  ZJC_CIRCLE_COVERAGE: 'SERVICE_CIRCLE_COVERAGE',
  KQT_SERVICE_CIRCLE: 'SERVICE_CIRCLE_COVERAGE',
};

type Gen = (q: number, rnd: number, unit: string, row: Record<string, number>) => number;
interface ColumnSpec {
  column: string;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  direction: 'higher' | 'lower';
  gen: Gen;
  /** the column reads a catalogue indicator the demo catalogue defines (not saved by this demo) */
  shared?: boolean;
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
const textOf = (t: unknown, lang: 'zh' | 'en', fallback: string): string =>
  typeof t === 'string'
    ? t
    : t && typeof t === 'object'
      ? ((t as Record<string, string>)[lang] ?? (t as Record<string, string>).zh ?? fallback)
      : fallback;

/** Catalogue entries and value generators for every column a preset reads. */
export function presetColumns(plan: Plan, prefix: string): ColumnSpec[] {
  const out: ColumnSpec[] = [];
  const code = (id: string) => `${prefix}_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`.slice(0, 64);
  const s = plan.scheme;
  const denominatorCols = new Set(Object.values(s.denominators).map((d) => d.column));
  for (const ind of plan.indicators) {
    const column = ind.column ?? ind.id;
    const dir = ind.direction;
    const n = ind.normalise;
    let gen: Gen;
    if (ind.denominator) {
      // per-capita indicators are loaded as totals; the scheme divides by the denominator
      const den = s.denominators[ind.denominator];
      const t = ind.target ?? 100;
      gen = (q, _r, _u, row) => round(((row[den.column] ?? 500_000) / den.scale) * t * (0.65 + 0.5 * q), 0);
    } else if (n?.method === 'efficacy') {
      gen = (q) => round(n.unacceptable + (n.satisfactory - n.unacceptable) * (0.15 + 0.95 * q), 1);
    } else if (n?.method === 'goalposts') {
      gen = (q) => round(dir === 1 ? n.lower + (n.upper - n.lower) * (0.3 + 0.7 * q) : n.upper - (n.upper - n.lower) * (0.3 + 0.68 * q), 1);
    } else if (ind.target !== undefined) {
      const t = ind.target;
      const d = Math.abs(t) >= 1000 ? 0 : 2;
      gen = (q) => round(dir === 1 ? t * (0.72 + 0.45 * q) : t * (1.3 - 0.4 * q), d);
    } else {
      const [lo, hi, d] = RANGES[column] ?? [0, 100, 1];
      gen = (q) => round(dir === 1 ? lo + (hi - lo) * q : hi - (hi - lo) * q, d);
    }
    const name = { zh: textOf(ind.name, 'zh', column), en: textOf(ind.name, 'en', column) };
    const shared = SHARED_INDICATORS[code(ind.id)];
    out.push({
      column,
      code: shared ?? code(ind.id),
      ...(shared ? { shared: true } : {}),
      nameZh: name.zh,
      nameEn: name.en,
      unit: ind.unit ?? '',
      direction: dir === 1 ? 'higher' : 'lower',
      gen,
    });
  }
  for (const [key, d] of Object.entries(s.denominators)) {
    const [lo, hi] = RANGES[d.column] ?? [1, 100];
    out.unshift({
      column: d.column,
      code: code(key),
      nameZh: textOf(d.name, 'zh', d.column).replace(/（.*）/, ''),
      nameEn: textOf(d.name, 'en', d.column).replace(/ \(.*\)/, ''),
      unit: '人',
      direction: 'higher',
      gen: (_q, r) => Math.round(lo + (hi - lo) * r * r),
    });
  }
  const have = new Set(out.map((c) => c.column));
  for (const a of s.adjustments) {
    if (have.has(a.rule.column)) continue;
    have.add(a.rule.column);
    const p = a.kind === 'bonus' ? 0.4 : 0.2;
    out.push({
      column: a.rule.column,
      code: code(a.id),
      nameZh: a.rule.column,
      nameEn: textOf(a.name, 'en', a.id).replace(/ \(.*\)$/, ''),
      unit: '',
      direction: a.kind === 'bonus' ? 'higher' : 'lower',
      gen: (q, r) => (r < p ? 1 + Math.floor(((r / p) * 3 + q) % 3) : 0),
    });
  }
  for (const v of s.vetoes) {
    if (have.has(v.column)) continue;
    have.add(v.column);
    out.push({
      column: v.column,
      code: code(v.id),
      nameZh: v.column,
      nameEn: textOf(v.name, 'en', v.id).replace(/ \(.*\)$/, ''),
      unit: '',
      direction: 'lower',
      gen: (_q, r) => (r < 0.04 ? 1 : 0),
    });
  }
  void denominatorCols;
  return out;
}

interface PresetDemo {
  id: string;
  prefix: string;
  units: Bindings['units'];
  region: string;
  frequency: 'year' | 'month';
  subjectKind: 'region' | 'platform';
}

const DEMOS: PresetDemo[] = [
  {
    id: 'zj-counties-common-prosperity',
    prefix: 'ZJC',
    units: { kind: 'region', level: 'county' },
    region: ZHEJIANG,
    frequency: 'year',
    subjectKind: 'region',
  },
  {
    id: 'keqiao-towns-annual',
    prefix: 'KQT',
    units: { kind: 'region', level: 'town' },
    region: KEQIAO,
    frequency: 'year',
    subjectKind: 'region',
  },
  {
    id: 'keqiao-future-villages',
    prefix: 'FV',
    units: { kind: 'region', level: 'village' },
    region: KEQIAO,
    frequency: 'year',
    subjectKind: 'region',
  },
  {
    id: 'keqiao-platforms-monthly-saibi',
    prefix: 'KQP',
    units: { kind: 'platform' },
    region: KEQIAO,
    frequency: 'month',
    subjectKind: 'platform',
  },
];

/** Periods with synthetic values: the last three complete years, or the last six complete months. */
export function demoPeriods(frequency: 'year' | 'month', today: Date): string[] {
  const y = today.getUTCFullYear();
  if (frequency === 'year') return [y - 3, y - 2, y - 1].map(String);
  const out: string[] = [];
  for (let k = 6; k >= 1; k--) {
    const total = y * 12 + today.getUTCMonth() - k;
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

export interface AssessDemoReport {
  schemes: string[];
  indicators: number;
  observations: { inserted: number; revised: number; unchanged: number };
  runs: number[];
}

/** The five platforms in the subjects registry (only those missing are added); returns them by code. */
async function registerPlatforms(db: Db, actor: Actor): Promise<{ id: number; code: string; name: string; parent: string | null }[]> {
  const wanted = new Set(PLATFORMS.map((p) => p.code));
  const registered = async () =>
    (await listSubjects(db, actor, { kind: 'platform', region: KEQIAO, limit: 5000 })).filter((s) => wanted.has(s.code));
  const have = new Set((await registered()).map((s) => s.code));
  const missing = PLATFORMS.filter((p) => !have.has(p.code));
  if (missing.length) {
    await saveSubjects(
      db,
      actor,
      missing.map((p) => ({ kind: 'platform', code: p.code, name: p.name, regionCode: KEQIAO, attributes: {}, source: 'demo' })),
    );
  }
  return (await registered()).map((s) => ({ id: s.id, code: s.code, name: s.name, parent: null }));
}

/** Loads the assessment demo (call after the region demo). Idempotent. */
export async function loadAssessDemo(db: Db, options: { today?: Date; actor?: Actor; runs?: boolean } = {}): Promise<AssessDemoReport> {
  const actor = options.actor ?? systemActor('demo');
  const today = options.today ?? new Date();
  const platforms = await registerPlatforms(db, actor);
  const report: AssessDemoReport = { schemes: [], indicators: 0, observations: { inserted: 0, revised: 0, unchanged: 0 }, runs: [] };
  const figures: NewObservation[] = [];
  const figureSubjects: { kind: PresetDemo['subjectKind']; code: string }[] = [];
  const created: { demo: PresetDemo; periods: string[] }[] = [];
  for (const demo of DEMOS) {
    const definition = readPreset(demo.id);
    const plan = parseScheme(definition);
    const cols = presetColumns(plan, demo.prefix);
    const indicators: Indicator[] = cols
      .filter((c) => !c.shared)
      .map((c) => ({
        code: c.code,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        unit: c.unit,
        direction: c.direction,
        frequency: demo.frequency,
        accumulation: 'point',
        decimals: 3,
        // the scheme's name, not its id: definitions are read on screen
        definition: `考核评价示意方案“${textOf(plan.scheme.name, 'zh', plan.scheme.id)}”的数据列“${c.nameZh}”（示例指标）`,
        sourceDepartment: '',
        subjectKind: demo.subjectKind,
      }));
    await saveIndicators(db, actor, indicators);
    report.indicators += indicators.length;

    const units =
      demo.subjectKind === 'platform'
        ? platforms
        : await rows<{ id: number; code: string; name: string; parent: string | null }>(
            db,
            sql`select s.id, r.code, r.name, p.name as parent from region r join subject s on s.kind = 'region' and s.code = r.code
              left join region p on p.code = r.parent_code
              where r.level = ${demo.units.kind === 'region' ? demo.units.level : ''} and r.path like (select path from region where code = ${demo.region}) || '%' order by r.code`,
          );
    const periods = demoPeriods(demo.frequency, today);
    for (const u of units) {
      const latent = unit01(`assess-latent:${demo.id}:${u.code}`);
      for (const period of periods) {
        const p = readPeriod(period)!;
        const row: Record<string, number> = {};
        const drift = unit01(`assess-drift:${demo.id}:${u.code}:${period}`);
        for (const c of cols) {
          const noise = unit01(`assess:${demo.id}:${u.code}:${c.column}:${period}`);
          const q = Math.min(1, Math.max(0, 0.5 * latent + 0.2 * drift + 0.3 * noise));
          const value = c.gen(q, unit01(`assess-r:${demo.id}:${u.code}:${c.column}:${c.column === '常住人口' ? '' : period}`), u.code, row);
          row[c.column] = value;
          figures.push({
            indicatorCode: c.code,
            subjectId: u.id,
            period: p.period,
            periodStart: p.start,
            value,
            status: 'final',
            source: ASSESS_SYNTHETIC_SOURCE,
          });
          figureSubjects.push({ kind: demo.subjectKind, code: u.code });
        }
      }
    }
    const attributes: Bindings['attributes'] = {};
    if (demo.id === 'keqiao-towns-annual') attributes['类型'] = { source: 'townType' };
    if (demo.id === 'keqiao-future-villages')
      attributes['村社类型'] = {
        source: 'map',
        values: Object.fromEntries(units.filter((u) => PIONEER_VILLAGES.includes(u.name)).map((u) => [u.code, '先行村'])),
        otherwise: '其他村社',
      };
    if (demo.id === 'zj-counties-common-prosperity') {
      attributes['设区市'] = { source: 'parentName' };
      attributes['县域类型'] = {
        source: 'map',
        values: Object.fromEntries(units.filter((u) => MOUNTAIN_COUNTIES.includes(u.name)).map((u) => [u.code, '山区26县'])),
        otherwise: '其他',
      };
    }
    if (!(await findScheme(db, actor, plan.scheme.id))) {
      const bindings: Bindings = {
        units: demo.units,
        defaultRegion: demo.region,
        columns: Object.fromEntries(cols.map((c) => [c.column, c.code])),
        attributes,
      };
      await createScheme(db, actor, { definition, bindings, note: '内置示意方案（illustrative preset bundled with the engine）' });
      report.schemes.push(plan.scheme.id);
    }
    created.push({ demo, periods });
  }
  // A shared indicator may already hold a value for a unit and period (Keqiao's published 2021
  // income, the synthetic town series of 15分钟公共服务圈覆盖率 the town template imports): that
  // value is kept and the scheme reads it, so the run and the data browser show the same number.
  // Only the values this demo wrote itself (its source) are compared and, unchanged, skipped.
  const sharedCodes = new Set(Object.values(SHARED_INDICATORS));
  const sharedAt = figures.flatMap((f, i) => (sharedCodes.has(f.indicatorCode) ? [i] : []));
  const taken = new Set(
    (
      await currentValuesUnscoped(
        db,
        sharedAt.map((i) => figures[i]),
      )
    )
      .filter((v) => v.source !== ASSESS_SYNTHETIC_SOURCE)
      .map((v) => sharedAt[v.key]),
  );
  if (taken.size) {
    const keep = figures.filter((_, i) => !taken.has(i));
    const keepSubjects = figureSubjects.filter((_, i) => !taken.has(i));
    figures.splice(0, figures.length, ...keep);
    figureSubjects.splice(0, figureSubjects.length, ...keepSubjects);
  }
  const written = await writeObservations(db, actor, {
    batch: {
      fileName: 'assess-synthetic-demo',
      fileSha256: createHash('sha256').update(JSON.stringify(figures)).digest('hex'),
      format: 'seed',
      layout: 'seed',
      encoding: null,
      rowCount: figures.length,
      source: ASSESS_SYNTHETIC_SOURCE,
      synthetic: true,
      note: 'synthetic: generated for the illustrative assessment presets, not official figures',
    },
    rows: figures.map(({ subjectId: _id, ...o }, i) => ({ ...o, subject: figureSubjects[i] })),
    whenUnchanged: 'skip',
    audit: { action: 'demo.load' },
  });
  const result = { inserted: written.inserted, revised: written.revised, unchanged: written.unchanged };
  report.observations = result;
  if (options.runs !== false) {
    for (const { demo, periods } of created) {
      const existing = await listRunRows(db, actor, { scheme: demo.id }, { limit: 1, offset: 0 });
      if (existing.length) continue;
      // the last two periods, so rank history and change against the previous period show
      for (const period of periods.slice(-2)) report.runs.push((await createRun(db, actor, { scheme: demo.id, period })).id);
    }
  }
  return report;
}
