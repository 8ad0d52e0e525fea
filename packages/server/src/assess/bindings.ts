/**
 * Bindings: how a scheme's data columns and attributes are filled from the platform's data. A scheme
 * names columns (e.g. "GDP增速"); the bindings of a scheme version say which catalogue indicator fills
 * each column, which units are assessed (regions of one level, or platforms), and where group
 * attributes (街道/镇, 设区市, 山区26县 …) come from. Stored with every scheme version.
 */
import { z } from 'zod';
import type { Plan } from '@gongfu/engine/assess';
import { AppError } from '../errors.js';

const IndicatorCode = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/);

export const AttributeSource = z.discriminatedUnion('source', [
  /** 街道 / 镇 / 乡 from the region's name */
  z.object({ source: z.literal('townType') }),
  /** the name of the unit's parent region (e.g. the 设区市 of a county) */
  z.object({ source: z.literal('parentName') }),
  /** fixed values by unit code, `otherwise` for the rest */
  z.object({ source: z.literal('map'), values: z.record(z.string(), z.string()), otherwise: z.string().nullable().default(null) }),
]);
export type AttributeSource = z.infer<typeof AttributeSource>;

export const Bindings = z.object({
  units: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('region'), level: z.enum(['province', 'city', 'county', 'town', 'village', 'grid']) }),
    z.object({ kind: z.literal('platform') }),
  ]),
  /** region a run covers unless the caller names another */
  defaultRegion: z.string().regex(/^\d{12}$/),
  /** scheme data column → indicator code */
  columns: z.record(z.string(), IndicatorCode),
  attributes: z.record(z.string(), AttributeSource).default({}),
});
export type Bindings = z.infer<typeof Bindings>;

/** Every data column a scheme reads: indicators, denominators, 加分/扣分 and veto columns. */
export function schemeColumns(plan: Plan): string[] {
  const s = plan.scheme;
  const cols = new Set<string>();
  for (const ind of plan.indicators) cols.add(ind.column ?? ind.id);
  for (const d of Object.values(s.denominators)) cols.add(d.column);
  for (const a of s.adjustments) cols.add(a.rule.column);
  for (const v of s.vetoes) cols.add(v.column);
  return [...cols];
}

/** Every group attribute a scheme reads (peer groups, imputation groups). */
export function schemeAttributes(plan: Plan): string[] {
  const s = plan.scheme;
  const out = new Set<string>();
  if (s.ranking.peerGroupBy) out.add(s.ranking.peerGroupBy);
  if (s.grading?.peerGroupBy) out.add(s.grading.peerGroupBy);
  for (const imp of [s.impute, ...plan.indicators.map((i) => i.impute)]) {
    if (imp && (imp.method === 'groupMean' || imp.method === 'groupMedian') && imp.groupBy) out.add(imp.groupBy);
  }
  return [...out];
}

/** Checks that bindings cover the scheme; returns them parsed. */
export function checkBindings(plan: Plan, raw: unknown): Bindings {
  const parsed = Bindings.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new AppError(
      'ASSESS_BINDINGS_INVALID',
      400,
      {
        zh: `数据绑定格式错误：${issues[0].path} — ${issues[0].message}`,
        en: `invalid bindings: ${issues[0].path} — ${issues[0].message}`,
      },
      { issues },
    );
  }
  const b = parsed.data;
  const missing = schemeColumns(plan).filter((c) => !b.columns[c]);
  const missingAttrs = schemeAttributes(plan).filter((a) => !b.attributes[a]);
  if (missing.length || missingAttrs.length) {
    const list = [...missing, ...missingAttrs].join('、');
    throw new AppError(
      'ASSESS_BINDING_MISSING',
      400,
      {
        zh: `以下数据列未绑定指标或属性：${list}`,
        en: `these data columns have no indicator or attribute bound: ${[...missing, ...missingAttrs].join(', ')}`,
      },
      { columns: missing, attributes: missingAttrs },
    );
  }
  return b;
}

export function townType(name: string): string | null {
  if (name.endsWith('街道')) return '街道';
  if (name.endsWith('镇')) return '镇';
  if (name.endsWith('乡')) return '乡';
  return null;
}
