import { createI18n } from 'vue-i18n';
import { messages } from './messages';

export type Locale = 'zh-CN' | 'en';
export const STORAGE_KEY = 'gongfu.locale';

export function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en' ? 'en' : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
});

if (typeof document !== 'undefined') document.documentElement.lang = i18n.global.locale.value;

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** The API's language code for the interface language (exports, templates). */
export const apiLang = (locale: string): 'zh' | 'en' => (locale === 'en' ? 'en' : 'zh');
/** Picks the Chinese or English variant of a bilingual field. */
export const pick = (locale: string, zh: string, en: string | null | undefined) => (locale === 'en' && en ? en : zh);
