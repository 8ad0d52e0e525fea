/** Region tree helpers: codes are 12-digit 统计用区划代码, `path` lists the ancestors (/330000000000/…/). */
import type { Region } from '../api/types';

export interface RegionNode {
  code: string;
  label: string;
  leaf: boolean;
  level: Region['level'];
}

export function toNode(region: Region, locale: string): RegionNode {
  return {
    code: region.code,
    label: locale === 'en' && region.nameEn ? region.nameEn : region.name,
    leaf: region.childCount === 0,
    level: region.level,
  };
}

/** Codes on the path from the top down to (and excluding) the region itself. */
export function ancestorsOf(path: string): string[] {
  const codes = path.split('/').filter(Boolean);
  return codes.slice(0, -1);
}

/** The default scope of the cockpit and the data browser: the user's own region, else the home county. */
export const HOME_REGION = '330603000000';
export const TOP_REGION = '330000000000';

export function defaultRegion(userRegion: string | null | undefined): string {
  return userRegion ?? HOME_REGION;
}

/**
 * The level a 12-digit 统计用区划代码 names by its trailing zeros: 省 2 digits, 市 4, 县 6, 镇街 9,
 * 村社 12 (GB/T 2260 and the statistical code's town and village segments).
 */
export function levelOfCode(code: string): Region['level'] {
  if (/^\d{2}0{10}$/.test(code)) return 'province';
  if (/^\d{4}0{8}$/.test(code)) return 'city';
  if (/^\d{6}0{6}$/.test(code)) return 'county';
  if (/^\d{9}000$/.test(code)) return 'town';
  if (/^\d{12}$/.test(code)) return 'village';
  return 'grid';
}
