/** Pure route decisions (who may go where), shared by the router guard, the side menu and the tests. */
import { hasPermission } from '../composables/useAuth';

export interface RouteMetaLike {
  public?: boolean;
  permission?: string;
  /** reachable while the user still has to replace a one-time password */
  allowWhilePasswordChange?: boolean;
  /** reachable while an administrator still has to set up the authenticator app */
  allowWhileEnrolling?: boolean;
}

export interface Target {
  path: string;
  fullPath: string;
  meta: RouteMetaLike;
}

export interface UserLike {
  permissions: string[];
  mustChangePassword: boolean;
  mustEnrollSecondFactor?: boolean;
}

export type Decision = true | { path: string; query?: Record<string, string> };

/** Landing pages in order of preference: the first one the user may open is their home. */
export const LANDING: { path: string; permission: string }[] = [
  { path: '/', permission: 'report:read' },
  { path: '/data', permission: 'data:read' },
  { path: '/data/import', permission: 'data:import' },
  { path: '/admin/users', permission: 'user:manage' },
  { path: '/audit', permission: 'audit:read' },
  { path: '/mujun/mine', permission: 'mujun:own' },
];

/** The security page where an administrator sets up the authenticator app. */
export const SECOND_FACTOR_PAGE = '/account/security';

export function landingFor(user: UserLike): string {
  if (user.mustEnrollSecondFactor) return SECOND_FACTOR_PAGE;
  return LANDING.find((l) => hasPermission(user, l.permission))?.path ?? '/account';
}

export function decide(to: Target, user: UserLike | null): Decision {
  if (to.meta.public) {
    return user && to.path === '/login' ? { path: user.mustChangePassword ? '/password' : landingFor(user) } : true;
  }
  if (!user) return to.fullPath === '/' ? { path: '/login' } : { path: '/login', query: { redirect: to.fullPath } };
  if (user.mustChangePassword && !to.meta.allowWhilePasswordChange) {
    return { path: '/password', query: { redirect: to.fullPath } };
  }
  if (user.mustEnrollSecondFactor && !user.mustChangePassword && !to.meta.allowWhileEnrolling) {
    return { path: SECOND_FACTOR_PAGE, query: { redirect: to.fullPath } };
  }
  if (!hasPermission(user, to.meta.permission)) {
    const landing = landingFor(user);
    return to.path === '/' && landing !== '/' ? { path: landing } : { path: '/403', query: { from: to.fullPath } };
  }
  return true;
}

/** Only same-site paths are followed after login (no open redirect). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null;
}

export interface MenuEntry {
  path: string;
  titleKey: string;
  permission?: string;
  icon?: string;
  children?: MenuEntry[];
}

/** The menu with the entries the user may not open removed (and groups left empty dropped). */
export function visibleMenu(menu: MenuEntry[], user: UserLike | null): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const entry of menu) {
    if (!hasPermission(user, entry.permission)) continue;
    if (entry.children) {
      const children = visibleMenu(entry.children, user);
      if (children.length) out.push({ ...entry, children });
    } else out.push(entry);
  }
  return out;
}
