import { describe, expect, it } from 'vitest';
import { attributeLand, validateCreditCode } from '@gongfu/engine/mujun';
import { syntheticMujun, SYNTHETIC_NOTE, MUJUN_PLATFORMS } from '../src/mujun/synthetic.js';
import { mujunDemoFiles } from '../src/mujun/demo-files.js';
import { readTable } from '../src/tables/reader.js';
import { readLayout } from '../src/imports/layout.js';
import type { ImportIssue } from '../src/imports/issues.js';
import type { Indicator } from '../src/indicators/schema.js';

const TOWNS = [
  ['330603001000', '柯桥街道'],
  ['330603002000', '柯岩街道'],
  ['330603003000', '华舍街道'],
  ['330603004000', '湖塘街道'],
  ['330603005000', '齐贤街道'],
  ['330603006000', '福全街道'],
  ['330603007000', '安昌街道'],
  ['330603008000', '兰亭街道'],
  ['330603009000', '钱清街道'],
  ['330603010000', '杨汛桥街道'],
  ['330603011000', '马鞍街道'],
  ['330603105000', '平水镇'],
  ['330603107000', '王坛镇'],
  ['330603109000', '稽东镇'],
  ['330603111000', '漓渚镇'],
  ['330603114000', '夏履镇'],
].map(([code, name]) => ({ code, name }));

const demo = syntheticMujun({ seed: 12, year: 2025, towns: TOWNS });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const CATALOGUE: [string, string, string][] = [
  ['MJ_TAX', '实缴税金', '万元'],
  ['MJ_VALUE_ADDED', '工业增加值', '万元'],
  ['MJ_REVENUE', '营业收入', '万元'],
  ['MJ_EMPLOYEES', '年平均职工人数', '人'],
  ['MJ_RD', 'R&D经费支出', '万元'],
  ['MJ_ELECTRICITY', '用电量', '万千瓦时'],
  ['MJ_ENERGY', '综合能耗', '吨标准煤'],
  ['MJ_COD', '化学需氧量排放量', '吨'],
  ['MJ_NH3N', '氨氮排放量', '吨'],
  ['MJ_SO2', '二氧化硫排放量', '吨'],
  ['MJ_NOX', '氮氧化物排放量', '吨'],
  ['MJ_SAFETY_ACCIDENT', '较大及以上安全生产事故', '起'],
  ['MJ_ENV_VIOLATION', '重大环境违法', '起'],
];
const catalogue = new Map<string, Indicator>(
  CATALOGUE.map(([code, nameZh, unit]) => [
    code,
    {
      code,
      nameZh,
      nameEn: code,
      unit,
      direction: 'higher',
      frequency: 'year',
      accumulation: 'cumulative',
      decimals: 2,
      definition: '',
      sourceDepartment: '',
      subjectKind: 'enterprise',
    } as Indicator,
  ]),
);

