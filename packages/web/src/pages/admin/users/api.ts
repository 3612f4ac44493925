import type { Role } from '@healthaid/domain/access';
import { api } from '../../../app/api/client.ts';
import type { TPage, TPageParams } from '../../../app/api/types.ts';
import type { TUserStatus } from '../../../locales/zh-CN/labels.ts';

export type TManagedUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string;
  institutionCode: string | null;
  status: TUserStatus;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};

export type TUserFilters = { q?: string; role?: Role; status?: TUserStatus };

export type TCreateUserInput = {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  regionCode: string;
  institutionCode?: string;
};

export type TUpdateUserInput = Partial<
  Pick<TCreateUserInput, 'displayName' | 'role' | 'regionCode' | 'institutionCode'>
>;

const userPath = (id: string, action = '') => `/users/${encodeURIComponent(id)}${action}`;

export function listUsers(params: TUserFilters & TPageParams): Promise<TPage<TManagedUser>> {
  return api.get<TPage<TManagedUser>>('/users', { query: params });
}

export function createUser(input: TCreateUserInput): Promise<TManagedUser> {
  return api.post<TManagedUser>('/users', input);
}

export function updateUser(id: string, input: TUpdateUserInput): Promise<TManagedUser> {
  return api.patch<TManagedUser>(userPath(id), input);
}

export function disableUser(id: string): Promise<unknown> {
  return api.post(userPath(id, '/disable'));
}

/** Enables a disabled account; also unlocks a locked one. */
export function enableUser(id: string): Promise<unknown> {
  return api.post(userPath(id, '/enable'));
}

/** Sets a new password; the user must change it at the next login. */
export function resetUserPassword(id: string, password: string): Promise<unknown> {
  return api.post(userPath(id, '/reset-password'), { password });
}
