import { describe, expect, it } from 'vitest';
import {
  annualGrowth,
  assignPairs,
  groupPerCapita,
  identifyWeak,
  idNumberValid,
  maskIdNumber,
  maskName,
  maskPhone,
  pairingEffect,
  rankWithin,
  riskFlags,
  scenarioScore,
  trackIncome,
  villageYears,
  RuralError,
  DEFAULT_WEAK_RULES,
  type LedgerLine,
} from '@gongfu/engine/rural';

const lines: LedgerLine[] = [
  // V1 2021: rent 300k + service 100k + subsidy 700k → total 1.1M, operating 400k (weak: operating < 500k)
  { village: 'V1', year: 2021, item: 'rent', amount: 300_000 },
  { village: 'V1', year: 2021, item: 'service', amount: 100_000 },
  { village: 'V1', year: 2021, item: 'subsidy', amount: 700_000 },
  { village: 'V1', year: 2021, item: 'assets', amount: 9_000_000 },
  // V1 2020: operating 200k, total 300k → weak by both rules
  { village: 'V1', year: 2020, item: 'rent', amount: 200_000 },
  { village: 'V1', year: 2020, item: 'subsidy', amount: 100_000 },
  // V2 2021: investment 600k + property 500k → operating 1.1M, not weak; 2020: weak (total 800k)
  { village: 'V2', year: 2021, item: 'investment', amount: 600_000 },
  { village: 'V2', year: 2021, item: 'property', amount: 500_000 },
  { village: 'V2', year: 2020, item: 'property', amount: 800_000 },
  // V3 2021: subsidy only 2M → total 2M, operating 0 → weak by operating only
  { village: 'V3', year: 2021, item: 'subsidy', amount: 2_000_000 },
];

describe('村级集体经济 from ledger lines', () => {
  it('operating income excludes subsidies; total includes them; assets are not income', () => {
    const ys = villageYears(lines);
    const v1 = ys.find((v) => v.village === 'V1' && v.year === 2021)!;
    expect(v1.total).toBe(1_100_000);
    expect(v1.operating).toBe(400_000);
    expect(v1.subsidy).toBe(700_000);
    expect(v1.assets).toBe(9_000_000);
    expect(ys.find((v) => v.village === 'V3')!.operating).toBe(0);
    expect(ys.map((v) => `${v.village}${v.year}`)).toEqual(['V12020', 'V12021', 'V22020', 'V22021', 'V32021']);
  });
  it('rejects an unknown item', () => {
    expect(() => villageYears([{ village: 'X', year: 2021, item: 'gift', amount: 1 }])).toThrow(RuralError);
  });
  it('growth: CAGR 10 % over two years from 100 to 121', () => {
    expect(annualGrowth(100, 121, 2)).toBeCloseTo(0.1, 12);
    expect(annualGrowth(0, 121, 2)).toBeNull();
  });
  it('ranks within town and overall (competition ranking)', () => {
    const r = rankWithin([
      { id: 'a', group: 'T1', value: 5 },
      { id: 'b', group: 'T1', value: 9 },
      { id: 'c', group: 'T2', value: 9 },
      { id: 'd', group: 'T2', value: 1 },
    ]);
    expect(r.get('b')).toEqual({ inGroup: 1, overall: 1 });
    expect(r.get('c')).toEqual({ inGroup: 1, overall: 1 });
    expect(r.get('a')).toEqual({ inGroup: 2, overall: 3 });
    expect(r.get('d')).toEqual({ inGroup: 2, overall: 4 });
  });
});