describe('synthetic 亩均 demo', () => {
  it('is deterministic and labelled synthetic', () => {
    const again = syntheticMujun({ seed: 12, year: 2025, towns: TOWNS });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
    expect(JSON.stringify(syntheticMujun({ seed: 13, year: 2025, towns: TOWNS }).roster)).not.toBe(JSON.stringify(demo.roster));
    expect(demo.note).toBe(SYNTHETIC_NOTE);
    expect(SYNTHETIC_NOTE).toContain('合成');
    expect(SYNTHETIC_NOTE).toContain('不是官方数据');
  });

  it('has valid, unique credit codes and unique names', () => {
    expect(demo.roster).toHaveLength(3000);
    for (const r of demo.roster) {
      const v = validateCreditCode(r.creditCode, { normalise: false, checkOrganisationCode: true });
      expect(v.problems).toEqual([]);
      expect(r.creditCode.slice(0, 8)).toBe('91330603');
    }
    expect(new Set(demo.roster.map((r) => r.creditCode)).size).toBe(3000);
    expect(new Set(demo.roster.map((r) => r.name)).size).toBe(3000);
  });

  it('has the designed shares: 规上 ~35 %, textile heavy, five platforms, all towns, a few closed', () => {
    const n = demo.roster.length;
    const share = (f: (r: (typeof demo.roster)[number]) => boolean) => demo.roster.filter(f).length / n;
    expect(share((r) => r.scale === 'above')).toBeGreaterThan(0.3);
    expect(share((r) => r.scale === 'above')).toBeLessThan(0.4);
    expect(share((r) => r.industry.startsWith('17'))).toBeGreaterThan(0.5);
    expect(share((r) => r.industry === '1713')).toBeGreaterThan(0.1);
    expect(share((r) => /^(18|26|28|34|35|38)/.test(r.industry))).toBeGreaterThan(0.25);
    expect(demo.roster.every((r) => /^\d{4}$/.test(r.industry))).toBe(true);
    expect(new Set(demo.roster.map((r) => r.platform))).toEqual(new Set(MUJUN_PLATFORMS));
    expect(new Set(demo.roster.map((r) => r.townCode)).size).toBe(16);
    const closed = share((r) => r.status === 'closed');
    expect(closed).toBeGreaterThan(0.005);
    expect(closed).toBeLessThan(0.03);
    // printing and dyeing sits mostly in 马鞍街道
    const dyeing = demo.roster.filter((r) => r.industry === '1713');
    expect(dyeing.filter((r) => r.townName === '马鞍街道').length / dyeing.length).toBeGreaterThan(0.6);
  });

  it('attributes land sensibly: leases to tenants, one split parcel, ~1 % without an enterprise', () => {
    const owned = demo.parcels.filter((p) => p.ownerCode !== null);
    const land = attributeLand(
      owned.map((p) => ({
        id: p.parcelCode,
        areaMu: p.areaMu,
        owner: p.ownerCode!,
        leases: p.tenants.map((t) => ({ tenant: t.code, areaMu: t.areaMu })),
      })),
    );
    expect(land.problems).toEqual([]);
    expect(new Set(demo.parcels.map((p) => p.parcelCode)).size).toBe(demo.parcels.length);
    const noOwner = demo.parcels.length - owned.length;
    expect(noOwner / demo.parcels.length).toBeGreaterThan(0.005);
    expect(noOwner / demo.parcels.length).toBeLessThan(0.02);
    // every firm has land; 规上 20–300 亩, 规下 2–30 亩
    for (const r of demo.roster) {
      const mu = land.byEnterprise.get(r.creditCode) ?? 0;
      if (r.scale === 'above') expect(mu).toBeGreaterThanOrEqual(19.99);
      else expect(mu).toBeGreaterThanOrEqual(1.99);
      expect(mu).toBeLessThanOrEqual(r.scale === 'above' ? 300.01 : 30.01);
    }
    expect(land.byEnterprise.size).toBe(3000);
    const total = owned.reduce((s, p) => s + p.areaMu, 0);
    const attributed = [...land.byEnterprise.values()].reduce((s, v) => s + v, 0);
    expect(attributed).toBeCloseTo(total, 4);
    const tenants = new Set(demo.parcels.flatMap((p) => p.tenants.map((t) => t.code)));
    expect(tenants.size / demo.roster.length).toBeGreaterThan(0.07);
    expect(tenants.size / demo.roster.length).toBeLessThan(0.13);
    expect(demo.parcels.some((p) => p.tenants.length >= 2)).toBe(true);
    // a few firms own several parcels
    const perOwner = new Map<string, number>();
    for (const p of owned) perOwner.set(p.ownerCode!, (perOwner.get(p.ownerCode!) ?? 0) + 1);
    expect([...perOwner.values()].filter((k) => k > 1).length).toBeGreaterThan(10);
  });

  it('has bureau figures around the Huangyan benchmarks, missing emissions and a few vetoes', () => {
    const land = attributeLand(
      demo.parcels
        .filter((p) => p.ownerCode)
        .map((p) => ({
          id: p.parcelCode,
          areaMu: p.areaMu,
          owner: p.ownerCode!,
          leases: p.tenants.map((t) => ({ tenant: t.code, areaMu: t.areaMu })),
        })),
    ).byEnterprise;
    const scale = new Map(demo.roster.map((r) => [r.creditCode, r.scale]));
    const operating = demo.roster.filter((r) => r.status === 'operating').length;
    const b = demo.bureaus;
    for (const rows of [b.tax, b.statistics, b.power, b.environment]) expect(rows).toHaveLength(operating);
    const above = (code: string) => scale.get(code) === 'above';
    const taxPerMu = b.tax.filter((r) => above(r.creditCode)).map((r) => r.tax / land.get(r.creditCode)!);
    const m = median(taxPerMu);
    expect(Math.abs(m - 24.097) / 24.097).toBeLessThan(0.3);
    const belowTax = median(b.tax.filter((r) => !above(r.creditCode)).map((r) => r.tax / land.get(r.creditCode)!));
    expect(Math.abs(belowTax - 11.5932) / 11.5932).toBeLessThan(0.3);
    const stats = b.statistics.filter((r) => above(r.creditCode));
    const va = median(stats.map((r) => r.valueAdded! / land.get(r.creditCode)!));
    expect(va).toBeGreaterThan(136.16 * 0.6);
    expect(va).toBeLessThan(136.16 * 1.5);
    expect(median(stats.map((r) => r.valueAdded! / r.employees))).toBeGreaterThan(18.14 * 0.6);
    expect(median(stats.map((r) => r.valueAdded! / r.employees))).toBeLessThan(18.14 * 1.5);
    expect(median(stats.map((r) => r.rd! / r.revenue))).toBeGreaterThan(0.015);
    expect(median(stats.map((r) => r.rd! / r.revenue))).toBeLessThan(0.045);
    expect(stats.every((r) => r.revenue >= 2000)).toBe(true);
    expect(b.statistics.filter((r) => !above(r.creditCode)).every((r) => r.valueAdded === null && r.revenue < 2000)).toBe(true);
    // printing and dyeing: more energy and emissions per 增加值 than weaving
    const industry = new Map(demo.roster.map((r) => [r.creditCode, r.industry]));
    const vaOf = new Map(stats.map((r) => [r.creditCode, r.valueAdded!]));
    const env = b.environment.filter((r) => above(r.creditCode));
    const perEnergy = (ind: string) =>
      median(env.filter((r) => industry.get(r.creditCode) === ind && r.energy).map((r) => vaOf.get(r.creditCode)! / r.energy!));
    expect(perEnergy('1713')).toBeLessThan(perEnergy('1751') / 2);
    const belowTaxPerKwh = median(
      b.power.filter((r) => !above(r.creditCode)).map((r) => b.tax.find((t) => t.creditCode === r.creditCode)!.tax / r.electricity),
    );
    expect(Math.abs(belowTaxPerKwh - 0.2352) / 0.2352).toBeLessThan(0.35);
    const noEmission = b.environment.filter((r) => r.cod === null && r.nh3n === null && r.so2 === null && r.nox === null).length;
    expect(noEmission).toBeGreaterThan(5);
    const vetoes = b.environment.filter((r) => r.safetyAccidents > 0 || r.envViolations > 0).length;
    expect(vetoes / operating).toBeGreaterThan(0.003);
    expect(vetoes / operating).toBeLessThan(0.025);
    // rounded as reported
    expect(b.tax.every((r) => Math.round(r.tax * 100) === Math.round(r.tax * 100 * 1e6) / 1e6)).toBe(true);
    expect(b.statistics.every((r) => Number.isInteger(r.employees))).toBe(true);
  });

  it('writes files the importers read: roster and land headers, bureau indicator columns', async () => {
    const small = syntheticMujun({ seed: 7, enterprises: 200, year: 2025, towns: TOWNS });
    const files = await mujunDemoFiles(small);
    expect(files.map((f) => f.name)).toEqual([
      '企业名册.xlsx',
      '用地.xlsx',
      '税务局-实缴税金.xlsx',
      '统计局-工业企业.xlsx',
      '供电公司-用电量.xlsx',
      '生态环境-能耗排放.xlsx',
    ]);
    const read = async (name: string) => (await readTable(files.find((f) => f.name === name)!.bytes, name, 50 << 20)).sheets[0];
    const roster = await read('企业名册.xlsx');
    expect(roster.rows[0].cells).toEqual(['统一社会信用代码', '企业名称', '所属地区', '行业代码', '规模', '所属平台', '经营状态']);
    expect(roster.rows).toHaveLength(201);
    const land = await read('用地.xlsx');
    expect(land.rows[0].cells).toEqual(['地块编号', '所属镇街', '面积（亩）', '权属企业信用代码', '承租企业信用代码', '承租面积（亩）']);
    const expected: Record<string, string[]> = {
      '税务局-实缴税金.xlsx': ['MJ_TAX'],
      '统计局-工业企业.xlsx': ['MJ_VALUE_ADDED', 'MJ_REVENUE', 'MJ_EMPLOYEES', 'MJ_RD'],
      '供电公司-用电量.xlsx': ['MJ_ELECTRICITY'],
      '生态环境-能耗排放.xlsx': ['MJ_ENERGY', 'MJ_COD', 'MJ_NH3N', 'MJ_SO2', 'MJ_NOX', 'MJ_SAFETY_ACCIDENT', 'MJ_ENV_VIOLATION'],
    };
    const operating = small.roster.filter((r) => r.status === 'operating').length;
    for (const [name, codes] of Object.entries(expected)) {
      const issues: ImportIssue[] = [];
      const detected: NonNullable<Parameters<typeof readLayout>[4]>['detected'] = [];
      const layout = readLayout(await read(name), catalogue, issues, undefined, { detected });
      expect(issues, name).toEqual([]);
      expect(layout!.layout).toBe('wide');
      expect(layout!.headerRow).toBe(3);
      const cols = detected![0].columns;
      expect(cols.filter((c) => c.role === 'indicator').map((c) => c.indicator!.code)).toEqual(codes);
      expect(cols.find((c) => c.header === '统一社会信用代码')!.role).toBe('subject');
      expect(cols.find((c) => c.header === '年度')!.role).toBe('period');
      expect(cols.find((c) => c.header === '企业名称')!.role).not.toBe('unknown');
      // one record per firm and indicator with a value (the 合计 row and the footnote are not records)
      const subjects = new Set(layout!.records.map((r) => r.subject));
      expect(subjects.size).toBe(operating);
      expect(layout!.records.every((r) => validateCreditCode(String(r.subject)).valid)).toBe(true);
    }
  });
});
