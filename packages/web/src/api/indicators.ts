import { download, getJson } from './http';
import type { Indicator, IndicatorSet } from './types';

export const fetchIndicators = () => getJson<{ items: Indicator[] }>('/indicators');
export const fetchIndicatorSets = () => getJson<{ items: IndicatorSet[] }>('/indicator-sets');

export interface TemplateOptions {
  format: 'xlsx' | 'csv';
  layout: 'wide' | 'long';
  lang: 'zh' | 'en';
  region?: string;
}
export const downloadTemplate = (set: string, o: TemplateOptions) =>
  download(`/indicator-sets/${encodeURIComponent(set)}/template`, { ...o }, `template-${set}-${o.layout}.${o.format}`);
