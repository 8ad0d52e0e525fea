/** The period a run is for: parsed against the scheme's frequency, and the period before it. */
import type { Plan } from '@gongfu/engine/assess';
import { AppError } from '../errors.js';
import { readPeriod, type ParsedPeriod } from '../observations/period.js';
import { textOf } from './tables.js';

const FREQ: Record<string, ParsedPeriod['frequency'] | null> = { annual: 'year', monthly: 'month', quarterly: 'quarter', other: null };

export function previousPeriodOf(p: ParsedPeriod): string {
  const y = Number(p.period.slice(0, 4));
  if (p.frequency === 'year') return String(y - 1);
  if (p.frequency === 'quarter') {
    const q = Number(p.period.slice(6));
    return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  }
  const m = Number(p.period.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function parseRunPeriod(plan: Plan, raw: string): ParsedPeriod {
  const p = readPeriod(raw);
  const want = FREQ[plan.scheme.period];
  if (!p || (want && p.frequency !== want)) {
    throw new AppError('ASSESS_PERIOD_INVALID', 400, {
      zh: `期间“${raw}”无效：方案“${textOf(plan.scheme.name, 'zh')}”按${{ annual: '年', monthly: '月', quarterly: '季', other: '期' }[plan.scheme.period]}考核（如 ${plan.scheme.period === 'monthly' ? '2025-06' : plan.scheme.period === 'quarterly' ? '2025-Q2' : '2024'}）`,
      en: `invalid period "${raw}": the scheme is ${plan.scheme.period} (e.g. ${plan.scheme.period === 'monthly' ? '2025-06' : plan.scheme.period === 'quarterly' ? '2025-Q2' : '2024'})`,
    });
  }
  return p;
}
