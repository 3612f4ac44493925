import type { Role } from '@healthaid/domain/access';
import { api } from '../api/client.ts';

export type TUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** 12-digit region code of the user's scope. */
  regionCode: string;
  regionName: string;
  institutionCode: string | null;
  mustChangePassword: boolean;
};

export type TSession = { user: TUser; csrfToken: string };

export function fetchSession(): Promise<TSession> {
  return api.get<TSession>('/auth/me', { shouldSkipSessionHandler: true });
}

export function login(username: string, password: string): Promise<TSession> {
  return api.post<TSession>('/auth/login', { username, password }, { shouldSkipSessionHandler: true });
}

export function logout(): Promise<void> {
  return api.post<void>('/auth/logout', undefined, { shouldSkipSessionHandler: true });
}

export function changePassword(currentPassword: string, newPassword: string): Promise<{ user: TUser }> {
  return api.post<{ user: TUser }>('/auth/change-password', { currentPassword, newPassword });
}
