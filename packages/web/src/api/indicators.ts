import { getJson } from './http';
import type { Indicator } from './types';

export const fetchIndicators = () => getJson<{ items: Indicator[] }>('/indicators');
