/**
 * What a web module declares in `views/<module>/module.ts` (found by ./modules.ts): its pages, where
 * they sit in the side menu, and its cockpit cards. Its texts live beside it in
 * `views/<module>/locales/{zh-CN,en}.ts` (found by i18n/messages.ts).
 */
import type { RouteRecordRaw } from 'vue-router';
import type { RouteMetaLike } from './guard';

/** Where a page appears in the side menu. */
export interface MenuPlacement {
  /** position among its siblings (top-level entries and groups share one order) */
  order: number;
  icon?: string;
  /** path of the menu group it belongs to (a group any module declares in `menuGroups`) */
  parent?: string;
}

/** A heading of the side menu that opens into pages (its children come from route meta). */
export interface MenuGroup {
  path: string;
  titleKey: string;
  order: number;
  icon?: string;
}

/** A key-indicator card on the cockpit, fed by /reports/indicator-summary for the chosen region. */
export interface CockpitCard {
  id: string;
  /** position on the cockpit; the cards of all modules share one order */
  order: number;
  /** indicator code shown by the card */
  indicator: string;
  /** shown only to users holding it (the cockpit itself needs report:read) */
  permission?: string;
}

export interface WebModule {
  id: string;
  /** pages inside the app layout, paths relative to `/`; `meta.menu` puts one in the side menu */
  routes: RouteRecordRaw[];
  menuGroups?: MenuGroup[];
  cards?: CockpitCard[];
}

declare module 'vue-router' {
  interface RouteMeta extends RouteMetaLike {
    titleKey?: string;
    menu?: MenuPlacement;
    /** shown full screen without the side menu and header (the 大屏), still behind the same guard */
    bare?: boolean;
  }
}

/** Identity, for type checking a module's declaration where it is written. */
export const defineModule = (module: WebModule): WebModule => module;
