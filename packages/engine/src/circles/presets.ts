/**
 * Facility categories and accessibility thresholds as plain, editable JSON data, validated with
 * zod. Values and their sources (see shared/docs/reference/access.md §1):
 *  - GB 50180-2018《城市居住区规划设计标准》life circles: 5-minute ≈ 300 m, 10-minute ≈ 500 m,
 *    15-minute ≈ 800–1000 m walking; per-facility radii (幼儿园 300 m, 小学 500 m, 初中 1000 m,
 *    社区卫生服务站 300 m …) are from Appendices B/C as quoted secondarily — *recalled, verify
 *    against the standard* — and so marked illustrative.
 *  - Zhejiang "15分钟品质文化生活圈": ~1.5 km from home to a public cultural venue (2022 浙文惠享).
 *  - Zhejiang 新时代文明实践 "15分钟文明实践服务圈": 15 minutes' walk (镇海 2022), illustrative.
 *  - 浙江省城乡现代社区服务体系"十四五"规划: rural communities "30分钟生活服务圈" (mode not stated;
 *    here driving, illustrative).
 * A threshold is given in metres (walking distance, converted to time at the walking speed) or
 * in minutes of travel by the level's mode.
 */
import { z } from 'zod';
import { AccessError } from './errors.js';

export const categorySchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  nameZh: z.string(),
  nameEn: z.string(),
});

export const thresholdSchema = z
  .object({
    category: z.string(),
    minutes: z.number().positive().optional(),
    meters: z.number().positive().optional(),
    note: z.string().optional(),
  })
  .refine((t) => (t.minutes === undefined) !== (t.meters === undefined), {
    message: 'exactly one of minutes or meters',
  });

export const levelSchema = z.object({
  id: z.string().min(1),
  nameZh: z.string(),
  nameEn: z.string(),
  mode: z.enum(['walking', 'cycling', 'driving']),
  source: z.string(),
  illustrative: z.boolean(),
  thresholds: z.array(thresholdSchema).min(1),
});

export const presetSchema = z.object({
  version: z.literal(1),
  categories: z.array(categorySchema).min(1),
  levels: z.array(levelSchema),
});

export type CategoryDef = z.infer<typeof categorySchema>;
export type Threshold = z.infer<typeof thresholdSchema>;
export type LevelPreset = z.infer<typeof levelSchema>;
export type AccessPreset = z.infer<typeof presetSchema>;

