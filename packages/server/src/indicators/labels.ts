/** The catalogue's enumerations in the words a clerk reads, for files the server writes (templates, exports). */
import type { Indicator } from './schema.js';

type Lang = 'zh' | 'en';
type Labels<K extends string> = Record<K, Record<Lang, string>>;

export const FREQUENCY_LABELS: Labels<Indicator['frequency']> = {
  year: { zh: '年度', en: 'annual' },
  quarter: { zh: '季度', en: 'quarterly' },
  month: { zh: '月度', en: 'monthly' },
  day: { zh: '日', en: 'daily' },
};

export const ACCUMULATION_LABELS: Labels<Indicator['accumulation']> = {
  point: { zh: '时点', en: 'point in time' },
  cumulative: { zh: '累计', en: 'cumulative (year to date)' },
};

export const DIRECTION_LABELS: Labels<Indicator['direction']> = {
  higher: { zh: '越大越好', en: 'higher is better' },
  lower: { zh: '越小越好', en: 'lower is better' },
};
