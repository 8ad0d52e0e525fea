/**
 * Synthetic 亩均效益 demo data (合成数据, never official): an enterprise roster of a textile-heavy
 * county like Keqiao (织造, 印染, 化纤, 服装, some chemicals and machinery), land parcels (owned,
 * leased, one split between two tenants, ~1 % without an enterprise) and the yearly figures each
 * bureau would send, scaled so that 规上 scores spread around the Huangyan 2022 benchmarks
 * (docs/reference/mujun.md §3). Pure and deterministic: the same options give the same rows
 * (mulberry32 seeded by `seed`, or by FNV-1a of the year).
 */
import { fnv1a, mulberry32 } from '@gongfu/engine';
import { creditCodeCheckChar, organisationCodeCheckChar } from '@gongfu/engine/mujun';

export const SYNTHETIC_NOTE =
  '合成演示数据（synthetic demo data）：本文件中的企业、统一社会信用代码、地块和各部门数据均由程序随机生成，仅用于演示亩均效益评价，不是官方数据，与任何真实企业无关。';

export type MujunScale = 'above' | 'below';
export type MujunStatus = 'operating' | 'closed';

export interface MujunRosterRow {
  creditCode: string;
  name: string;
  townCode: string;
  townName: string;
  /** GB/T 4754-2017 class (4 digits) */
  industry: string;
  scale: MujunScale;
  platform: string;
  status: MujunStatus;
}

export interface MujunTenant {
  code: string;
  areaMu: number;
}

export interface MujunParcelRow {
  parcelCode: string;
  townCode: string;
  areaMu: number;
  /** null: land without an enterprise (listed by the reconciliation) */
  ownerCode: string | null;
  tenants: MujunTenant[];
}

interface BureauRow {
  creditCode: string;
  name: string;
  year: number;
}

/** 税务局: 实缴税金（万元）. */
export interface MujunTaxRow extends BureauRow {
  tax: number;
}

/** 统计局: 规下 firms have no 增加值 and no R&D figures (null, an empty cell). */
export interface MujunStatisticsRow extends BureauRow {
  valueAdded: number | null;
  revenue: number;
  employees: number;
  rd: number | null;
}

/** 供电公司: 用电量（万千瓦时）. */
export interface MujunPowerRow extends BureauRow {
  electricity: number;
}

/** 生态环境 (with 能耗 and the 应急管理 veto item): null is an unreported figure. */
export interface MujunEnvironmentRow extends BureauRow {
  energy: number | null;
  cod: number | null;
  nh3n: number | null;
  so2: number | null;
  nox: number | null;
  safetyAccidents: number;
  envViolations: number;
}

export interface MujunBureaus {
  tax: MujunTaxRow[];
  statistics: MujunStatisticsRow[];
  power: MujunPowerRow[];
  environment: MujunEnvironmentRow[];
}

export interface MujunDemo {
  seed: number;
  year: number;
  note: string;
  roster: MujunRosterRow[];
  parcels: MujunParcelRow[];
  bureaus: MujunBureaus;
}

export interface SyntheticMujunOptions {
  seed?: number;
  /** default 3000 */
  enterprises?: number;
  year: number;
  towns: { code: string; name: string }[];
}

/** The five platforms, named as in assess/demo.ts PLATFORMS (copied: that module does I/O). */
export const MUJUN_PLATFORMS = [
  '柯桥经济技术开发区',
  '杭绍临空经济一体化发展示范区绍兴片区',
  '兰亭文化旅游度假区',
  '鉴湖旅游度假区',
  '中国轻纺城',
] as const;

type Kind = 'weaving' | 'dyeing' | 'apparel' | 'chemical' | 'fibre' | 'machinery';

