import { describe, expect, it } from 'vitest';
import { breadcrumbsFor } from '../src/shell/breadcrumbs';
import { parsePrefs } from '../src/shell/prefs';
import { bestMatches, fold, matchScore } from '../src/shell/search';
import { close, closeOthers, MAX_TABS, visit, type OpenTab } from '../src/shell/tabs';
import { MENU } from '../src/router/menu';

const menu = [
  { path: '/', titleKey: 'menu.home' },
  {
    path: '/data',
    titleKey: 'menu.data',
    children: [
      { path: '/data', titleKey: 'menu.dataBrowser' },
      { path: '/data/import', titleKey: 'menu.dataImport' },
    ],
  },
  { path: '/assess', titleKey: 'menu.assess' },
];

describe('breadcrumbs', () => {
  it('names the group and the page, the page not being a link', () => {
    expect(breadcrumbsFor('/data/import', menu, 'menu.dataImport')).toEqual([{ titleKey: 'menu.data' }, { titleKey: 'menu.dataImport' }]);
    expect(breadcrumbsFor('/assess', menu, 'menu.assess')).toEqual([{ titleKey: 'menu.assess' }]);
  });
  it('puts a detail page under the longest menu path above it, which becomes a link', () => {
    expect(breadcrumbsFor('/assess/runs/12', menu, 'assess.run.title')).toEqual([
      { titleKey: 'menu.assess', path: '/assess' },
      { titleKey: 'assess.run.title' },
    ]);
    expect(breadcrumbsFor('/data/import/history', menu, 'x.history')).toEqual([
      { titleKey: 'menu.data' },
      { titleKey: 'menu.dataImport', path: '/data/import' },
      { titleKey: 'x.history' },
    ]);
  });
  it('does not take a path that only shares characters (/assessment is not under /assess)', () => {
    expect(breadcrumbsFor('/assessment', menu, 'x.other')).toEqual([{ titleKey: 'menu.home', path: '/' }, { titleKey: 'x.other' }]);
  });
  it('gives every page of the real menu a crumb of its own title', () => {
    for (const entry of MENU.flatMap((e) => e.children ?? [e])) {
      const crumbs = breadcrumbsFor(entry.path, MENU, entry.titleKey);
      expect(crumbs.at(-1), entry.path).toEqual({ titleKey: entry.titleKey });
    }
  });
});

const tab = (base: string, query = ''): OpenTab => ({ path: base + query, base, titleKey: `t${base}` });

describe('open tabs', () => {
  it('adds a page once; the same page with other filters replaces its tab in place', () => {
    let tabs = visit([], tab('/'), '/');
    tabs = visit(tabs, tab('/data', '?region=1'), '/');
    tabs = visit(tabs, tab('/assess'), '/');
    tabs = visit(tabs, tab('/data', '?region=2'), '/');
    expect(tabs.map((t) => t.path)).toEqual(['/', '/data?region=2', '/assess']);
  });
  it('keeps at most MAX_TABS, dropping the oldest but never the home tab', () => {
    let tabs = visit([], tab('/'), '/');
    for (let i = 0; i < MAX_TABS + 3; i++) tabs = visit(tabs, tab(`/p${i}`), '/');
    expect(tabs).toHaveLength(MAX_TABS);
    expect(tabs[0]!.path).toBe('/');
    expect(tabs.at(-1)!.path).toBe(`/p${MAX_TABS + 2}`);
    expect(tabs.some((t) => t.path === '/p0')).toBe(false);
  });
  it('closing the current tab goes to its right neighbour, else its left; closing another stays', () => {
    const tabs = [tab('/'), tab('/a'), tab('/b')];
    expect(close(tabs, '/a', '/a')).toEqual({ tabs: [tab('/'), tab('/b')], go: '/b' });
    expect(close(tabs, '/b', '/b')).toEqual({ tabs: [tab('/'), tab('/a')], go: '/a' });
    expect(close(tabs, '/a', '/b')).toEqual({ tabs: [tab('/'), tab('/b')] });
    expect(close([tab('/a')], '/a', '/a')).toEqual({ tabs: [], go: '/' });
  });
  it('close others keeps the current page and home', () => {
    expect(closeOthers([tab('/'), tab('/a'), tab('/b')], '/b', '/').map((t) => t.path)).toEqual(['/', '/b']);
  });
});

describe('global search matching', () => {
  it('folds full-width characters, case and spaces', () => {
    expect(fold('ＧＤＰ 总值\u3000')).toBe('gdp总值');
    expect(matchScore('g d p', ['地区生产总值', 'GDP'])).toBe(3);
  });
  it('ranks the whole text above a prefix above an inner match, stable among equals', () => {
    const items = ['柯桥街道办事处', '柯桥', '钱清柯桥片', '华舍街道'];
    expect(bestMatches(items, '柯桥', (s) => [s])).toEqual(['柯桥', '柯桥街道办事处', '钱清柯桥片']);
    expect(bestMatches(items, '', (s) => [s])).toEqual([]);
    expect(bestMatches(items, '街道', (s) => [s], 1)).toEqual(['柯桥街道办事处']);
  });
});

describe('shell preferences', () => {
  it('reads what it wrote and falls back on anything else', () => {
    expect(parsePrefs(JSON.stringify({ collapsed: true, density: 'small' }))).toEqual({ collapsed: true, density: 'small' });
    expect(parsePrefs(JSON.stringify({ collapsed: 'yes', density: 'tiny' }))).toEqual({ collapsed: false, density: 'default' });
    expect(parsePrefs('{not json')).toEqual({ collapsed: false, density: 'default' });
    expect(parsePrefs(null)).toEqual({ collapsed: false, density: 'default' });
  });
});
