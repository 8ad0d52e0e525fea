import { describe, expect, it } from 'vitest';
import { parsePeriod, periodEnd, previousPeriod, readPeriod, samePeriodLastYear, type ParsedPeriod } from '../src/observations/period.js';

const p = (text: string): ParsedPeriod => readPeriod(text)!;

describe('periods', () => {
  it('reads days in the spellings clerks use', () => {
    for (const text of ['2024-03-05', '2024/3/5', '2024.03.05', '2024年3月5日', '20240305']) {
      expect(readPeriod(text)).toEqual({ period: '2024-03-05', frequency: 'day', start: '2024-03-05' });
    }
    expect(readPeriod('2023-02-29')).toBeNull();
    expect(readPeriod('2024-13-01')).toBeNull();
    expect(readPeriod(20240229)?.period).toBe('2024-02-29');
  });

  it('a date cell is a day for a daily indicator and a month otherwise', () => {
    const cell = new Date(Date.UTC(2024, 2, 5));
    expect(parsePeriod(cell, 'day', new Date('2025-01-01'))).toMatchObject({ period: '2024-03-05', frequency: 'day' });
    expect(parsePeriod(cell, 'month', new Date('2025-01-01'))).toMatchObject({ period: '2024-03' });
    expect(parsePeriod('2024-03-05', 'month', new Date('2025-01-01'))).toBe('frequency');
    expect(parsePeriod('2025-01-02', 'day', new Date('2025-01-01'))).toBe('range');
  });

  it('previous period in every frequency, across year boundaries', () => {
    expect(previousPeriod(p('2024')).period).toBe('2023');
    expect(previousPeriod(p('2024-Q1'))).toEqual({ period: '2023-Q4', frequency: 'quarter', start: '2023-10-01' });
    expect(previousPeriod(p('2024-Q3')).period).toBe('2024-Q2');
    expect(previousPeriod(p('2024-01'))).toEqual({ period: '2023-12', frequency: 'month', start: '2023-12-01' });
    expect(previousPeriod(p('2024-03-01')).period).toBe('2024-02-29');
    expect(previousPeriod(p('2024-01-01')).period).toBe('2023-12-31');
  });

  it('same period last year (同比)', () => {
    expect(samePeriodLastYear(p('2024')).period).toBe('2023');
    expect(samePeriodLastYear(p('2024-Q2')).period).toBe('2023-Q2');
    expect(samePeriodLastYear(p('2024-03'))).toEqual({ period: '2023-03', frequency: 'month', start: '2023-03-01' });
    expect(samePeriodLastYear(p('2024-03-05')).period).toBe('2023-03-05');
    expect(samePeriodLastYear(p('2024-02-29')).period).toBe('2023-02-28');
  });

  it('a day ends the next day', () => {
    expect(periodEnd(p('2024-02-28'))).toBe('2024-02-29');
    expect(periodEnd(p('2024-12-31'))).toBe('2025-01-01');
    expect(periodEnd(p('2024-Q4'))).toBe('2025-01-01');
  });
});
