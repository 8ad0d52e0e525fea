/** The side menu; each entry carries the permission its route requires. */
import type { MenuEntry } from './guard';

export const MENU: MenuEntry[] = [
  { path: '/', titleKey: 'menu.home', permission: 'report:read', icon: 'cockpit' },
  {
    path: '/data',
    titleKey: 'menu.data',
    icon: 'data',
    children: [
      { path: '/data', titleKey: 'menu.dataBrowser', permission: 'data:read' },
      { path: '/data/import', titleKey: 'menu.dataImport', permission: 'data:import' },
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
  { path: '/audit', titleKey: 'menu.audit', permission: 'audit:read', icon: 'audit' },
];
