/**
 * The 乡村共富 demo, all SYNTHETIC and labelled so (every row's `synthetic`, sources, names):
 * - ledgers 2019–2021 for every 村社 of Keqiao in the region table, seeded (mulberry32) so the
 *   district's 2021 总收入 is exactly 20.48亿元 and 经营性收入 exactly 10.32亿元 — the published
 *   figures of the seed article (《柯桥：奋力打造共同富裕示范区县域样板》: "2021年,柯桥全区村级集体经济
 *   年收入达20.48亿元、村级集体经济经营性收入10.32亿元,两项指标年均增长达10%以上"); the split per village,
 *   the items and the earlier years (10–16 % a year for every village) are invented;
 * - the weak-village lists of 2020 and 2021 by the default rules, five pairings of the weakest;
 * - 300 low-income households with invented names, ID numbers (valid check digit) and phones,
 *   incomes 2020–2021 (≈ +11 %, some falling), stored encrypted like real ones;
 * - the indicators of 2021.
 * Idempotent: when the first village already has a 2021 ledger, nothing is loaded.
 */
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import type { DemoOptions } from '../module.js';
import { idCheckDigit, mulberry32, OPERATING_ITEMS, type LedgerItem } from './engine.js';
import { ledgerLinesOf, regionOf, villagesUnder, type LedgerInput } from './repository.js';
import {
  computeWeak,
  createHouseholds,
  createPairing,
  saveLedger,
  SYNTHETIC_SOURCE,
  weakList,
  writeIndicators,
  type HouseholdInput,
} from './service.js';

const KEQIAO = '330603000000';
export const SEED_2021 = { total: 2_048_000_000, operating: 1_032_000_000 };
export const SEED_SOURCE = '《柯桥：奋力打造共同富裕示范区县域样板》（2022）：2021年全区村级集体经济年收入20.48亿元、经营性收入10.32亿元';

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Integer yuan split of `total` by weights; the rounding residual goes to the largest share. */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.round((total * w) / sum));
  const residual = total - out.reduce((a, b) => a + b, 0);
  let k = 0;
  for (let i = 1; i < out.length; i++) if (out[i]! > out[k]!) k = i;
  out[k]! += residual;
  return out;
}

export function syntheticLedgers(villages: readonly string[]): LedgerInput {
  const rand = mulberry32(20_210_341);
  const n = villages.length;
  const opW = villages.map(() => Math.exp(-0.405 + 0.9 * normal(rand)));
  const nonW = villages.map(() => 0.5 + rand());
  const op2021 = split(SEED_2021.operating, opW);
  const non2021 = split(SEED_2021.total - SEED_2021.operating, nonW);
  const out: LedgerInput = { village: [], year: [], item: [], amount: [] };
  const push = (v: string, y: number, i: LedgerItem, a: number) => {
    out.village.push(v);
    out.year.push(y);
    out.item.push(i);
    out.amount.push(a);
  };
  for (let k = 0; k < n; k++) {
    const v = villages[k]!;
    const shares = OPERATING_ITEMS.map(() => 0.2 + rand());
    // 2020→2021, 2019→2020: 10–16 % a year, so both district totals grow "年均增长达10%以上" as the seed says
    const g = [0.1 + 0.06 * rand(), 0.1 + 0.06 * rand()];
    let op = op2021[k]!;
    let non = non2021[k]!;
    for (const [j, year] of [2021, 2020, 2019].entries()) {
      if (j > 0) {
        op = Math.round(op / (1 + g[j - 1]!));
        non = Math.round(non / (1 + g[j - 1]!));
      }
      split(op, shares).forEach((a, i) => push(v, year, OPERATING_ITEMS[i]!, a));
      const subsidy = Math.round(non * 0.8);
      push(v, year, 'subsidy', subsidy);
      push(v, year, 'other', non - subsidy);
      const assets = Math.round((op + non) * (6 + 4 * rand()));
      push(v, year, 'assets', assets);
      push(v, year, 'liabilities', Math.round(assets * (0.15 + 0.3 * rand())));
    }
  }
  return out;
}

const SURNAMES = [...'王李张陈金沈孙徐周钱朱胡俞傅冯杨何吴高'];
const GIVEN = [...'建国明华芳英伟强军平秀兰桂林春海文红丽娟'];