/** Industry classes with their share of firms and kind. */
const INDUSTRIES: { code: string; weight: number; kind: Kind; words: string[] }[] = [
  { code: '1751', weight: 16, kind: 'weaving', words: ['纺织', '织造', '化纤织造'] },
  { code: '1712', weight: 7, kind: 'weaving', words: ['纺织', '织造'] },
  { code: '1711', weight: 3, kind: 'weaving', words: ['纺纱', '纺织'] },
  { code: '1761', weight: 5, kind: 'weaving', words: ['针纺', '经编'] },
  { code: '1773', weight: 3, kind: 'weaving', words: ['家纺', '布艺'] },
  { code: '1781', weight: 2, kind: 'weaving', words: ['非织造布', '新材料'] },
  { code: '1713', weight: 14, kind: 'dyeing', words: ['印染', '染整'] },
  { code: '1752', weight: 7, kind: 'dyeing', words: ['印染', '染整'] },
  { code: '1762', weight: 3, kind: 'dyeing', words: ['印染', '针织印染'] },
  { code: '1810', weight: 7, kind: 'apparel', words: ['服饰', '服装'] },
  { code: '1820', weight: 4, kind: 'apparel', words: ['针织服饰', '服装'] },
  { code: '1830', weight: 2, kind: 'apparel', words: ['服饰'] },
  { code: '2645', weight: 3, kind: 'chemical', words: ['染料化工', '化工'] },
  { code: '2662', weight: 3, kind: 'chemical', words: ['助剂', '化工'] },
  { code: '2641', weight: 1, kind: 'chemical', words: ['涂料', '化工'] },
  { code: '2822', weight: 6, kind: 'fibre', words: ['化纤', '化学纤维'] },
  { code: '2821', weight: 1, kind: 'fibre', words: ['化纤', '锦纶'] },
  { code: '2826', weight: 1, kind: 'fibre', words: ['化纤', '氨纶'] },
  { code: '3551', weight: 4, kind: 'machinery', words: ['纺织机械', '机械'] },
  { code: '3484', weight: 2, kind: 'machinery', words: ['机械', '精密机械'] },
  { code: '3443', weight: 1, kind: 'machinery', words: ['阀门', '机械'] },
  { code: '3812', weight: 2, kind: 'machinery', words: ['电机', '电器'] },
  { code: '3831', weight: 1, kind: 'machinery', words: ['电缆', '电器'] },
];

/**
 * Medians per kind for 规上 firms: 亩均税收 (万元/亩), 增加值/税收, 增加值/能耗 (万元/tce),
 * 增加值/排放 (万元/t), 劳动生产率 (万元/人), R&D/营收, 电力占综合能耗的份额, and the pollutant mix
 * (COD, NH3-N, SO2, NOx shares of the total).
 */
const PROFILE: Record<
  Kind,
  { tax: number; va: number; energy: number; emission: number; labour: number; rd: number; elec: number; mix: number[] }
> = {
  weaving: { tax: 21, va: 5.8, energy: 3.0, emission: 9000, labour: 15, rd: 0.028, elec: 0.9, mix: [0.7, 0.07, 0.05, 0.18] },
  dyeing: { tax: 27, va: 5.2, energy: 1.1, emission: 1500, labour: 21, rd: 0.026, elec: 0.3, mix: [0.55, 0.05, 0.15, 0.25] },
  apparel: { tax: 19, va: 5.4, energy: 6, emission: 20000, labour: 9, rd: 0.018, elec: 0.95, mix: [0.75, 0.08, 0.02, 0.15] },
  chemical: { tax: 34, va: 5.6, energy: 1.9, emission: 2500, labour: 30, rd: 0.036, elec: 0.45, mix: [0.4, 0.05, 0.25, 0.3] },
  fibre: { tax: 28, va: 5.9, energy: 1.4, emission: 3200, labour: 32, rd: 0.03, elec: 0.6, mix: [0.2, 0.02, 0.3, 0.48] },
  machinery: { tax: 26, va: 6.2, energy: 6, emission: 25000, labour: 18, rd: 0.042, elec: 0.95, mix: [0.7, 0.07, 0.03, 0.2] },
};

/** Relative share of firms per town (industrial plains heavy, the hill towns light); other names 3. */
const TOWN_WEIGHT: Record<string, number> = {
  马鞍街道: 10,
  齐贤街道: 9,
  钱清街道: 9,
  杨汛桥街道: 8,
  华舍街道: 8,
  安昌街道: 7,
  湖塘街道: 6,
  福全街道: 6,
  柯岩街道: 5,
  柯桥街道: 4,
  兰亭街道: 4,
  平水镇: 4,
  夏履镇: 4,
  漓渚镇: 3,
  王坛镇: 1.5,
  稽东镇: 1,
};

