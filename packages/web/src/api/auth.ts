import { getJson, postJson, request } from './http';
import type { Me } from './types';

export const fetchMe = () => request<Me>('GET', '/auth/me', { quiet: true });
export const login = (username: string, password: string, totp?: string) =>
  request<Me>('POST', '/auth/login', { json: { username, password, totp }, quiet: true });
export const logout = (everywhere = false) =>
  request<{ sessionsEnded: number }>('POST', '/auth/logout', { json: { everywhere }, quiet: true });
export const changePassword = (current: string, next: string) => postJson<{ ok: true }>('/auth/password', { current, next });
export const fetchTokens = () =>
  getJson<{
    items: {
      id: number;
      name: string;
      prefix: string;
      createdAt: string;
      lastUsedAt: string | null;
      expiresAt: string | null;
      revoked: boolean;
    }[];
  }>('/auth/tokens');

/** The TOTP second factor of the signed-in user (server: auth/second-factor-routes.ts). */
export const fetchTotp = () => getJson<{ enabled: boolean }>('/auth/totp');
export const beginTotp = () => postJson<{ secret: string; uri: string }>('/auth/totp/setup', {});
export const confirmTotp = (code: string) => postJson<{ ok: true }>('/auth/totp/confirm', { code });
export const disableTotp = (password: string, code: string) => postJson<{ ok: true }>('/auth/totp/disable', { password, code });
