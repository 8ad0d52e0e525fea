/** The discovered web modules: the menu and the cockpit cards derived from them. */
import { describe, expect, it } from 'vitest';
import type { MenuEntry } from '../src/router/guard';
import { menuFrom, MENU } from '../src/router/menu';
import { MODULES } from '../src/router/modules';
import { CARDS, cardRegistry, cockpitItems } from '../src/views/home/cards';
import type { IndicatorSummaryItem } from '../src/api/types';

/** The menu as it was written by hand before it was derived from route meta. */
const HAND_WRITTEN_MENU: MenuEntry[] = [
  { path: '/', titleKey: 'menu.home', permission: 'report:read', icon: 'cockpit' },
  { path: '/screen', titleKey: 'menu.screen', permission: 'report:read', icon: 'screen' },
  {
    path: '/data',
    titleKey: 'menu.data',
    icon: 'data',
    children: [
      { path: '/data', titleKey: 'menu.dataBrowser', permission: 'data:read' },
      { path: '/data/import', titleKey: 'menu.dataImport', permission: 'data:import' },
      { path: '/collect', titleKey: 'menu.collect', permission: 'data:read' },
      { path: '/data/indicators', titleKey: 'menu.dataIndicators', permission: 'indicator:read' },
      { path: '/data/regions', titleKey: 'menu.regionMaps', permission: 'region:write' },
    ],
  },
  {
    path: '/admin',
    titleKey: 'menu.admin',
    icon: 'admin',
    children: [
      { path: '/admin/users', titleKey: 'menu.users', permission: 'user:manage' },
      { path: '/admin/roles', titleKey: 'menu.roles', permission: 'user:manage' },
      { path: '/admin/departments', titleKey: 'menu.departments', permission: 'user:manage' },
    ],
  },
  { path: '/access', titleKey: 'menu.access', permission: 'data:read', icon: 'access' },
  { path: '/assess', titleKey: 'menu.assess', permission: 'assess:read', icon: 'assess' },
  { path: '/mujun', titleKey: 'menu.mujun', permission: 'mujun:read', icon: 'mujun' },
  { path: '/mujun/mine', titleKey: 'menu.mujunMine', permission: 'mujun:own', icon: 'mujun' },
  {
    path: '/targets',
    titleKey: 'menu.targets',
    icon: 'targets',
    children: [
      { path: '/targets', titleKey: 'menu.targetsWall', permission: 'targets:read' },
      { path: '/targets/projects', titleKey: 'menu.targetsProjects', permission: 'targets:read' },
      { path: '/targets/milestones', titleKey: 'menu.targetsMilestones', permission: 'targets:read' },
    ],
  },
  { path: '/events', titleKey: 'menu.events', permission: 'events:read', icon: 'events' },
  {
    path: '/ecology',
    titleKey: 'menu.ecologyGroup',
    icon: 'ecology',
    children: [
      { path: '/ecology', titleKey: 'menu.ecology', permission: 'ecology:read' },
      { path: '/ecology/rivers', titleKey: 'menu.rivers', permission: 'ecology:read' },
    ],
  },
  {
    path: '/enforce',
    titleKey: 'menu.enforce',
    icon: 'enforce',
    children: [
      { path: '/enforce', titleKey: 'menu.enforceItems', permission: 'enforce:read' },
      { path: '/enforce/draws', titleKey: 'menu.enforceDraws', permission: 'enforce:read' },
      { path: '/enforce/alerts', titleKey: 'menu.enforceAlerts', permission: 'enforce:read' },
      { path: '/enforce/plans', titleKey: 'menu.enforcePlans', permission: 'enforce:read' },
      { path: '/enforce/cases', titleKey: 'menu.enforceCases', permission: 'enforce:read' },
    ],
  },
  {
    path: '/rural',
    titleKey: 'menu.rural',
    icon: 'rural',
    children: [
      { path: '/rural', titleKey: 'menu.ruralEconomy', permission: 'rural:read' },
      { path: '/rural/households', titleKey: 'menu.ruralHouseholds', permission: 'rural:read' },
      { path: '/rural/future', titleKey: 'menu.ruralFuture', permission: 'rural:read' },
    ],
  },
  { path: '/audit', titleKey: 'menu.audit', permission: 'audit:read', icon: 'audit' },
];

