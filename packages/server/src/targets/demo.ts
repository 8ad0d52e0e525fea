/**
 * The 挂图作战 demo. REAL targets from the seed article (柯桥:全国“十强区” 竞跑大赛道, 金燕翔;
 * shared/seed/keqiao-article.zh.txt): GDP +7.5 % or more, 低收入农户人均可支配收入 +10 % or more
 * (this year's 军令状), GDP over 2500亿 by 2026, "661": fixed-asset investment over 600亿 and 100
 * major projects. Everything else is SYNTHETIC and labelled so: the monthly actuals of three past
 * years and this year, the towns' breakdown rates, and the 100-project list with plans, milestones
 * and monthly investment (mulberry32 seeded, identical on every run). Idempotent: a year whose
 * GDP target exists is left alone.
 */
import { fnv1a, mulberry32 } from '@gongfu/engine';
import { systemActor, type Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import type { DemoOptions } from '../module.js';
import { writeObservations, type ObservationInput } from '../observations/writer.js';
import { saveSubjects } from '../subjects/service.js';
import { audited } from '../audit/service.js';
import { loadMilestonesDemo } from './demo-milestones.js';
import { importInvestment, shanghaiDate } from './projects.js';
import { writeScoreboard } from './service.js';
import {
  insertTargetUnscoped,
  projectCodes,
  replaceMilestonesUnscoped,
  replaceProjectPlanUnscoped,
  subjectOf,
  targetIdByCodeUnscoped,
  townsOf,
  type TargetWrite,
} from './repository.js';
import { SPECIAL_ACTIONS } from './schemas.js';

const KEQIAO = '330603000000';
export const SOURCE_ARTICLE = '《柯桥:全国“十强区” 竞跑大赛道》（金燕翔）：“军令状”与“661”总体思路';
export const SYNTHETIC_NOTE = '合成数据（synthetic）：演示用月度实绩，非统计部门数据';
const SYNTHETIC_SOURCE = '挂图作战演示（合成数据）';
/** synthetic within-year pattern of monthly flows (a slow Q1, a strong December) */
const PATTERN = [0.06, 0.065, 0.08, 0.08, 0.085, 0.09, 0.08, 0.08, 0.085, 0.09, 0.09, 0.095];
const DEPARTMENTS = [
  '发改局',
  '经信局',
  '交通运输局',
  '住建局',
  '教育体育局',
  '卫生健康局',
  '自然资源和规划分局',
  '柯桥经济技术开发区管委会',
];

function cumulative(annual: number, rand: () => number, months: number): number[] {
  const flows = PATTERN.map((w) => w * (0.9 + 0.2 * rand()));
  const sum = flows.reduce((a, b) => a + b, 0);
  let c = 0;
  return flows.slice(0, months).map((f) => (c += (annual * f) / sum));
}

const r2 = (v: number) => Math.round(v * 100) / 100;

export async function loadTargetsDemo(db: Db, options: DemoOptions = {}): Promise<string[]> {
  const actor: Actor = options.actor ?? systemActor('demo');
  const today = options.today ?? new Date();
  const year = today.getUTCFullYear();
  const month = Math.max(1, today.getUTCMonth()); // the last complete month
  const district = await subjectOf(db, actor, 'region', KEQIAO);
  if (!district) return [];
  if (await targetIdByCodeUnscoped(db, `KQ-GDP-GROWTH-${year}`)) return [`挂图作战 / targets: ${year} already loaded`];
  const towns = await townsOf(db, actor, KEQIAO);
  const rand = mulberry32(fnv1a(`targets-demo:${year}`));

  // ---- synthetic monthly actuals: three past years and this year to the last complete month
  options.onStep?.('月度实绩（合成）');
  const rows: ObservationInput[] = [];
  const push = (code: string, subject: string, y: number, values: number[]) =>
    values.forEach((value, i) => {
      const period = `${y}-${String(i + 1).padStart(2, '0')}`;
      rows.push({
        indicatorCode: code,
        subject: { kind: 'region', code: subject },
        period,
        periodStart: `${period}-01`,
        value: r2(value),
        status: 'final',
        source: SYNTHETIC_SOURCE,
      });
    });
  const townShare = towns.map(() => 0.5 + rand());
  const shareSum = townShare.reduce((a, b) => a + b, 0);
  const gdpLast = 2330; // synthetic annual GDP of last year (亿元)
  const gdpGrowth = [0.062, 0.068, 0.066, 0.071]; // Y-3 … Y (synthetic)
  const gdpBase: number[] = [];
  for (let k = 0; k < 4; k++) {
    const y = year - 3 + k;
    const annual = k < 3 ? gdpLast / [1.066 * 1.068, 1.066, 1][k] : gdpLast * (1 + gdpGrowth[3]);
    gdpBase.push(annual);
    const months = k < 3 ? 12 : month;
    const townSeries = towns.map((t, i) => cumulative((annual * townShare[i]) / shareSum, mulberry32(fnv1a(`gdp:${t.code}:${y}`)), months));
    push(
      'TG_GDP_CUM',
      KEQIAO,
      y,
      Array.from({ length: months }, (_, m) => townSeries.reduce((s, ts) => s + ts[m], 0)),
    );
    towns.forEach((t, i) => push('TG_GDP_CUM', t.code, y, townSeries[i]));
    push('TG_LOWINC_CUM', KEQIAO, y, cumulative(21000 * Math.pow(1.095, k), mulberry32(fnv1a(`lowinc:${y}`)), months));
    push('TG_FAI661_CUM', KEQIAO, y, cumulative(480 * Math.pow(1.08, k), mulberry32(fnv1a(`fai:${y}`)), months));
  }
  await writeObservations(db, actor, {
    batch: {
      fileName: `targets-demo-actuals-${year}（合成数据）`,
      fileSha256: '',
      format: 'seed',
      layout: 'seed',
      encoding: null,
      rowCount: rows.length,
      source: SYNTHETIC_SOURCE,
      synthetic: true,
      note: SYNTHETIC_NOTE,
    },
    rows,
    audit: { action: 'targets.demo', after: { year, synthetic: true } },
  });

  // ---- targets: the real ones with their source, the towns' breakdown synthetic
  options.onStep?.('目标');
  const lastYearGdp = r2(gdpBase[2]);
  const base = (t: Partial<TargetWrite> & Pick<TargetWrite, 'name' | 'indicatorCode' | 'kind' | 'targetValue'>): TargetWrite => ({
    subjectId: district.id,
    regionCode: district.regionCode,
    year,
    baseValue: null,
    accumulation: 'cumulative',
    direction: 'higher',
    planMethod: 'seasonal',
    thresholds: {},
    department: '',
    leader: '',
    sourceDocument: SOURCE_ARTICLE,
    parentId: null,
    breakdown: 'sum',
    ...t,
  });
  const townSubjects = new Map<string, { id: number; regionCode: string }>();
  for (const t of towns) {
    const s = await subjectOf(db, actor, 'region', t.code);
    if (s) townSubjects.set(t.code, s);
  }
  const targets = await audited(db, actor, async (tx) => {
    const gdp = await insertTargetUnscoped(
      tx,
      base({
        code: `KQ-GDP-GROWTH-${year}`,
        name: '地区生产总值增长7.5%以上',
        indicatorCode: 'TG_GDP_CUM',
        kind: 'growth',
        targetValue: 0.075,
        baseValue: lastYearGdp,
        breakdown: 'weighted',
        department: '发改局、统计局',
        leader: '区长（演示）',
      }),
      actor.id,
    );
    let n = 1;
    for (const [i, t] of towns.entries()) {
      const s = townSubjects.get(t.code);
      if (!s) continue;
      const townBase = r2((gdpBase[2] * townShare[i]) / shareSum);
      await insertTargetUnscoped(
        tx,
        base({
          code: `KQ-GDP-GROWTH-${year}-${t.code}`,
          name: `${t.name}地区生产总值增长（分解，合成）`,
          indicatorCode: 'TG_GDP_CUM',
          kind: 'growth',
          targetValue: Math.round((0.07 + 0.015 * rand()) * 1000) / 1000,
          baseValue: townBase,
          subjectId: s.id,
          regionCode: s.regionCode,
          department: `${t.name}（镇街）`,
          sourceDocument: `${SOURCE_ARTICLE}；镇街分解为合成数据（synthetic）`,
          parentId: gdp,
          breakdown: 'weighted',
          synthetic: true,
        }),
        actor.id,
      );
      n++;
    }
    await insertTargetUnscoped(
      tx,
      base({
        code: `KQ-LOWINC-${year}`,
        name: '低收入农户人均可支配收入增长10%以上',
        indicatorCode: 'TG_LOWINC_CUM',
        kind: 'growth',
        targetValue: 0.1,
        department: '农业农村局',
        leader: '分管副区长（演示）',
      }),
      actor.id,
    );
    if (year <= 2026)
      await insertTargetUnscoped(
        tx,
        base({
          code: `KQ-GDP-2500-2026`,
          name: '2026年地区生产总值突破2500亿元',
          indicatorCode: 'TG_GDP_CUM',
          kind: 'value',
          targetValue: 2500,
          year: 2026,
          department: '发改局、统计局',
        }),
        actor.id,
      );
    await insertTargetUnscoped(
      tx,
      base({
        code: `KQ-FAI661-${year}`,
        name: '“661”固定资产投资总量突破600亿元',
        indicatorCode: 'TG_FAI661_CUM',
        kind: 'value',
        targetValue: 600,
        department: '发改局',
        leader: '常务副区长（演示）',
      }),
      actor.id,
    );
    return { result: n + 3, audit: { action: 'targets.demo', target: `targets:${year}`, after: { year, source: SOURCE_ARTICLE } } };
  });

  // ---- 100 synthetic major projects: registry, plan, milestones, then the monthly investment file
  options.onStep?.('重大项目（合成）');
  const pr = mulberry32(fnv1a(`projects:${year}`));
  const projects = Array.from({ length: 100 }, (_, i) => {
    const action = SPECIAL_ACTIONS[Math.floor(pr() * SPECIAL_ACTIONS.length)];
    const town = towns[Math.floor(pr() * towns.length)] ?? { code: KEQIAO, name: '柯桥区' };
    const yearPlan = r2(2 + pr() * 8);
    return {
      code: `KQ661-${year}-${String(i + 1).padStart(3, '0')}`,
      name: `合成重大项目${String(i + 1).padStart(3, '0')}（${action}）`,
      town,
      action,
      department: DEPARTMENTS[Math.floor(pr() * DEPARTMENTS.length)],
      status: pr() < 0.15 ? '前期' : '在建',
      total: r2(yearPlan * (1.5 + pr() * 3)),
      yearPlan,
      startMonth: 1 + Math.floor(pr() * 6),
      pace: pr() < 0.2 ? 0.6 + pr() * 0.25 : 0.92 + pr() * 0.2,
      silent: pr() < 0.05,
    };
  });
  await saveSubjects(
    db,
    actor,
    projects.map((p) => ({
      kind: 'project' as const,
      code: p.code,
      name: p.name,
      regionCode: p.town.code,
      attributes: { action: p.action, department: p.department, status: p.status, totalInvestment: p.total, leader: '', synthetic: true },
      source: SYNTHETIC_SOURCE,
    })),
  );
  const ids = new Map((await projectCodes(db, actor)).map((p) => [p.code, p.id]));
  await audited(db, actor, async (tx) => {
    for (const p of projects) {
      const id = ids.get(p.code)!;
      await replaceProjectPlanUnscoped(
        tx,
        id,
        year,
        PATTERN.map((w) => r2((p.yearPlan * w) / 1.015)),
      );
      const d = (m: number, day = 15) => `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const started = p.status === '在建' && p.startMonth <= month;
      await replaceMilestonesUnscoped(tx, id, [
        { kind: '立项', planned: `${year - 1}-10-15`, actual: `${year - 1}-10-20` },
        { kind: '施工许可', planned: d(Math.max(1, p.startMonth - 1)), actual: started ? d(Math.max(1, p.startMonth - 1), 20) : null },
        { kind: '开工', planned: d(p.startMonth, 1), actual: started ? d(p.startMonth, 10) : null },
        { kind: '主体完工', planned: `${year + 1}-06-30`, actual: null },
      ]);
    }
    return {
      result: null,
      audit: { action: 'targets.demo', target: `projects:${year}`, after: { projects: projects.length, synthetic: true } },
    };
  });
  const lines = ['项目编号,月份,当月完成投资（亿元）'];
  for (const p of projects)
    for (let m = 1; m <= month; m++) {
      if (p.silent && m === month) continue;
      lines.push(`${p.code},${year}-${String(m).padStart(2, '0')},${r2(((p.yearPlan * PATTERN[m - 1]) / 1.015) * p.pace)}`);
    }
  await importInvestment(db, actor, new TextEncoder().encode(lines.join('\n')), {
    fileName: `重大项目月度投资（合成数据）-${year}.csv`,
    year,
    dryRun: false,
    maxBytes: 50 * 1024 * 1024,
    synthetic: true,
  });
  // the cockpit card: 目标按序时进度完成率 of the last complete month, from the synthetic actuals
  await writeScoreboard(db, actor, year, month, { synthetic: true });
  options.onStep?.('八大行动（合成任务）');
  const milestones = await loadMilestonesDemo(db, actor, { year, district: KEQIAO, towns, today: shanghaiDate(today) });
  return [
    `挂图作战 / targets ${year}: ${targets} targets (real: GDP +7.5 %, 低收入农户收入 +10 %, 2500亿 by 2026, 600亿; town breakdown synthetic), ` +
      `${rows.length} synthetic monthly values, 100 synthetic major projects`,
    milestones,
  ];
}