function idNumber(rand: () => number, seq: number): string {
  const y = 1940 + Math.floor(rand() * 50);
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  const base = `330603${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  return base + idCheckDigit(base);
}

export function syntheticHouseholds(villages: readonly string[], count = 300): HouseholdInput[] {
  const rand = mulberry32(20_211_010);
  const out: HouseholdInput[] = [];
  for (let i = 0; i < count; i++) {
    const village = villages[Math.floor(rand() * villages.length)]!;
    const members = 1 + Math.floor(rand() * 4);
    const pc2020 = 11_000 + rand() * 12_000;
    const fall = rand() < 0.06;
    const growth = fall ? -0.2 + rand() * 0.1 : 0.05 + rand() * 0.12;
    const inc = (pc: number) => {
      const t = pc * members;
      const wage = Math.round(t * 0.55);
      const business = Math.round(t * 0.1);
      const property = Math.round(t * 0.03);
      return { wage, business, property, transfer: Math.round(t) - wage - business - property };
    };
    const name =
      SURNAMES[Math.floor(rand() * SURNAMES.length)]! +
      GIVEN[Math.floor(rand() * GIVEN.length)]! +
      GIVEN[Math.floor(rand() * GIVEN.length)]!;
    const flags: ('illness' | 'disability')[] = [];
    if (rand() < 0.08) flags.push('illness');
    if (rand() < 0.05) flags.push('disability');
    out.push({
      code: `DEMO-HH-${String(i + 1).padStart(4, '0')}`,
      villageCode: village,
      members,
      name,
      idNumber: idNumber(rand, i + 1),
      phone: `1390000${String(1000 + i).padStart(4, '0')}`,
      flags,
      measures: '合成演示数据（synthetic）：产业帮扶、就业帮扶',
      incomes: [
        { year: 2020, ...inc(pc2020) },
        { year: 2021, ...inc(pc2020 * (1 + growth)) },
      ],
    });
  }
  return out;
}

const PARTNERS = [
  '区农业农村局（合成示例）',
  '区财政局（合成示例）',
  '区发改局（合成示例）',
  '某纺织集团（合成示例）',
  '某物流企业（合成示例）',
];

export async function loadRuralDemo(db: Db, options: DemoOptions = {}): Promise<string[]> {
  const actor = options.actor ?? systemActor('demo');
  const county = await regionOf(db, actor, KEQIAO);
  if (!county) return [];
  const villages = await villagesUnder(db, actor, county.path);
  if (villages.length === 0) return [];
  if ((await ledgerLinesOf(db, actor, county.path, [2021])).length > 0) return ['乡村共富 / rural: synthetic ledgers already loaded'];
  options.onStep?.('村级集体经济台账');
  const ledgers = syntheticLedgers(villages.map((v) => v.code));
  await saveLedger(db, actor, ledgers, {
    fileName: '村社台账2019-2021（合成数据）',
    source: `${SYNTHETIC_SOURCE}；2021年全区合计按 ${SEED_SOURCE} 校准`,
    synthetic: true,
  });
  options.onStep?.('经济薄弱村');
  await computeWeak(db, actor, { year: 2020, region: KEQIAO });
  await computeWeak(db, actor, { year: 2021, region: KEQIAO });
  const weak = await weakList(db, actor, { year: 2020, region: KEQIAO });
  const weakest = [...weak.items].sort((a, b) => a.operating - b.operating).slice(0, PARTNERS.length);
  for (const [i, w] of weakest.entries())
    await createPairing(
      db,
      actor,
      {
        villageCode: w.code,
        partnerKind: i < 3 ? 'department' : 'enterprise',
        partnerName: PARTNERS[i]!,
        startYear: 2021,
        projects: '合成演示：闲置农房盘活、强村公司入股（synthetic）',
        amount: 500_000 + 100_000 * i,
        milestones: [
          { date: '2021-06-30', text: '项目签约（合成）', done: true },
          { date: '2021-12-31', text: '首年分红到村（合成）', done: i % 2 === 0 },
        ],
      },
      { synthetic: true },
    );
  options.onStep?.('低收入农户');
  const households = syntheticHouseholds(villages.map((v) => v.code));
  await createHouseholds(db, actor, households, { synthetic: true });
  options.onStep?.('乡村共富指标');
  await writeIndicators(db, actor, { year: 2021, region: KEQIAO });
  return [
    `乡村共富 / rural (synthetic): ${villages.length} villages × 2019–2021 ledgers (2021 district total 20.48亿 / operating 10.32亿 as published), ` +
      `${weak.items.length} weak villages in 2020, ${weakest.length} pairings, ${households.length} low-income households`,
  ];
}
