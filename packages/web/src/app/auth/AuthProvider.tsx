import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { onSessionExpired, setCsrfToken } from '../api/client.ts';
import { clearRegionCache } from '../region/region-api.ts';
import * as authApi from './auth-api.ts';
import { AuthContext, type TAuthContext, type TAuthState } from './auth-context.ts';
import { buildLoginPath } from './redirect.ts';

const ANONYMOUS: TAuthState = { status: 'anonymous', user: null };

/**
 * Holds the signed-in user. On load it asks /auth/me (the session cookie is httpOnly)
 * and keeps the returned CSRF token in memory; an expired session anywhere in the app
 * sends the user to /login with a notice and a way back.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<TAuthState>({ status: 'loading', user: null });
  const navigate = useNavigate();
  const location = useLocation();
  const currentPathRef = useRef('/');
  currentPathRef.current = `${location.pathname}${location.search}`;

  const endSession = useCallback(() => {
    setCsrfToken(null);
    clearRegionCache();
    setState(ANONYMOUS);
  }, []);

  useEffect(() => {
    let isCancelled = false;
    authApi
      .fetchSession()
      .then((session) => {
        if (!isCancelled) {
          setCsrfToken(session.csrfToken);
          setState({ status: 'authenticated', user: session.user });
        }
      })
      .catch(() => {
        if (!isCancelled) {
          setState(ANONYMOUS);
        }
      });
    return () => {
      isCancelled = true;
    };
  }, []);

  useEffect(
    () =>
      onSessionExpired(() => {
        endSession();
        void navigate(buildLoginPath(currentPathRef.current, 'expired'), { replace: true });
      }),
    [endSession, navigate],
  );

  const login = useCallback(async (username: string, password: string) => {
    const session = await authApi.login(username, password);
    setCsrfToken(session.csrfToken);
    clearRegionCache();
    setState({ status: 'authenticated', user: session.user });
    return session.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // The session is dropped locally either way; the server expires it on its own.
    }
    endSession();
    await navigate('/login', { replace: true });
  }, [endSession, navigate]);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const { user } = await authApi.changePassword(currentPassword, newPassword);
    setState({ status: 'authenticated', user });
    return user;
  }, []);

  const value = useMemo<TAuthContext>(
    () => ({ ...state, login, logout, changePassword }),
    [state, login, logout, changePassword],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
