/**
 * The demo's "亚运场馆一件事", SYNTHETIC, in the shape the seed describes (domain.md: 11 regulatory
 * departments with 37 监管事项 and 7 enforcement departments with 37 执法事项, bundled so that a
 * venue is inspected once for everything). Department names follow Keqiao's bureaus; item names are
 * modelled on real items, the laws cited are real, the codes (YY-JG-…, YY-ZF-…) are invented.
 */
import type * as repo from './repository.js';

type Dept = { department: string; law: string; topics: string[] };

/** 11 regulatory departments, 37 检查 items. */
const REGULATORY: Dept[] = [
  {
    department: '区文广旅体局',
    law: '《全民健身条例》',
    topics: ['体育场馆开放服务', '高危险性体育项目经营许可', '赛事活动安全保障方案', '场馆无障碍设施'],
  },
  {
    department: '区市场监管局',
    law: '《中华人民共和国特种设备安全法》',
    topics: ['场馆电梯定期检验', '场馆餐饮食品安全', '计量器具检定', '明码标价'],
  },
  {
    department: '区消防救援大队',
    law: '《中华人民共和国消防法》',
    topics: ['场馆消防控制室值班', '自动喷水灭火系统', '安全疏散指示标志', '大型活动消防安全检查'],
  },
  { department: '区公安分局', law: '《大型群众性活动安全管理条例》', topics: ['大型活动安全许可', '安检设施配置', '视频监控系统'] },
  { department: '区卫生健康局', law: '《公共场所卫生管理条例》', topics: ['公共场所卫生许可', '集中空调通风系统卫生', '医疗保障点设置'] },
  { department: '区住房城乡建设局', law: '《建设工程质量管理条例》', topics: ['场馆结构安全鉴定', '临时搭建设施验收', '燃气设施安全'] },
  { department: '区应急管理局', law: '《中华人民共和国安全生产法》', topics: ['场馆安全生产责任制', '应急预案与演练', '有限空间作业'] },
  {
    department: '区生态环境分局',
    law: '《中华人民共和国环境噪声污染防治法》',
    topics: ['场馆噪声排放', '餐饮油烟排放', '危化品仓库环境风险'],
  },
  {
    department: '区气象局',
    law: '《防雷减灾管理办法》',
    topics: ['场馆防雷装置检测', '户外赛事气象保障', '雷电预警信息接收', '气象灾害应急联动'],
  },
  { department: '区交通运输局', law: '《浙江省道路运输条例》', topics: ['赛事接驳车辆资质', '场馆周边停车组织', '客运驾驶员资格'] },
  { department: '区电力与通信保障办', law: '《电力设施保护条例》', topics: ['场馆双回路供电', '临时用电安全', '通信保障设施'] },
];

/** 7 enforcement departments, 37 处罚/强制 items. */
const ENFORCEMENT: Dept[] = [
  {
    department: '区综合行政执法局',
    law: '《浙江省综合行政执法条例》',
    topics: ['擅自设置户外广告', '占道经营', '场馆周边违法建设', '渣土违规运输', '乱扔垃圾', '夜间施工噪声扰民'],
  },
  {
    department: '区市场监管执法大队',
    law: '《中华人民共和国食品安全法》',
    topics: ['无证经营食品', '销售不合格食品', '特种设备未经检验使用', '价格违法', '虚假宣传', '销售侵权赛事标志商品'],
  },
  {
    department: '区消防救援执法队',
    law: '《中华人民共和国消防法》',
    topics: ['占用堵塞疏散通道', '消防设施不完好', '擅自停用消防设施', '违规使用易燃装修材料', '人员密集场所违规住人'],
  },
  {
    department: '区生态环境执法队',
    law: '《中华人民共和国大气污染防治法》',
    topics: ['超标排放噪声', '油烟直排', '违规倾倒固体废物', '未批先建', '未按规定设置排污口'],
  },
  {
    department: '区应急管理执法队',
    law: '《中华人民共和国安全生产法》',
    topics: ['未开展安全生产培训', '未制定应急预案', '隐患未及时整改', '违规动火作业', '危险化学品违规储存'],
  },
  {
    department: '区文化市场执法队',
    law: '《营业性演出管理条例》',
    topics: ['未经批准举办营业性演出', '演出内容违规', '超核定人数售票', '擅自变更演出', '网络直播违规'],
  },
  {
    department: '区公安治安执法队',
    law: '《中华人民共和国治安管理处罚法》',
    topics: ['扰乱大型活动秩序', '倒卖门票', '非法携带管制器具', '违规放飞无人机', '未履行安检义务'],
  },
];

export type VenueItem = Omit<repo.ItemRow, 'synthetic'>;

const RISK: repo.ItemRow['riskLevel'][] = ['high', 'medium', 'low'];

export function venueCatalogue(): { regulatory: VenueItem[]; enforcement: VenueItem[] } {
  let k = 0;
  const regulatory = REGULATORY.flatMap((d) =>
    d.topics.map((topic) => ({
      code: `YY-JG-${String(++k).padStart(3, '0')}`,
      name: `${topic}检查`,
      department: d.department,
      itemType: 'inspect' as const,
      legalBasis: d.law,
      subjectTypes: '亚运场馆',
      riskLevel: RISK[k % 3]!,
      transferred: false,
    })),
  );
  k = 0;
  const enforcement = ENFORCEMENT.flatMap((d) =>
    d.topics.map((topic, j) => ({
      code: `YY-ZF-${String(++k).padStart(3, '0')}`,
      name: j % 5 === 4 ? `对${topic}的查封扣押` : `对${topic}的处罚`,
      department: d.department,
      itemType: (j % 5 === 4 ? 'coercion' : 'penalty') as repo.ItemType,
      legalBasis: d.law,
      subjectTypes: '亚运场馆、经营者',
      riskLevel: RISK[k % 3]!,
      transferred: d.department === '区综合行政执法局',
    })),
  );
  return { regulatory, enforcement };
}

export const VENUE_SCENARIO = { code: 'ASIAN_GAMES_VENUE', name: '亚运场馆一件事', objectKind: '亚运场馆', lead: '区文广旅体局' };
