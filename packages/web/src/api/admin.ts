import { getJson, patchJson, postJson, putJson } from './http';
import type { DataScope, Department, Page, Role, User } from './types';

export const fetchUsers = (q: { q?: string; page?: number; pageSize?: number } = {}) => getJson<Page<User>>('/users', q);
export interface UserInput {
  username: string;
  displayName: string;
  regionCode: string | null;
  departmentId: number | null;
  roles: string[];
  /** 统一社会信用代码 of the enterprise an enterprise account represents */
  enterprise?: string | null;
}
export const createUser = (input: UserInput) => postJson<{ id: number; oneTimePassword: string }>('/users', input);
export const updateUser = (id: number, input: Partial<Omit<UserInput, 'username'> & { disabled: boolean }>) =>
  patchJson<{ ok: true }>(`/users/${id}`, input);
export const resetPassword = (username: string) =>
  postJson<{ oneTimePassword: string }>(`/users/${encodeURIComponent(username)}/password-reset`);

export const fetchRoles = () => getJson<{ items: Role[]; permissions: string[] }>('/roles');
export const saveRole = (code: string, input: { nameZh: string; nameEn: string; permissions: string[]; dataScope: DataScope }) =>
  putJson<{ ok: true }>(`/roles/${code}`, input);

export const fetchDepartments = () => getJson<{ items: Department[] }>('/departments');
export const createDepartment = (input: { name: string; parentId: number | null; regionCode: string | null }) =>
  postJson<{ id: number }>('/departments', input);