/** The platform most firms of a town belong to (index into MUJUN_PLATFORMS). */
const TOWN_PLATFORM: Record<string, number> = {
  马鞍街道: 0,
  齐贤街道: 0,
  安昌街道: 0,
  钱清街道: 1,
  杨汛桥街道: 1,
  夏履镇: 1,
  兰亭街道: 2,
  漓渚镇: 2,
  平水镇: 2,
  王坛镇: 2,
  稽东镇: 2,
  柯岩街道: 3,
  福全街道: 3,
  柯桥街道: 4,
  华舍街道: 4,
  湖塘街道: 4,
};

/** Printing and dyeing was concentrated in the 滨海印染产业集聚区 (马鞍街道) from 2017. */
const DYEING_TOWN = '马鞍街道';

const NAME_FIRST = '永华恒天金鑫盛宏达隆兴泰嘉润富佳瑞丰鼎汇诚信益新联荣凯越远海长东美明中祥和顺通德森立创'.split('');
const NAME_SECOND = '通鑫盛达隆源泰丰润宇昌顺利发辉洋祥豪邦诚禾宸晟越成锦绣纺彩艺雅华新美力康峰茂欣'.split('');
const NAME_PREFIX = ['绍兴柯桥', '绍兴柯桥', '绍兴', '浙江'];
/** 组织机构代码 body characters: the credit-code set without the check-only use of X */
const ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWY';
const KEQIAO_REGION = '330603';

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Generates the demo; throws on an empty town list or a non-positive enterprise count. */
export function syntheticMujun(options: SyntheticMujunOptions): MujunDemo {
  const n = options.enterprises ?? 3000;
  if (!Number.isInteger(n) || n < 1) throw new Error(`enterprises must be a positive integer, got ${n}`);
  if (options.towns.length === 0) throw new Error('at least one town is needed');
  const seed = (options.seed ?? fnv1a(`mujun-demo:${options.year}`)) >>> 0;
  const rnd = mulberry32(seed);
  const year = options.year;
  const normal = () => {
    const u = 1 - rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * normal());
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const weighted = <T>(items: readonly T[], weight: (t: T) => number): T => {
    let total = 0;
    for (const t of items) total += weight(t);
    let r = rnd() * total;
    for (const t of items) if ((r -= weight(t)) < 0) return t;
    return items[items.length - 1];
  };

  const towns = options.towns;
  const dyeingTown = towns.find((t) => t.name === DYEING_TOWN);
  const codes = new Set<string>();
  const names = new Set<string>();
  const creditCode = (): string => {
    for (;;) {
      const body =
        rnd() < 0.55
          ? 'MA2' + Array.from({ length: 5 }, () => pick([...ORG_CHARS])).join('')
          : pick(['14', '56', '70', '72', '73', '74', '76']) + Array.from({ length: 6 }, () => String(Math.floor(rnd() * 10))).join('');
      const first17 = `91${KEQIAO_REGION}${body}${organisationCodeCheckChar(body)}`;
      const code = first17 + creditCodeCheckChar(first17);
      if (!codes.has(code)) {
        codes.add(code);
        return code;
      }
    }
  };
  const firmName = (words: string[]): string => {
    for (let attempt = 0; ; attempt++) {
      const brand = pick(NAME_FIRST) + pick(NAME_SECOND) + (attempt >= 8 ? pick(NAME_SECOND) : '');
      const name = `${pick(NAME_PREFIX)}${brand}${pick(words)}${attempt >= 40 ? attempt : ''}有限公司`;
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
  };

  interface Firm {
    row: MujunRosterRow;
    kind: Kind;
    landMu: number;
    mode: 'own' | 'several' | 'lease';
  }
  const firms: Firm[] = [];
  for (let i = 0; i < n; i++) {
    const industry = weighted(INDUSTRIES, (x) => x.weight);
    const town = industry.kind === 'dyeing' && dyeingTown && rnd() < 0.7 ? dyeingTown : weighted(towns, (t) => TOWN_WEIGHT[t.name] ?? 3);
    // dyeing, fibre and chemical firms are mostly 规上; apparel and weaving workshops mostly 规下
    const aboveShare = { dyeing: 0.55, fibre: 0.6, chemical: 0.45, machinery: 0.3, weaving: 0.2, apparel: 0.15 }[industry.kind];
    const scale: MujunScale = rnd() < aboveShare ? 'above' : 'below';
    const home = TOWN_PLATFORM[town.name] ?? fnv1a(town.code) % MUJUN_PLATFORMS.length;
    const platform = MUJUN_PLATFORMS[rnd() < 0.88 ? home : Math.floor(rnd() * MUJUN_PLATFORMS.length)];
    const landMu =
      scale === 'above'
        ? round(clamp(logNormal(industry.kind === 'dyeing' || industry.kind === 'fibre' ? 75 : 50, 0.7), 20, 300), 2)
        : round(clamp(logNormal(6.5, 0.65), 2, 30), 2);
    const r = rnd();
    const mode: Firm['mode'] = scale === 'below' ? (r < 0.14 ? 'lease' : 'own') : r < 0.025 ? 'lease' : r < 0.075 ? 'several' : 'own';
    firms.push({
      row: {
        creditCode: creditCode(),
        name: firmName(industry.words),
        townCode: town.code,
        townName: town.name,
        industry: industry.code,
        scale,
        platform,
        status: rnd() < 0.015 ? 'closed' : 'operating',
      },
      kind: industry.kind,
      landMu,
      mode,
    });
  }

  // parcels: numbered per town in order of creation
  const parcels: MujunParcelRow[] = [];
  const perTown = new Map<string, number>();
  const parcelCode = (townCode: string) => {
    const k = (perTown.get(townCode) ?? 0) + 1;
    perTown.set(townCode, k);
    return `KQ${year}-${townCode.slice(6, 9)}-${String(k).padStart(5, '0')}`;
  };
  const primary = new Map<Firm, MujunParcelRow>();
  for (const f of firms) {
    if (f.mode === 'lease') continue;
    const pieces = f.mode === 'several' ? 2 + Math.floor(rnd() * 2) : 1;
    let left = f.landMu;
    for (let k = 0; k < pieces; k++) {
      const area = k === pieces - 1 ? round(left, 2) : round(left * (0.45 + 0.3 * rnd()), 2);
      left -= area;
      const p: MujunParcelRow = {
        parcelCode: parcelCode(f.row.townCode),
        townCode: f.row.townCode,
        areaMu: area,
        ownerCode: f.row.creditCode,
        tenants: [],
      };
      parcels.push(p);
      if (k === 0) primary.set(f, p);
    }
  }
  // leases: a tenant rents part of an operating 规上 firm's main parcel in its town; the parcel grows by the lease
  const landlords = new Map<string, Firm[]>();
  for (const f of firms)
    if (f.row.scale === 'above' && f.row.status === 'operating' && primary.has(f))
      landlords.set(f.row.townCode, [...(landlords.get(f.row.townCode) ?? []), f]);
  const anyLandlords = [...landlords.values()].flat();
  const lessees = firms.filter((f) => f.mode === 'lease');
  let split = false;
  lessees.forEach((f, i) => {
    const local = landlords.get(f.row.townCode) ?? [];
    // the last lessee makes sure one parcel is split between two tenants
    const single = (p: MujunParcelRow) => p.tenants.length === 1;
    const forced =
      i === lessees.length - 1 && !split
        ? (parcels.find((p) => single(p) && p.townCode === f.row.townCode) ?? parcels.find(single))
        : undefined;
    let parcel = forced;
    if (!parcel) {
      const pool = local.length ? local : anyLandlords;
      if (pool.length === 0) {
        // no landlord anywhere (a tiny demo): the firm owns its land after all
        parcels.push({
          parcelCode: parcelCode(f.row.townCode),
          townCode: f.row.townCode,
          areaMu: f.landMu,
          ownerCode: f.row.creditCode,
          tenants: [],
        });
        return;
      }
      parcel = primary.get(pick(pool))!;
    }
    parcel.tenants.push({ code: f.row.creditCode, areaMu: f.landMu });
    parcel.areaMu = round(parcel.areaMu + f.landMu, 2);
    if (parcel.tenants.length >= 2) split = true;
  });
  // ~1 % of parcels: land without an enterprise (idle or collective land the file names no holder for)
  const idle = Math.max(1, Math.round(parcels.length / 99));
  for (let k = 0; k < idle; k++) {
    const town = weighted(towns, (t) => TOWN_WEIGHT[t.name] ?? 3);
    parcels.push({
      parcelCode: parcelCode(town.code),
      townCode: town.code,
      areaMu: round(clamp(logNormal(12, 0.8), 1, 120), 2),
      ownerCode: null,
      tenants: [],
    });
  }

  // the bureaus' figures for operating firms
  const bureaus: MujunBureaus = { tax: [], statistics: [], power: [], environment: [] };
  for (const f of firms) {
    if (f.row.status !== 'operating') continue;
    const { creditCode: code, name } = f.row;
    const base = { creditCode: code, name, year };
    const p = PROFILE[f.kind];
    // a firm-level efficiency factor shared by its indicators, plus each indicator's own noise
    const q = Math.exp(0.3 * normal());
    const vetoRisk = f.kind === 'dyeing' || f.kind === 'chemical' ? 0.016 : 0.006;
    const safetyAccidents = rnd() < vetoRisk * 0.4 ? 1 : 0;
    const envViolations = rnd() < vetoRisk * 0.7 ? (rnd() < 0.15 ? 2 : 1) : 0;
    if (f.row.scale === 'above') {
      const tax = f.landMu * p.tax * q * Math.exp(0.35 * normal());
      const va = tax * p.va * Math.exp(0.2 * normal());
      const revenue = Math.max(2050 + 500 * rnd(), va / clamp(0.22 * Math.exp(0.2 * normal()), 0.1, 0.45));
      const employees = Math.max(20, Math.round(va / (p.labour * q * Math.exp(0.3 * normal()))));
      const rd = rnd() < 0.06 ? 0 : revenue * p.rd * Math.exp(0.45 * normal());
      const energy = va / (p.energy * q * Math.exp(0.35 * normal()));
      // 1 万千瓦时 = 1.229 吨标准煤 (当量值)
      const electricity = (energy * clamp(p.elec * Math.exp(0.15 * normal()), 0.05, 1)) / 1.229;
      const emission = va / (p.emission * q * Math.exp(0.5 * normal()));
      const missing = rnd() < 0.015;
      const noBoiler = (f.kind === 'apparel' || f.kind === 'machinery' || f.kind === 'weaving') && rnd() < 0.6;
      bureaus.tax.push({ ...base, tax: round(tax, 2) });
      bureaus.statistics.push({ ...base, valueAdded: round(va, 2), revenue: round(revenue, 2), employees, rd: round(rd, 2) });
      bureaus.power.push({ ...base, electricity: round(electricity, 2) });
      bureaus.environment.push({
        ...base,
        energy: round(energy, 2),
        ...pollutants(emission, p.mix, missing, noBoiler),
        safetyAccidents,
        envViolations,
      });
    } else {
      const tax = f.landMu * 11.6 * q * Math.exp(0.45 * normal());
      const electricity = tax / (0.235 * q * Math.exp(0.5 * normal()));
      const revenue = clamp(tax / clamp(0.05 * Math.exp(0.25 * normal()), 0.02, 0.12), 80, 1990);
      const employees = Math.max(3, Math.round(revenue / (75 * Math.exp(0.3 * normal()))));
      const energy = (electricity * 1.229) / clamp(p.elec * Math.exp(0.15 * normal()), 0.05, 1);
      const emission = energy * 0.002 * (f.kind === 'dyeing' || f.kind === 'chemical' ? 4 : 0.5) * Math.exp(0.5 * normal());
      const noBoiler = f.kind !== 'dyeing' && f.kind !== 'chemical' && rnd() < 0.7;
      bureaus.tax.push({ ...base, tax: round(tax, 2) });
      bureaus.statistics.push({ ...base, valueAdded: null, revenue: round(revenue, 2), employees, rd: null });
      bureaus.power.push({ ...base, electricity: round(electricity, 2) });
      bureaus.environment.push({
        ...base,
        energy: rnd() < 0.1 ? null : round(energy, 2),
        ...pollutants(emission, p.mix, rnd() < 0.04, noBoiler),
        safetyAccidents,
        envViolations,
      });
    }
  }
  return { seed, year, note: SYNTHETIC_NOTE, roster: firms.map((f) => f.row), parcels, bureaus };
}

/** The four pollutants of a total (t), 3 decimals; all null when unreported, SO2 null without a boiler. */
function pollutants(total: number, mix: number[], missing: boolean, noBoiler: boolean) {
  if (missing) return { cod: null, nh3n: null, so2: null, nox: null };
  const t = (share: number) => Math.max(0.001, round(total * share, 3));
  return { cod: t(mix[0]), nh3n: t(mix[1]), so2: noBoiler ? null : t(mix[2]), nox: t(mix[3]) };
}
