import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import zh from '../src/i18n/locales/zh-CN';
import en from '../src/i18n/locales/en';
import { indicatorOptionLabel } from '../src/utils/indicators';

const i18n = (locale: 'zh-CN' | 'en') => createI18n({ legacy: false, locale, messages: { 'zh-CN': zh, en } }).global;

describe('indicator option labels', () => {
  const income = { nameZh: '居民人均可支配收入', nameEn: 'Per-capita disposable income', unit: '元' };
  const ratio = { nameZh: '城乡居民收入倍差', nameEn: 'Urban–rural income ratio', unit: '' };

  it('shows name, unit and code in Chinese', () => {
    const { t } = i18n('zh-CN');
    expect(indicatorOptionLabel(t, 'zh-CN', 'INCOME_PC', income)).toBe('居民人均可支配收入（元）· INCOME_PC');
    expect(indicatorOptionLabel(t, 'zh-CN', 'INCOME_RATIO', ratio)).toBe('城乡居民收入倍差 · INCOME_RATIO');
  });

  it('shows the English name in English', () => {
    const { t } = i18n('en');
    expect(indicatorOptionLabel(t, 'en', 'INCOME_PC', income)).toBe('Per-capita disposable income (元) · INCOME_PC');
    expect(indicatorOptionLabel(t, 'en', 'INCOME_RATIO', ratio)).toBe('Urban–rural income ratio · INCOME_RATIO');
  });

  it('tells two entries with similar names apart by their code, and falls back to the code', () => {
    const { t } = i18n('zh-CN');
    const a = indicatorOptionLabel(t, 'zh-CN', 'SERVICE_CIRCLE_COVERAGE', { nameZh: '15分钟公共服务圈覆盖率', nameEn: 'x', unit: '%' });
    const b = indicatorOptionLabel(t, 'zh-CN', 'KQT_SERVICE_CIRCLE', {
      nameZh: '15分钟公共服务圈覆盖率 [KQT_SERVICE_CIRCLE]',
      nameEn: 'y',
      unit: '%',
    });
    expect(a).not.toBe(b);
    expect(a).toContain('SERVICE_CIRCLE_COVERAGE');
    expect(indicatorOptionLabel(t, 'zh-CN', 'UNKNOWN', undefined)).toBe('UNKNOWN');
  });
});
