/**
 * How an indicator is offered in a picker: its name, unit and code, so two entries that read alike
 * (a renamed duplicate, a county and a town series) are told apart before anything is imported or
 * assessed, e.g. `居民人均可支配收入（元）· INCOME_PC`.
 */
import type { Indicator } from '../api/types';

type Translate = (key: string, values: Record<string, string>) => string;

export function indicatorOptionLabel(
  t: Translate,
  locale: string,
  code: string,
  indicator: Pick<Indicator, 'nameZh' | 'nameEn' | 'unit'> | undefined,
): string {
  if (!indicator) return code;
  const name = locale === 'en' ? indicator.nameEn || indicator.nameZh : indicator.nameZh;
  const unit = indicator.unit.trim();
  return unit ? t('common.indicatorOption', { name, unit, code }) : t('common.indicatorOptionNoUnit', { name, code });
}
