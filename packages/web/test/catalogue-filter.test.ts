import { describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../src/api/types';
import { filterCatalogue } from '../src/views/data/indicators/filter';

const entry = (code: string, over: Partial<CatalogueEntry> = {}): CatalogueEntry => ({
  code,
  nameZh: `${code} 中文`,
  nameEn: `${code} english`,
  unit: '',
  direction: 'higher',
  frequency: 'year',
  accumulation: 'point',
  decimals: 2,
  definition: '',
  sourceDepartment: '统计局',
  subjectKind: 'region',
  validMin: null,
  validMax: null,
  retiredAt: null,
  retiredReason: null,
  ...over,
});

describe('catalogue filter', () => {
  const items = [
    entry('GDP', { definition: '地区生产总值，现价' }),
    entry('TAX', { sourceDepartment: '税务局', frequency: 'month' }),
    entry('OLD', { retiredAt: '2026-01-01T00:00:00.000Z' }),
  ];
  const base = { q: '', department: '', frequency: '', retired: false };
  it('hides retired entries unless asked', () => {
    expect(filterCatalogue(items, base).map((i) => i.code)).toEqual(['GDP', 'TAX']);
    expect(filterCatalogue(items, { ...base, retired: true }).map((i) => i.code)).toEqual(['GDP', 'TAX', 'OLD']);
  });
  it('finds by code, name or definition, any case, and by department and frequency', () => {
    expect(filterCatalogue(items, { ...base, q: '现价' }).map((i) => i.code)).toEqual(['GDP']);
    expect(filterCatalogue(items, { ...base, q: 'tax english' }).map((i) => i.code)).toEqual(['TAX']);
    expect(filterCatalogue(items, { ...base, department: '税务局' }).map((i) => i.code)).toEqual(['TAX']);
    expect(filterCatalogue(items, { ...base, frequency: 'year' }).map((i) => i.code)).toEqual(['GDP']);
  });
});