export const DEFAULT_PRESET: AccessPreset = {
  version: 1,
  categories: [
    { id: 'education', nameZh: '教育（幼儿园、中小学）', nameEn: 'Education (kindergarten, schools)' },
    { id: 'health', nameZh: '医疗卫生', nameEn: 'Health' },
    { id: 'elderly_care', nameZh: '养老服务', nameEn: 'Elderly care' },
    { id: 'culture', nameZh: '文化设施', nameEn: 'Culture' },
    { id: 'sports', nameZh: '体育健身', nameEn: 'Sports' },
    { id: 'commerce', nameZh: '商业服务（超市、菜市场）', nameEn: 'Commerce (supermarket, market)' },
    { id: 'civilisation_station', nameZh: '新时代文明实践站', nameEn: 'Civilisation practice station' },
    { id: 'community_service', nameZh: '社区服务', nameEn: 'Community services' },
    { id: 'public_transport', nameZh: '公共交通站点', nameEn: 'Public transport stop' },
    { id: 'park', nameZh: '公园绿地', nameEn: 'Park and playground' },
  ],
  levels: [
    {
      id: 'gb50180-5min',
      nameZh: '五分钟生活圈',
      nameEn: '5-minute life circle',
      mode: 'walking',
      source: 'GB 50180-2018 附录C（服务半径为二手引用，待核）',
      illustrative: true,
      thresholds: [
        { category: 'education', meters: 300, note: '幼儿园 ≤300 m' },
        { category: 'elderly_care', meters: 300, note: '老年人日间照料中心 ≤300 m' },
        { category: 'health', meters: 300, note: '社区卫生服务站 ≤300 m' },
        { category: 'sports', meters: 300, note: '小型多功能运动场地 ≤300 m' },
        { category: 'culture', meters: 500, note: '文化活动站 ≤500 m' },
        { category: 'community_service', meters: 300, note: '社区服务站 ≤300 m' },
      ],
    },
    {
      id: 'gb50180-10min',
      nameZh: '十分钟生活圈',
      nameEn: '10-minute life circle',
      mode: 'walking',
      source: 'GB 50180-2018 附录B（服务半径为二手引用，待核）',
      illustrative: true,
      thresholds: [
        { category: 'education', meters: 500, note: '小学 ≤500 m' },
        { category: 'commerce', meters: 500, note: '菜市场或生鲜超市 ≤500 m' },
        { category: 'sports', meters: 500, note: '中型多功能运动场地 ≤500 m' },
        { category: 'public_transport', meters: 500, note: '公交车站 ≤500 m' },
      ],
    },
    {
      id: 'gb50180-15min',
      nameZh: '十五分钟生活圈',
      nameEn: '15-minute life circle',
      mode: 'walking',
      source: 'GB 50180-2018 附录B（服务半径为二手引用，待核）',
      illustrative: true,
      thresholds: [
        { category: 'education', meters: 1000, note: '初中 ≤1000 m' },
        { category: 'health', meters: 1000, note: '卫生服务中心 ≤1000 m' },
        { category: 'culture', meters: 1000, note: '文化活动中心 ≤1000 m' },
        { category: 'sports', meters: 1000, note: '大型多功能运动场地 ≤1000 m' },
        { category: 'community_service', meters: 1000, note: '社区服务中心（街道级）≤1000 m' },
        { category: 'elderly_care', meters: 1000, note: '养老院 / 老年养护院' },
        { category: 'commerce', meters: 1000, note: '商场' },
      ],
    },
    {
      id: 'zj-culture-15min',
      nameZh: '15分钟品质文化生活圈',
      nameEn: 'Zhejiang 15-minute cultural circle',
      mode: 'walking',
      source: '浙江 2022 民生实事"15分钟品质文化生活圈"：辐射半径约 1.5 公里',
      illustrative: false,
      thresholds: [{ category: 'culture', meters: 1500 }],
    },
    {
      id: 'zj-civilisation-15min',
      nameZh: '15分钟文明实践服务圈',
      nameEn: '15-minute civilisation practice circle',
      mode: 'walking',
      source: '浙江"15分钟文明实践服务圈"（镇海招宝山街道 2022）；步行 15 分钟为本项目解读',
      illustrative: true,
      thresholds: [{ category: 'civilisation_station', minutes: 15 }],
    },
    {
      id: 'zj-rural-30min',
      nameZh: '农村30分钟生活服务圈',
      nameEn: 'Rural 30-minute service circle',
      mode: 'driving',
      source: '《浙江省城乡现代社区服务体系建设"十四五"规划》农村社区"30分钟生活服务圈"；出行方式为本项目假设',
      illustrative: true,
      thresholds: [
        { category: 'health', minutes: 30 },
        { category: 'education', minutes: 30 },
        { category: 'elderly_care', minutes: 30 },
        { category: 'culture', minutes: 30 },
        { category: 'commerce', minutes: 30 },
        { category: 'community_service', minutes: 30 },
      ],
    },
  ],
};

/** Validates an edited preset (plain JSON); throws AccessError INVALID_PRESET. */
export function parsePreset(data: unknown): AccessPreset {
  const r = presetSchema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AccessError(
      'INVALID_PRESET',
      `可达性参数预设无效：${issues.join('；')}`,
      `Invalid accessibility preset: ${issues.join('; ')}`,
      {
        issues,
      },
    );
  }
  const p = r.data;
  const cats = new Set(p.categories.map((c) => c.id));
  const levelIds = new Set<string>();
  for (const l of p.levels) {
    if (levelIds.has(l.id)) {
      throw new AccessError('INVALID_PRESET', `圈层编号重复：${l.id}`, `Duplicate level id: ${l.id}`, { level: l.id });
    }
    levelIds.add(l.id);
    for (const t of l.thresholds) {
      if (!cats.has(t.category)) {
        throw new AccessError(
          'UNKNOWN_CATEGORY',
          `圈层 ${l.id} 引用了未定义的设施类别：${t.category}`,
          `Level ${l.id} refers to an unknown facility category: ${t.category}`,
          { level: l.id, category: t.category },
        );
      }
    }
  }
  return p;
}

/** Threshold in seconds: minutes × 60, or metres at the walking speed (m/s). */
export function thresholdSeconds(t: Threshold, walkingSpeedMps: number): number {
  return t.minutes !== undefined ? t.minutes * 60 : t.meters! / walkingSpeedMps;
}
