/**
 * The 大综合一体化执法 demo, SYNTHETIC and labelled so: a small item catalogue in the shape of the
 * department lists (市场监管, 生态环境, 应急管理, 消防, 综合执法 — names modelled on real items, codes
 * invented), three "一件事" scenarios, inspectors living across Keqiao's towns, risk classes for the
 * registry's enterprises, a year of inspections (mulberry32, identical on every load) and one
 * 双随机 draw. Idempotent: a loaded demo is left alone. Needs the regions and enterprises (亩均 demo).
 */
import { fnv1a, mulberry32 } from '@gongfu/engine';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import type { DemoOptions } from '../module.js';
import * as repo from './repository.js';
import { VENUE_SCENARIO, venueCatalogue } from './demo-venue.js';
import { openCase, recordInspection, runDrawFor } from './service.js';

const KEQIAO = '330603000000';
export const SYNTHETIC = '【合成数据 synthetic】';

type Item = [code: string, name: string, type: repo.ItemType, basis: string, subjects: string, risk: repo.ItemRow['riskLevel']];
const CATALOGUE: Record<string, Item[]> = {
  市场监管: [
    ['SJ-JC-001', '食品经营许可情况检查', 'inspect', '《中华人民共和国食品安全法》第三十五条', '餐饮店、食品经营者', 'high'],
    ['SJ-JC-002', '特种设备使用登记与定期检验检查', 'inspect', '《中华人民共和国特种设备安全法》第三十三条', '企业、场馆', 'high'],
    ['SJ-JC-003', '营业执照公示情况检查', 'inspect', '《市场主体登记管理条例》第三十六条', '企业', 'low'],
    ['SJ-JC-004', '计量器具检定情况检查', 'inspect', '《中华人民共和国计量法》第九条', '企业', 'medium'],
    ['SJ-CF-001', '对未取得食品经营许可从事食品经营的处罚', 'penalty', '《中华人民共和国食品安全法》第一百二十二条', '食品经营者', 'high'],
    ['SJ-QZ-001', '查封、扣押不符合食品安全标准的食品', 'coercion', '《中华人民共和国食品安全法》第一百一十条', '食品经营者', 'high'],
  ],
  生态环境: [
    ['HB-JC-001', '排污许可证执行情况检查', 'inspect', '《排污许可管理条例》第二十六条', '企业', 'high'],
    ['HB-JC-002', '危险废物贮存与转移联单检查', 'inspect', '《中华人民共和国固体废物污染环境防治法》第八十一条', '企业', 'high'],
    ['HB-JC-003', '污染防治设施运行情况检查', 'inspect', '《中华人民共和国水污染防治法》第三十九条', '企业', 'medium'],
    ['HB-CF-001', '对超标排放水污染物的处罚', 'penalty', '《中华人民共和国水污染防治法》第八十三条', '企业', 'high'],
    ['HB-QZ-001', '查封、扣押造成污染物排放的设施设备', 'coercion', '《中华人民共和国环境保护法》第二十五条', '企业', 'high'],
  ],
  应急管理: [
    ['YJ-JC-001', '安全生产责任制落实情况检查', 'inspect', '《中华人民共和国安全生产法》第二十二条', '企业', 'medium'],
    ['YJ-JC-002', '安全出口、疏散通道检查', 'inspect', '《中华人民共和国安全生产法》第四十二条', '企业、场馆', 'high'],
    ['YJ-JC-003', '危险化学品储存情况检查', 'inspect', '《危险化学品安全管理条例》第二十四条', '企业', 'high'],
    ['YJ-CF-001', '对未按规定进行安全生产教育培训的处罚', 'penalty', '《中华人民共和国安全生产法》第九十七条', '企业', 'medium'],
  ],
  消防: [
    ['XF-JC-001', '安全出口 疏散通道检查', 'inspect', '《中华人民共和国消防法》第十六条', '场馆、企业、餐饮店', 'high'],
    ['XF-JC-002', '消防设施、器材完好有效检查', 'inspect', '《中华人民共和国消防法》第十六条', '场馆、企业', 'high'],
    ['XF-JC-003', '消防控制室值班情况检查', 'inspect', '《消防监督检查规定》第十条', '场馆', 'medium'],
    ['XF-CF-001', '对占用、堵塞、封闭疏散通道的处罚', 'penalty', '《中华人民共和国消防法》第六十条', '场馆、企业', 'high'],
  ],
  综合执法: [
    ['ZF-JC-001', '户外广告设施设置检查', 'inspect', '《浙江省城市市容和环境卫生管理条例》第十三条', '沿街商户', 'low'],
    ['ZF-JC-002', '餐饮油烟净化设施检查', 'inspect', '《中华人民共和国大气污染防治法》第八十一条', '餐饮店', 'medium'],
    ['ZF-JC-003', '建筑工地扬尘防治检查', 'inspect', '《中华人民共和国大气污染防治法》第六十九条', '建筑工地', 'medium'],
    ['ZF-CF-001', '对擅自设置户外广告的处罚', 'penalty', '《浙江省城市市容和环境卫生管理条例》第四十二条', '沿街商户', 'low'],
    ['ZF-CF-002', '对违法建设的处罚', 'penalty', '《中华人民共和国城乡规划法》第六十四条', '企业、个人', 'medium'],
  ],
};

