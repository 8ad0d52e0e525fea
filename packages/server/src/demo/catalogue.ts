/** The demo indicator catalogue: indicators the Keqiao figures and the synthetic town series use. */
import type { Indicator, IndicatorSet } from '../indicators/schema.js';

const year = { frequency: 'year', accumulation: 'point', subjectKind: 'region' } as const;

export const DEMO_INDICATORS: Indicator[] = [
  { ...year, code: 'GDP', nameZh: '地区生产总值', nameEn: 'Gross domestic product', unit: '亿元', direction: 'higher', decimals: 2, definition: '当年价格', sourceDepartment: '统计局' },
  { ...year, code: 'POP_RESIDENT', nameZh: '年末常住人口', nameEn: 'Resident population (year end)', unit: '万人', direction: 'higher', decimals: 2, definition: '抽样调查口径', sourceDepartment: '统计局' },
  { ...year, code: 'POP_CENSUS', nameZh: '普查常住人口', nameEn: 'Census resident population', unit: '人', direction: 'higher', decimals: 0, definition: '第七次全国人口普查（2020-11-01）', sourceDepartment: '统计局' },
  { ...year, code: 'URBANISATION', nameZh: '常住人口城镇化率', nameEn: 'Urbanisation rate (resident)', unit: '%', direction: 'higher', decimals: 1, definition: '', sourceDepartment: '统计局' },
  { ...year, code: 'INCOME_PC', nameZh: '居民人均可支配收入', nameEn: 'Per-capita disposable income', unit: '元', direction: 'higher', decimals: 0, definition: '全体居民', sourceDepartment: '统计局' },
  { ...year, code: 'INCOME_RURAL', nameZh: '农村居民人均可支配收入', nameEn: 'Rural per-capita disposable income', unit: '元', direction: 'higher', decimals: 0, definition: '', sourceDepartment: '统计局' },
  { ...year, code: 'INCOME_RATIO', nameZh: '城乡居民收入倍差', nameEn: 'Urban–rural income ratio', unit: '', direction: 'lower', decimals: 3, definition: '城镇居民人均可支配收入 ÷ 农村居民人均可支配收入', sourceDepartment: '统计局' },
  { ...year, code: 'VILLAGE_INCOME', nameZh: '村级集体经济年收入', nameEn: 'Village collective income', unit: '亿元', direction: 'higher', decimals: 2, definition: '全区合计', sourceDepartment: '农业农村局' },
  { ...year, code: 'VILLAGE_OPERATING_INCOME', nameZh: '村级集体经济经营性收入', nameEn: 'Village collective operating income', unit: '亿元', direction: 'higher', decimals: 2, definition: '全区合计', sourceDepartment: '农业农村局' },
  { ...year, code: 'GOOD_AIR_RATIO', nameZh: '空气质量优良天数比例', nameEn: 'Share of good air-quality days', unit: '%', direction: 'higher', decimals: 1, definition: 'AQI ≤ 100 的天数占比（HJ 633-2012）', sourceDepartment: '生态环境分局' },
  { ...year, code: 'LISTED_FIRMS', nameZh: '累计上市企业数', nameEn: 'Listed companies (cumulative)', unit: '家', direction: 'higher', decimals: 0, definition: '', sourceDepartment: '金融办' },
  { ...year, code: 'TEXTILE_TURNOVER', nameZh: '中国轻纺城成交额', nameEn: 'China Textile City turnover', unit: '亿元', direction: 'higher', decimals: 0, definition: '线上线下合计；来源为“超过”的下限值', sourceDepartment: '中国轻纺城建设管理委员会' },
  { code: 'INDUSTRIAL_OUTPUT', nameZh: '规上工业总产值（累计）', nameEn: 'Industrial output above designated size (YTD)', unit: '亿元', direction: 'higher', frequency: 'month', accumulation: 'cumulative', decimals: 2, definition: '规模以上工业企业，1月至当月累计', sourceDepartment: '经信局', subjectKind: 'region' },
  { code: 'FIXED_INVESTMENT', nameZh: '固定资产投资（当月）', nameEn: 'Fixed-asset investment (month)', unit: '亿元', direction: 'higher', frequency: 'month', accumulation: 'point', decimals: 2, definition: '', sourceDepartment: '发改局', subjectKind: 'region' },
  { code: 'SERVICE_CIRCLE_COVERAGE', nameZh: '15分钟公共服务圈覆盖率', nameEn: '15-minute service circle coverage', unit: '%', direction: 'higher', frequency: 'year', accumulation: 'point', decimals: 1, definition: '步行15分钟内可达全部必备设施的常住人口占比', sourceDepartment: '发改局', subjectKind: 'region' },
];

export const DEMO_SETS: IndicatorSet[] = [
  {
    code: 'county-annual',
    nameZh: '区县年度主要指标',
    nameEn: 'County annual indicators',
    description: '地区生产总值、人口、收入、生态等年度指标',
    indicators: ['GDP', 'POP_RESIDENT', 'URBANISATION', 'INCOME_PC', 'INCOME_RURAL', 'INCOME_RATIO', 'GOOD_AIR_RATIO'],
  },
  {
    code: 'town-monthly',
    nameZh: '镇街月度经济指标',
    nameEn: 'Town monthly economic indicators',
    description: '各镇街规上工业产值与固定资产投资',
    indicators: ['INDUSTRIAL_OUTPUT', 'FIXED_INVESTMENT'],
  },
  {
    code: 'town-annual',
    nameZh: '镇街年度共富指标',
    nameEn: 'Town annual common-prosperity indicators',
    description: '各镇街居民收入与公共服务',
    indicators: ['INCOME_PC', 'SERVICE_CIRCLE_COVERAGE'],
  },
];
