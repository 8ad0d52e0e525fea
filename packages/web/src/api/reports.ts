import { getJson } from './http';
import type { IndicatorSummary } from './types';

export const fetchIndicatorSummary = (region: string, indicator?: string) =>
  getJson<IndicatorSummary>('/reports/indicator-summary', { region, indicator });