const SCENARIOS: { code: string; name: string; objectKind: string; lead: string; items: string[] }[] = [
  {
    code: 'VENUE',
    name: '场馆安全一件事',
    objectKind: '场馆',
    lead: '消防',
    items: ['XF-JC-001', 'XF-JC-002', 'XF-JC-003', 'YJ-JC-002', 'SJ-JC-002', 'SJ-JC-001'],
  },
  {
    code: 'RESTAURANT',
    name: '餐饮店一件事',
    objectKind: '餐饮店',
    lead: '市场监管',
    items: ['SJ-JC-001', 'ZF-JC-002', 'XF-JC-001', 'ZF-JC-001'],
  },
  {
    code: 'PRINT_DYE',
    name: '印染企业一件事',
    objectKind: '企业',
    lead: '生态环境',
    items: ['HB-JC-001', 'HB-JC-002', 'HB-JC-003', 'YJ-JC-001', 'YJ-JC-003', 'SJ-JC-002'],
  },
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚';

export async function loadEnforceDemo(db: Db, options: DemoOptions = {}): Promise<string[]> {
  const actor = options.actor ?? systemActor('demo');
  const towns = await repo.townsUnscoped(db, KEQIAO);
  if (towns.length === 0) return [];
  if (await repo.demoLoadedUnscoped(db)) return ['大综合一体化执法 / integrated enforcement: already loaded'];
  const rand = mulberry32(fnv1a('enforce-demo'));
  options.onStep?.('事项清单');
  await db.transaction(async (t) => {
    const tx = t as Db;
    for (const [department, items] of Object.entries(CATALOGUE))
      await repo.upsertItems(
        tx,
        items.map(([code, name, itemType, legalBasis, subjectTypes, riskLevel]) => ({
          code,
          name: `${name}${SYNTHETIC}`,
          department,
          itemType,
          legalBasis,
          subjectTypes,
          riskLevel,
          transferred: department === '综合执法' || itemType === 'penalty',
        })),
        actor.id,
        true,
      );
    // 亚运场馆一件事: 11 regulatory departments' 37 items and 7 enforcement departments' 37 items
    const venue = venueCatalogue();
    const venueItems = [...venue.regulatory, ...venue.enforcement];
    await repo.upsertItems(
      tx,
      venueItems.map((i) => ({ ...i, name: `${i.name}${SYNTHETIC}` })),
      actor.id,
      true,
    );
    await repo.saveScenario(
      tx,
      {
        code: VENUE_SCENARIO.code,
        name: `${VENUE_SCENARIO.name}${SYNTHETIC}`,
        objectKind: VENUE_SCENARIO.objectKind,
        leadDepartment: VENUE_SCENARIO.lead,
        itemCodes: venueItems.map((i) => i.code),
      },
      actor.id,
      true,
    );
    for (const s of SCENARIOS)
      await repo.saveScenario(
        tx,
        { code: s.code, name: `${s.name}${SYNTHETIC}`, objectKind: s.objectKind, leadDepartment: s.lead, itemCodes: s.items },
        actor.id,
        true,
      );
    let n = 0;
    for (const department of Object.keys(CATALOGUE))
      for (let k = 0; k < 6; k++) {
        const town = towns[Math.floor(rand() * towns.length)]!;
        const name = `${SURNAMES[Math.floor(rand() * SURNAMES.length)]}${GIVEN[Math.floor(rand() * GIVEN.length)]}（合成）`;
        await repo.saveInspector(
          tx,
          { code: `INS-${String(++n).padStart(3, '0')}`, name, department, townCode: town.code, active: true },
          true,
        );
      }
    await repo.assignRiskClassesUnscoped(tx, (code) => {
      const u = (fnv1a(`risk:${code}`) % 100) / 100;
      return u < 0.15 ? 'high' : u < 0.7 ? 'medium' : 'low';
    });
  });

  options.onStep?.('检查记录');
  const today = options.today ?? new Date();
  const objects = (await repo.listObjects(db, actor, {}, { limit: 60, offset: 0 })).slice(0, 60);
  const inspectionIds: number[] = [];
  const departments = Object.keys(CATALOGUE);
  for (const o of objects) {
    const visits = 1 + Math.floor(rand() * 3);
    for (let v = 0; v < visits; v++) {
      const department = departments[Math.floor(rand() * departments.length)]!;
      const daysBack = 1 + Math.floor(rand() * 360);
      const inspectedOn = new Date(today.getTime() - daysBack * 86_400_000).toISOString().slice(0, 10);
      const items = CATALOGUE[department]!.filter((i) => i[2] === 'inspect').map((i) => i[0]);
      const fail = rand() < 0.1;
      const x = await recordInspection(db, actor, {
        subjectId: o.id,
        inspectedOn,
        departments: [department],
        itemCodes: items,
        joint: false,
        drawId: null,
        inspectorCodes: [],
        findings: items.map((item, k) => ({ item, result: fail && k === 0 ? 'fail' : 'pass', note: SYNTHETIC })),
      });
      inspectionIds.push(x.id);
    }
  }

  // one 综合查一次 joint visit on the 印染企业一件事 checklist, and a case from its failed item
  const joint = objects[0];
  let cases = 0;
  if (joint) {
    const scenario = SCENARIOS.find((x) => x.code === 'PRINT_DYE')!;
    const x = await recordInspection(db, actor, {
      subjectId: joint.id,
      inspectedOn: new Date(today.getTime() - 7 * 86_400_000).toISOString().slice(0, 10),
      departments: ['生态环境', '应急管理', '市场监管'],
      itemCodes: scenario.items,
      joint: true,
      drawId: null,
      inspectorCodes: [],
      findings: scenario.items.map((item) => ({ item, result: item === 'HB-JC-002' ? 'fail' : 'pass', note: SYNTHETIC })),
    });
    inspectionIds.push(x.id);
    const c = await openCase(db, actor, {
      subjectId: joint.id,
      itemCode: 'HB-JC-002',
      inspectionId: x.id,
      summary: `危险废物转移联单缺失${SYNTHETIC}`,
    });
    await repo.markCaseSyntheticUnscoped(db, c.id);
    cases++;
  }

  options.onStep?.('双随机抽取');
  const draw = await runDrawFor(db, actor, {
    name: `${today.getUTCFullYear()} 年度市场监管、生态环境联合双随机抽查${SYNTHETIC}`,
    regionCode: KEQIAO,
    nonce: `synthetic-${today.toISOString().slice(0, 10)}`,
    ratios: { high: 0.3, medium: 0.1, low: 0.03 },
    perObject: 2,
    departments: ['市场监管', '生态环境'],
  });
  await repo.markSyntheticUnscoped(db, [draw.id], inspectionIds);
  const venue = venueCatalogue();
  const items = Object.values(CATALOGUE).reduce((n, l) => n + l.length, 0) + venue.regulatory.length + venue.enforcement.length;
  return [
    `大综合一体化执法 / integrated enforcement: ${items} synthetic items (亚运场馆一件事: ${venue.regulatory.length} + ${venue.enforcement.length}), ` +
      `${SCENARIOS.length + 1} scenarios, ` +
      `${departments.length * 6} inspectors, ${inspectionIds.length} inspections (1 joint), ${cases} case, draw #${draw.id} (${draw.assignments.length} objects, seed ${draw.seed}) (synthetic)`,
  ];
}
