import { createContext } from 'react';
import type { TUser } from './auth-api.ts';

export type TAuthState =
  | { status: 'loading'; user: null }
  | { status: 'anonymous'; user: null }
  | { status: 'authenticated'; user: TUser };

export type TAuthContext = TAuthState & {
  login: (username: string, password: string) => Promise<TUser>;
  logout: () => Promise<void>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<TUser>;
};

export const AuthContext = createContext<TAuthContext | null>(null);
