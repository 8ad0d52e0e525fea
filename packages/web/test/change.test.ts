import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { messages } from '../src/i18n/messages';
import { changesInPoints, indicatorChange, rankChange, toneClass } from '../src/utils/change';

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: messages as never });
const text = (locale: 'zh-CN' | 'en', c: ReturnType<typeof indicatorChange>) => {
  i18n.global.locale.value = locale;
  return c ? i18n.global.t(c.key, { value: c.signed }) : '—';
};

describe('changes between periods (issue 10)', () => {
  it('reads a rate in 个百分点: growth 8.2 % → 4.7 % fell by 3.5 points, not by 42.7 %', () => {
    const c = indicatorChange({ unit: '%', direction: 'higher' }, 4.7, 8.2)!;
    expect(c.kind).toBe('points');
    expect(c.value).toBeCloseTo(-3.5, 10);
    expect(c.signed).toBe('−3.5');
    expect(text('zh-CN', c)).toBe('−3.5 个百分点');
    expect(text('en', c)).toBe('−3.5 pp');
    expect(c.tone).toBe('worse');
  });

  it('reads ‰, 百分点 and flagged ratios in points too', () => {
    expect(indicatorChange({ unit: '‰', direction: 'lower' }, 5.1, 5.6)).toMatchObject({ kind: 'points', signed: '−0.5', tone: 'better' });
    expect(text('zh-CN', indicatorChange({ unit: '‰', direction: 'lower' }, 5.1, 5.6))).toBe('−0.5 个千分点');
    expect(changesInPoints({ unit: '百分点' })).toBe(true);
    expect(changesInPoints({ unit: '', ratio: true })).toBe(true);
    expect(changesInPoints({ unit: '亿元' })).toBe(false);
    expect(changesInPoints(undefined)).toBe(false);
  });

  it('reads an amount relatively in %: GDP 2030.29 → 2252.28 亿元 is +10.9%', () => {
    const c = indicatorChange({ unit: '亿元', direction: 'higher' }, 2252.28, 2030.29)!;
    expect(c.kind).toBe('relative');
    expect(c.value).toBeCloseTo(0.10934, 4);
    expect(text('zh-CN', c)).toBe('+10.9%');
    expect(c.tone).toBe('better');
    expect(text('en', indicatorChange({ unit: '元', direction: 'higher' }, 95, 100))).toBe('−5.0%');
  });

  it('colours by direction: a fall of a lower-is-better indicator is better, no visible change is flat', () => {
    expect(indicatorChange({ unit: '', direction: 'lower' }, 1.6, 1.65)!.tone).toBe('better');
    expect(indicatorChange({ unit: '', direction: 'lower' }, 1.7, 1.65)!.tone).toBe('worse');
    expect(indicatorChange({ unit: '%', direction: 'lower' }, 3.2, 3.0)!.tone).toBe('worse');
    expect(indicatorChange({ unit: '%', direction: 'higher' }, 3.0, 3.02)).toMatchObject({ signed: '0.0', tone: 'flat' });
    expect(indicatorChange({ unit: '亿元' }, 2, 1)!.tone).toBe('flat'); // no direction known
    expect(toneClass('better')).toBe('tone-better');
    expect(toneClass('worse')).toBe('tone-worse');
  });

  it('shows no change without a previous value (or a relative change from 0)', () => {
    expect(indicatorChange({ unit: '%', direction: 'higher' }, 4.7, null)).toBeNull();
    expect(indicatorChange({ unit: '亿元', direction: 'higher' }, 4.7, undefined)).toBeNull();
    expect(indicatorChange({ unit: '亿元', direction: 'higher' }, null, 3)).toBeNull();
    expect(indicatorChange({ unit: '亿元', direction: 'higher' }, 4.7, 0)).toBeNull();
    expect(indicatorChange({ unit: '%', direction: 'higher' }, 4.7, 0)).toMatchObject({ kind: 'points', signed: '+4.7' });
  });

  it('shows rank changes with the same tones: up is better', () => {
    expect(rankChange(2)).toEqual({ text: '↑2', tone: 'better' });
    expect(rankChange(-1)).toEqual({ text: '↓1', tone: 'worse' });
    expect(rankChange(0)).toEqual({ text: '0', tone: 'flat' });
    expect(rankChange(null)).toBeNull();
  });
});
