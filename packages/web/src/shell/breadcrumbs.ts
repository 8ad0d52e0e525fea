/**
 * Breadcrumbs from the side menu: the group, then the menu page whose path is the longest prefix of
 * the current one (a link), then the current page when it is a detail page below it (a run, a case).
 */
import type { MenuEntry } from '../router/guard';

export interface Crumb {
  titleKey: string;
  /** set when the crumb leads somewhere other than the current page */
  path?: string;
}

const within = (path: string, prefix: string) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);

export function breadcrumbsFor(path: string, menu: readonly MenuEntry[], currentTitleKey?: string): Crumb[] {
  let best: { group?: MenuEntry; entry: MenuEntry } | null = null;
  const consider = (entry: MenuEntry, group?: MenuEntry) => {
    if (!within(path, entry.path)) return;
    if (!best || entry.path.length > best.entry.path.length) best = { group, entry };
  };
  for (const top of menu) {
    if (top.children) for (const child of top.children) consider(child, top);
    else consider(top);
  }
  const crumbs: Crumb[] = [];
  const found = best as { group?: MenuEntry; entry: MenuEntry } | null;
  if (found?.group) crumbs.push({ titleKey: found.group.titleKey });
  if (found) {
    const here = found.entry.path === path;
    crumbs.push(here ? { titleKey: found.entry.titleKey } : { titleKey: found.entry.titleKey, path: found.entry.path });
    if (!here && currentTitleKey && currentTitleKey !== found.entry.titleKey) crumbs.push({ titleKey: currentTitleKey });
  } else if (currentTitleKey) crumbs.push({ titleKey: currentTitleKey });
  return crumbs;
}
