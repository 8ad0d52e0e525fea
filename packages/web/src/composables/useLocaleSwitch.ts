import { useI18n } from 'vue-i18n';
import { setLocale } from '../i18n';

/** Toggles Chinese/English; the choice is kept in localStorage. */
export function useLocaleSwitch() {
  const { locale } = useI18n();
  return () => setLocale(locale.value === 'en' ? 'zh-CN' : 'en');
}
