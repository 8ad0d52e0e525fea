/**
 * Tabs of the pages opened in this browser tab (标签页), as Chinese admin consoles keep them: a
 * visit adds or refreshes its tab, closing the current tab goes to its neighbour. Pure state
 * functions here; `useOpenTabs` keeps them in sessionStorage.
 */
export interface OpenTab {
  /** the route's full path, query included: one tab per page and filter */
  path: string;
  /** the route's path without the query: a page opened again with other filters replaces its tab */
  base: string;
  titleKey: string;
}

export const MAX_TABS = 12;

/** The tabs after a visit: the page's tab is replaced in place, or appended (the oldest goes past MAX_TABS). */
export function visit(tabs: readonly OpenTab[], tab: OpenTab, home: string): OpenTab[] {
  const i = tabs.findIndex((t) => t.base === tab.base);
  if (i >= 0) return tabs.map((t, k) => (k === i ? tab : t));
  const next = [...tabs, tab];
  while (next.length > MAX_TABS) {
    const oldest = next.findIndex((t) => t.base !== home);
    next.splice(oldest < 0 ? 0 : oldest, 1);
  }
  return next;
}

/** The tabs after closing one, and where to go when it was the current page (its right, else left neighbour). */
export function close(tabs: readonly OpenTab[], path: string, current: string): { tabs: OpenTab[]; go?: string } {
  const i = tabs.findIndex((t) => t.path === path);
  if (i < 0) return { tabs: [...tabs] };
  const next = tabs.filter((_, k) => k !== i);
  if (path !== current) return { tabs: next };
  const neighbour = next[i] ?? next[i - 1];
  return { tabs: next, go: neighbour?.path ?? '/' };
}

/** Only the current page's tab (and the home tab) stay. */
export function closeOthers(tabs: readonly OpenTab[], current: string, home: string): OpenTab[] {
  return tabs.filter((t) => t.path === current || t.base === home);
}