describe('web modules', () => {
  it('are found under views/ with unique ids and route names', () => {
    expect(MODULES.map((m) => m.id)).toEqual([
      'account',
      'admin',
      'assess',
      'audit',
      'circles',
      'collect',
      'data',
      'ecology',
      'enforce',
      'events',
      'home',
      'mujun',
      'regions',
      'rural',
      'screen',
      'targets',
    ]);
    const names = MODULES.flatMap((m) => m.routes.map((r) => r.name));
    expect(new Set(names).size).toBe(names.length);
  });

  it('derive the menu from route meta, equal to the menu written by hand before', () => {
    expect(MENU).toEqual(HAND_WRITTEN_MENU);
  });

  it('refuse a menu entry under a group nobody declares', () => {
    const stray = { id: 'x', routes: [{ path: 'x', component: {}, meta: { titleKey: 'menu.x', menu: { order: 1, parent: '/nowhere' } } }] };
    expect(() => menuFrom([stray])).toThrow(/unknown group \/nowhere/);
  });

  it('drop a group no page belongs to', () => {
    expect(menuFrom([{ id: 'x', routes: [], menuGroups: [{ path: '/g', titleKey: 'menu.g', order: 1 }] }])).toEqual([]);
  });
});

describe('cockpit card registry', () => {
  const item = (code: string) => ({ indicatorCode: code }) as IndicatorSummaryItem;

  it('orders the cards of every module: statistics first, then circles, 亩均, targets, air quality, events and rural', () => {
    expect(CARDS.map((c) => c.indicator)).toEqual([
      'GDP',
      'INCOME_PC',
      'INCOME_RURAL',
      'INCOME_RATIO',
      'POP_RESIDENT',
      'TEXTILE_TURNOVER',
      'INDUSTRIAL_OUTPUT',
      'FIXED_INVESTMENT',
      'SERVICE_CIRCLE_COVERAGE',
      'MJ_TAX_PER_MU_ABOVE',
      'MJ_SHARE_A',
      'MJ_LAND_CD',
      'TG_ONTRACK_RATE',
      'GOOD_AIR_RATIO',
      'ECO_GOOD_AIR_RATIO',
      'ECO_WATER_ON_TARGET',
      'EV_ONTIME_HANDLE_RATE',
      'RURAL_COLLECTIVE_OPERATING_INCOME',
      'RURAL_LOW_INCOME_PCDI_GROWTH',
    ]);
  });

  it('refuses a card registered twice', () => {
    const card = { id: 'GDP', indicator: 'GDP', order: 1 };
    expect(() =>
      cardRegistry([
        { id: 'a', routes: [], cards: [card] },
        { id: 'b', routes: [], cards: [card] },
      ]),
    ).toThrow(/GDP is registered twice/);
  });

  it('leaves out the cards a user may not see', () => {
    const cards = [
      { id: 'A', indicator: 'A', order: 1 },
      { id: 'B', indicator: 'B', order: 2, permission: 'assess:read' },
    ];
    const items = [item('Z'), item('B'), item('A')];
    expect(cockpitItems(items, { permissions: ['report:read'], mustChangePassword: false }, cards).map((i) => i.indicatorCode)).toEqual([
      'A',
      'Z',
    ]);
    expect(
      cockpitItems(items, { permissions: ['report:read', 'assess:read'], mustChangePassword: false }, cards).map((i) => i.indicatorCode),
    ).toEqual(['A', 'B', 'Z']);
  });
});
