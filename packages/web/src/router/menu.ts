/**
 * The side menu, derived from the modules' route meta (`meta.menu`) and menu groups; each entry
 * carries the permission its route requires.
 */
import type { MenuEntry } from './guard';
import type { WebModule } from './module';
import { MODULES } from './modules';

type Ordered = MenuEntry & { order: number };

const byOrder = (a: Ordered, b: Ordered) => a.order - b.order || a.path.localeCompare(b.path);
const strip = ({ order: _order, ...entry }: Ordered): MenuEntry => entry;

export function menuFrom(modules: WebModule[]): MenuEntry[] {
  const groups = new Map<string, Ordered>();
  for (const g of modules.flatMap((m) => m.menuGroups ?? [])) {
    if (groups.has(g.path)) throw new Error(`menu group ${g.path} is declared twice`);
    groups.set(g.path, { path: g.path, titleKey: g.titleKey, icon: g.icon, order: g.order, children: [] });
  }
  const top: Ordered[] = [...groups.values()];
  for (const route of modules.flatMap((m) => m.routes)) {
    const menu = route.meta?.menu;
    if (!menu) continue;
    const titleKey = route.meta?.titleKey;
    if (!titleKey) throw new Error(`menu entry ${route.path} has no titleKey`);
    const entry: Ordered = { path: `/${route.path}`, titleKey, order: menu.order };
    if (route.meta?.permission) entry.permission = route.meta.permission;
    if (menu.icon) entry.icon = menu.icon;
    if (!menu.parent) top.push(entry);
    else {
      const group = groups.get(menu.parent);
      if (!group) throw new Error(`menu entry ${entry.path} names an unknown group ${menu.parent}`);
      group.children!.push(entry);
    }
  }
  return top
    .filter((e) => !e.children || e.children.length > 0)
    .sort(byOrder)
    .map((e) => (e.children ? { ...strip(e), children: (e.children as Ordered[]).sort(byOrder).map(strip) } : strip(e)));
}

export const MENU: MenuEntry[] = menuFrom(MODULES);
