/** The indicator catalogue, fetched once and shared; names and units in the interface language. */
import { shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { fetchIndicators } from '../api/indicators';
import type { Indicator } from '../api/types';
import { formatValue } from '../utils/format';
import { indicatorOptionLabel } from '../utils/indicators';

const catalogue = shallowRef<Map<string, Indicator>>(new Map());
let loading: Promise<void> | undefined;

export function loadIndicators(force = false): Promise<void> {
  if (!loading || force) {
    loading = fetchIndicators()
      .then((r) => {
        catalogue.value = new Map(r.items.map((i) => [i.code, i]));
      })
      .catch((e) => {
        loading = undefined;
        throw e;
      });
  }
  return loading;
}

export function useIndicators() {
  const { locale, t } = useI18n();
  const get = (code: string) => catalogue.value.get(code);
  return {
    catalogue,
    load: loadIndicators,
    get,
    name: (code: string) => {
      const i = get(code);
      return i ? (locale.value === 'en' ? i.nameEn : i.nameZh) : code;
    },
    unit: (code: string) => get(code)?.unit ?? '',
    /** name, unit and code for pickers and lists of indicators: `居民人均可支配收入（元）· INCOME_PC` */
    optionLabel: (code: string) => indicatorOptionLabel(t, locale.value, code, get(code)),
    format: (code: string, value: number) => formatValue(value, get(code)?.decimals ?? 2, locale.value),
  };
}
