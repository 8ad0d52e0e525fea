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
