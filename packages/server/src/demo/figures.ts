/**
 * Published Keqiao figures with their sources (see docs/reference in the project brief). Values given
 * as "more than X" in the source are loaded as X, and the source text says so.
 */
export interface SourcedFigure {
  indicator: string;
  region: string;
  period: string;
  value: number;
  source: string;
}

const KQ = '330603000000';
const SEED = '《柯桥：全国“十强区”竞跑大赛道》（金燕翔），引述浙江省2021年共同富裕示范区考核评价结果';
const DIGIPUB = '柯桥区融媒体中心《我们的柯桥 辉煌“十四五”》';
const E0575 = '绍兴各区县2024年GDP（e0575.cn，引统计部门）';
const POP2023 = '《2023年绍兴市国民经济和社会发展统计公报》（转引）';
const PINKENG = '柯桥发布 2023-02-24';

export const KEQIAO_FIGURES: SourcedFigure[] = [
  { indicator: 'GDP', region: KQ, period: '2018', value: 1404.55, source: 'kpzsg.com 柯桥区概况（2018年）' },
  { indicator: 'GDP', region: KQ, period: '2021', value: 1747.98, source: DIGIPUB },
  { indicator: 'GDP', region: KQ, period: '2022', value: 1901.36, source: DIGIPUB },
  { indicator: 'GDP', region: KQ, period: '2023', value: 2030.29, source: DIGIPUB },
  { indicator: 'GDP', region: KQ, period: '2024', value: 2252.28, source: DIGIPUB },
  { indicator: 'GDP', region: '330681000000', period: '2024', value: 1861.08, source: E0575 },
  { indicator: 'GDP', region: '330602000000', period: '2024', value: 1413.57, source: E0575 },
  { indicator: 'GDP', region: '330604000000', period: '2024', value: 1381.37, source: E0575 },
  { indicator: 'GDP', region: '330683000000', period: '2024', value: 800.25, source: E0575 },
  { indicator: 'GDP', region: '330624000000', period: '2024', value: 660.06, source: E0575 },
  { indicator: 'POP_CENSUS', region: KQ, period: '2020', value: 1098859, source: '第七次全国人口普查' },
  { indicator: 'POP_RESIDENT', region: KQ, period: '2018', value: 98.62, source: 'kpzsg.com 柯桥区概况（2018年末）' },
  { indicator: 'POP_RESIDENT', region: KQ, period: '2023', value: 112.45, source: POP2023 },
  { indicator: 'POP_RESIDENT', region: '330681000000', period: '2023', value: 122.92, source: POP2023 },
  { indicator: 'POP_RESIDENT', region: '330602000000', period: '2023', value: 113.06, source: POP2023 },
  { indicator: 'POP_RESIDENT', region: '330604000000', period: '2023', value: 80.28, source: POP2023 },
  { indicator: 'POP_RESIDENT', region: '330683000000', period: '2023', value: 69.52, source: POP2023 },
  { indicator: 'POP_RESIDENT', region: '330624000000', period: '2023', value: 41.17, source: POP2023 },
  { indicator: 'URBANISATION', region: KQ, period: '2023', value: 83.7, source: POP2023 },
  { indicator: 'URBANISATION', region: '330681000000', period: '2023', value: 65.3, source: POP2023 },
  { indicator: 'URBANISATION', region: '330602000000', period: '2023', value: 84.3, source: POP2023 },
  { indicator: 'URBANISATION', region: '330604000000', period: '2023', value: 69.8, source: POP2023 },
  { indicator: 'URBANISATION', region: '330683000000', period: '2023', value: 60.1, source: POP2023 },
  { indicator: 'URBANISATION', region: '330624000000', period: '2023', value: 65.1, source: POP2023 },
  { indicator: 'INCOME_PC', region: KQ, period: '2021', value: 70000, source: `${SEED}：“首次突破7万元”（下限）` },
  { indicator: 'INCOME_RATIO', region: KQ, period: '2021', value: 1.648, source: SEED },
  { indicator: 'INCOME_RURAL', region: KQ, period: '2006', value: 10438, source: PINKENG },
  { indicator: 'INCOME_RURAL', region: KQ, period: '2012', value: 21813, source: PINKENG },
  { indicator: 'INCOME_RURAL', region: KQ, period: '2016', value: 31490, source: PINKENG },
  { indicator: 'INCOME_RURAL', region: KQ, period: '2019', value: 40655, source: PINKENG },
  { indicator: 'INCOME_RURAL', region: KQ, period: '2021', value: 48000, source: `${SEED}：“4.8万元”` },
  { indicator: 'INCOME_RURAL', region: KQ, period: '2022', value: 51605, source: PINKENG },
  { indicator: 'VILLAGE_INCOME', region: KQ, period: '2021', value: 20.48, source: SEED },
  { indicator: 'VILLAGE_OPERATING_INCOME', region: KQ, period: '2021', value: 10.32, source: SEED },
  { indicator: 'GOOD_AIR_RATIO', region: KQ, period: '2021', value: 90, source: SEED },
  { indicator: 'LISTED_FIRMS', region: KQ, period: '2022', value: 23, source: `${SEED}：“累计实现企业上市23家”` },
  { indicator: 'TEXTILE_TURNOVER', region: KQ, period: '2021', value: 3000, source: '“线上线下”超过3000亿元（下限），artsdrugs.com 转引' },
  { indicator: 'TEXTILE_TURNOVER', region: KQ, period: '2022', value: 3300, source: '超过3300亿元（下限），China Daily 2023-10-18' },
  { indicator: 'TEXTILE_TURNOVER', region: KQ, period: '2023', value: 3600, source: '超过3600亿元（下限），新华社 2024-04-09' },
];