describe('经济薄弱村 by rules as data', () => {
  const ys = villageYears(lines);
  it('lists weak villages with reasons and change year on year', () => {
    const r = identifyWeak(ys, 2021, DEFAULT_WEAK_RULES);
    expect(r.weak).toEqual([
      {
        village: 'V1',
        change: 'continued',
        reasons: [{ rule: 'operating_below_50w', metric: 'operating', value: 400_000, below: 500_000 }],
      },
      { village: 'V3', change: 'new', reasons: [{ rule: 'operating_below_50w', metric: 'operating', value: 0, below: 500_000 }] },
    ]);
    expect(r.exited).toEqual(['V2']);
    const y2020 = identifyWeak(ys, 2020, DEFAULT_WEAK_RULES);
    expect(y2020.weak.find((w) => w.village === 'V1')!.reasons.map((x) => x.rule)).toEqual(['operating_below_50w', 'total_below_100w']);
    expect(y2020.weak.find((w) => w.village === 'V2')!.reasons.map((x) => x.rule)).toEqual(['total_below_100w']);
  });
  it('other lines give other lists', () => {
    const r = identifyWeak(ys, 2021, [{ id: 'total_below_150w', metric: 'total', below: 1_500_000 }]);
    expect(r.weak.map((w) => w.village)).toEqual(['V1', 'V2']);
  });
  it('rejects bad rules', () => {
    expect(() => identifyWeak(ys, 2021, [])).toThrow(RuralError);
    expect(() => identifyWeak(ys, 2021, [{ id: 'x', metric: 'total', below: -1 }])).toThrow(RuralError);
  });
});

describe('结对帮扶', () => {
  it('assigns the weakest first to the partner with most capacity left', () => {
    const r = assignPairs(
      [
        { village: 'A', operating: 300 },
        { village: 'B', operating: 100 },
        { village: 'C', operating: 200 },
        { village: 'D', operating: 400 },
      ],
      [
        { id: 'P1', capacity: 1 },
        { id: 'P2', capacity: 2 },
      ],
      [{ village: 'D', partner: 'P1' }],
    );
    // P1 has 0 left (D); B→P2, C→P2, A unassigned
    expect(r.assigned).toEqual([
      { village: 'B', partner: 'P2' },
      { village: 'C', partner: 'P2' },
    ]);
    expect(r.unassigned).toEqual(['A']);
  });
  it('effect: uplift against the year before the start', () => {
    const e = pairingEffect(
      2020,
      new Map([
        [2019, 400],
        [2020, 440],
        [2021, 484],
      ]),
    );
    expect(e.base).toBe(400);
    expect(e.years.map((y) => y.uplift)).toEqual([0.1, 0.21]);
    expect(e.annualGrowth).toBeCloseTo(0.1, 12);
  });
});

describe('低收入农户 income', () => {
  const h = [
    { year: 2020, members: 3, incomes: { wage: 30_000, business: 6_000, property: 0, transfer: 9_000 } }, // 45,000 / 3 = 15,000
    { year: 2021, members: 3, incomes: { wage: 33_000, business: 6_600, property: 300, transfer: 9_600 } }, // 49,500 / 3 = 16,500
  ];
  it('per-capita disposable income, growth against the 10 % target', () => {
    const t = trackIncome(h, 2021, 0.1)!;
    expect(t.perCapita).toBe(16_500);
    expect(t.previous).toBe(15_000);
    expect(t.growth).toBeCloseTo(0.1, 12);
    expect(t.meetsTarget).toBe(true);
    expect(trackIncome(h, 2020, 0.1)!.growth).toBeNull();
  });
  it('population-weighted group income and risk flags', () => {
    expect(groupPerCapita([{ members: 1, incomes: { wage: 10_000, business: 0, property: 0, transfer: 0 } }, h[0]!])).toBe(13_750);
    const drop = { year: 2021, perCapita: 9_000, previous: 12_000, growth: -0.25, meetsTarget: false };
    expect(riskFlags(drop, ['illness', 'unknown'], { dropShare: 0.1, line: 10_000 })).toEqual(['income_drop', 'below_line', 'illness']);
  });
});

describe('masking', () => {
  it('masks names, ID numbers and phones', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳小锋')).toBe('欧**锋');
    expect(maskIdNumber('330603199001011234')).toBe('330603********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('123')).toBe('***');
  });
  it('checks the 身份证号 check digit', () => {
    expect(idNumberValid('11010519491231002X')).toBe(true);
    expect(idNumberValid('110105194912310021')).toBe(false);
  });
});

describe('未来乡村 scenario score', () => {
  it('weighted mean over the scored scenarios', () => {
    expect(scenarioScore({ prosperity: 80, culture: 60 })).toBe(70);
    expect(scenarioScore({ prosperity: 80, culture: 60 }, { prosperity: 3, culture: 1 })).toBe(75);
    expect(scenarioScore({})).toBeNull();
    expect(() => scenarioScore({ health: 120 })).toThrow(RuralError);
  });
});
