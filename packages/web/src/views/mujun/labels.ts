/** How the 亩均效益 views show a run: status tones, class counts, the reconciliation checks, group names. */
import type { DistributionBy, MujunRun, Reconciliation } from '../../api/mujun';
import type { ClassCountRow } from '../../charts/mujun';

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Exists = (key: string) => boolean;

export const STATUS_TONE: Record<MujunRun['status'], 'info' | 'warning' | 'success'> = {
  draft: 'info',
  published: 'warning',
  final: 'success',
};
export const CLASS_TONE: Record<string, 'success' | 'primary' | 'warning' | 'danger' | 'info'> = {
  A: 'success',
  B: 'primary',
  C: 'warning',
  D: 'danger',
};

/** A/B/C/D/不参评 with their counts, in that order (zero where the run has none). */
export function classCounts(counts: Record<string, number> | null): { key: string; n: number }[] {
  return ['A', 'B', 'C', 'D', 'notRated'].map((key) => ({ key, n: counts?.[key] ?? 0 }));
}

type Firms = Reconciliation['withoutLand']['firms'];
export type Check =
  | { id: string; labelKey: string; count: number; kind: 'firms'; firms: Firms }
  | { id: string; labelKey: string; count: number; kind: 'land'; land: Reconciliation['landWithoutEnterprise'] }
  | { id: string; labelKey: string; count: number; kind: 'duplicates'; duplicates: Reconciliation['duplicateNames'] };

/** The rows of the reconciliation panel: one per bureau's missing data, then land and names. */
export function reconciliationChecks(r: Reconciliation): Check[] {
  const order = ['tax', 'statistics', 'power', 'environment'] as const;
  const missing = order.map((source): Check => {
    const m = r.missing.find((x) => x.source === source);
    return {
      id: `missing-${source}`,
      labelKey: `mujun.reconcile.source.${source}`,
      count: m?.total ?? 0,
      kind: 'firms',
      firms: m?.firms ?? [],
    };
  });
  return [
    ...missing,
    { id: 'without-land', labelKey: 'mujun.reconcile.withoutLand', count: r.withoutLand.total, kind: 'firms', firms: r.withoutLand.firms },
    {
      id: 'without-scale',
      labelKey: 'mujun.reconcile.withoutScale',
      count: r.withoutScale.total,
      kind: 'firms',
      firms: r.withoutScale.firms,
    },
    {
      id: 'land-without-enterprise',
      labelKey: 'mujun.reconcile.landWithoutEnterprise',
      count: r.landWithoutEnterprise.length,
      kind: 'land',
      land: r.landWithoutEnterprise,
    },
    {
      id: 'duplicate-names',
      labelKey: 'mujun.reconcile.duplicateNames',
      count: r.duplicateNames.length,
      kind: 'duplicates',
      duplicates: r.duplicateNames,
    },
  ];
}

/** A group's name on the chart: the town's name, the platform, or the GB/T 4754 division's name (never the bare code). */
export function groupName(t: Translate, te: Exists, by: DistributionBy, row: Pick<ClassCountRow, 'key' | 'code'>): string {
  if (!row.key) return t('mujun.chart.none');
  if (by !== 'division') return row.key;
  const key = `mujun.division.${row.key}`;
  return te(key) ? t(key) : t('mujun.division.other', { code: row.key });
}

/** The rules of a run in words: cap, benchmarks, missing-data rule, classes. */
export function optionsText(t: Translate, o: Record<string, unknown>): string[] {
  const classes = (o.classes ?? { type: 'bands' }) as { type: string; A?: number; B?: number; C?: number };
  const rule = (name: string, value: string) => t('mujun.runView.rule', { name, value });
  const pct = (v: number | undefined) => Math.round((v ?? 0) * 1000) / 10;
  const out = [
    o.cap ? t('mujun.runView.capOn') : t('mujun.runView.capOff'),
    rule(t('mujun.benchmarks'), t(`mujun.benchmark.${String(o.benchmarks ?? 'fixed')}`)),
    rule(t('mujun.missing'), t(`mujun.missingRule.${String(o.missing ?? 'zero')}`)),
    rule(
      t('mujun.classesBy'),
      classes.type === 'shares'
        ? t('mujun.runView.sharesText', { A: pct(classes.A), B: pct(classes.B), C: pct(classes.C) })
        : t('mujun.classType.bands'),
    ),
  ];
  if (typeof o.minLandMu === 'number' && o.minLandMu > 0) out.push(t('mujun.runView.minLand', { mu: o.minLandMu }));
  return out;
}
