import { describe, expect, it } from 'vitest';
import { decide, landingFor, safeRedirect, visibleMenu, type Target } from '../src/router/guard';
import { MENU } from '../src/router/menu';
import { hasPermission } from '../src/composables/useAuth';

const to = (fullPath: string, meta: Target['meta'] = {}): Target => ({ path: fullPath.split('?')[0], fullPath, meta });
const admin = {
  permissions: ['report:read', 'data:read', 'data:import', 'data:export', 'data:delete', 'user:manage', 'audit:read'],
  mustChangePassword: false,
};
const town = {
  permissions: ['region:read', 'indicator:read', 'data:read', 'data:import', 'data:export', 'report:read'],
  mustChangePassword: false,
};
const auditor = { permissions: ['audit:read'], mustChangePassword: false };

describe('route guard', () => {
  it('sends anonymous users to login, keeping where they were going', () => {
    expect(decide(to('/data?batch=3', { permission: 'data:read' }), null)).toEqual({
      path: '/login',
      query: { redirect: '/data?batch=3' },
    });
    expect(decide(to('/'), null)).toEqual({ path: '/login' });
    expect(decide(to('/login', { public: true }), null)).toBe(true);
  });

  it('keeps a user with a one-time password on the change-password page', () => {
    const fresh = { ...admin, mustChangePassword: true };
    expect(decide(to('/data', { permission: 'data:read' }), fresh)).toEqual({ path: '/password', query: { redirect: '/data' } });
    expect(decide(to('/password', { allowWhilePasswordChange: true }), fresh)).toBe(true);
    expect(decide(to('/login', { public: true }), fresh)).toEqual({ path: '/password' });
  });

  it('keeps an administrator without the required authenticator app on the security page, after the password', () => {
    const enrolling = { ...admin, mustEnrollSecondFactor: true };
    expect(decide(to('/data', { permission: 'data:read' }), enrolling)).toEqual({
      path: '/account/security',
      query: { redirect: '/data' },
    });
    expect(decide(to('/account/security', { allowWhileEnrolling: true }), enrolling)).toBe(true);
    expect(decide(to('/login', { public: true }), enrolling)).toEqual({ path: '/account/security' });
    // a one-time password is replaced first
    const both = { ...enrolling, mustChangePassword: true };
    expect(decide(to('/account/security', { allowWhileEnrolling: true }), both)).toEqual({
      path: '/password',
      query: { redirect: '/account/security' },
    });
  });

  it('refuses pages without the permission, and finds a landing page the user may open', () => {
    expect(decide(to('/admin/users', { permission: 'user:manage' }), town)).toEqual({ path: '/403', query: { from: '/admin/users' } });
    expect(decide(to('/admin/users', { permission: 'user:manage' }), admin)).toBe(true);
    expect(decide(to('/', { permission: 'report:read' }), auditor)).toEqual({ path: '/audit' });
    expect(landingFor(town)).toBe('/');
    expect(landingFor({ permissions: [], mustChangePassword: false })).toBe('/account');
    expect(decide(to('/login', { public: true }), town)).toEqual({ path: '/' });
  });

  it('follows only same-site redirects', () => {
    expect(safeRedirect('/data?x=1')).toBe('/data?x=1');
    expect(safeRedirect('//evil.example')).toBeNull();
    expect(safeRedirect('https://evil.example')).toBeNull();
    expect(safeRedirect(['/data'])).toBeNull();
  });
});

describe('side menu', () => {
  const paths = (user: typeof admin | null) =>
    visibleMenu(MENU, user).flatMap((e) => (e.children ? e.children.map((c) => c.path) : [e.path]));

  it('shows only what the user may open and drops empty groups', () => {
    expect(paths(admin)).toEqual(
      expect.arrayContaining(['/', '/data', '/data/import', '/admin/users', '/admin/roles', '/admin/departments', '/audit']),
    );
    const townPaths = paths(town);
    expect(townPaths).toEqual(expect.arrayContaining(['/', '/data', '/data/import']));
    expect(townPaths).not.toContain('/admin/users');
    expect(townPaths).not.toContain('/audit');
    expect(visibleMenu(MENU, town).some((e) => e.path === '/admin')).toBe(false);
    expect(paths(auditor)).toEqual(['/audit']);
    expect(paths(null)).toEqual([]);
  });

  it('every menu entry names its permission', () => {
    const leaves = MENU.flatMap((e) => e.children ?? [e]);
    expect(leaves.every((e) => typeof e.permission === 'string')).toBe(true);
  });

  it('checks permissions', () => {
    expect(hasPermission(town, 'data:read')).toBe(true);
    expect(hasPermission(town, 'data:delete')).toBe(false);
    expect(hasPermission(null, 'data:read')).toBe(false);
    expect(hasPermission(null, undefined)).toBe(true);
  });
});
