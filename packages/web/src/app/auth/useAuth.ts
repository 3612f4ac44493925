import { useContext } from 'react';
import type { TUser } from './auth-api.ts';
import { AuthContext, type TAuthContext } from './auth-context.ts';

export function useAuth(): TAuthContext {
  const context = useContext(AuthContext);
  if (!context) {
    throw new Error('useAuth must be used inside <AuthProvider>');
  }
  return context;
}

/** The signed-in user; only for components rendered behind <RequireAuth>. */
export function useCurrentUser(): TUser {
  const { user } = useAuth();
  if (!user) {
    throw new Error('useCurrentUser must be used behind <RequireAuth>');
  }
  return user;
}
