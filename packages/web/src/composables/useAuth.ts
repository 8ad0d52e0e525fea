/**
 * The signed-in user: a small reactive store (no Pinia needed for one object). Holds the user from
 * /auth/login or /auth/me and hands its CSRF token to the HTTP layer.
 */
import { computed, reactive } from 'vue';
import * as api from '../api/auth';
import { ApiError, setCsrfToken } from '../api/http';
import type { Me } from '../api/types';

const state = reactive<{ me: Me | null; loaded: boolean }>({ me: null, loaded: false });

function setMe(me: Me | null) {
  state.me = me;
  setCsrfToken(me?.csrfToken);
}

/** True when the user holds the permission (pure, for guards, menus and tests). */
export function hasPermission(me: Pick<Me, 'permissions'> | null, permission: string | undefined): boolean {
  if (!permission) return true;
  return !!me && me.permissions.includes(permission);
}

export const auth = {
  state,
  setMe,
  /** Asks the server who is signed in (once per page load unless forced). */
  async load(force = false): Promise<Me | null> {
    if (state.loaded && !force) return state.me;
    try {
      setMe(await api.fetchMe());
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      setMe(null);
    }
    state.loaded = true;
    return state.me;
  },
  async login(username: string, password: string, totp?: string): Promise<Me> {
    const me = await api.login(username, password, totp);
    setMe(me);
    state.loaded = true;
    return me;
  },
  async logout(everywhere = false) {
    try {
      await api.logout(everywhere);
    } finally {
      setMe(null);
    }
  },
  /** After a password change or turning on the second factor the server clears the flag; refresh the user. */
  async passwordChanged() {
    await auth.load(true);
  },
  /** The session ended (401): forget the user without calling the server. */
  forget() {
    setMe(null);
    state.loaded = true;
  },
  can: (permission?: string) => hasPermission(state.me, permission),
};

export function useAuth() {
  return {
    me: computed(() => state.me),
    can: auth.can,
    login: auth.login,
    logout: auth.logout,
  };
}
