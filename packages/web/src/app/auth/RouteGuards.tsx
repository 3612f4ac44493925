import { can, type Permission } from '@healthaid/domain/access';
import { Navigate, Outlet, useLocation } from 'react-router';
import { PageLoading } from '../../components/PageLoading.tsx';
import { ForbiddenPage } from '../../pages/exception/ForbiddenPage.tsx';
import { buildLoginPath } from './redirect.ts';
import { useAuth, useCurrentUser } from './useAuth.ts';

/** Renders the child routes only for a signed-in user; others go to /login and come back. */
export function RequireAuth() {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') {
    return <PageLoading isFullPage />;
  }
  if (status === 'anonymous') {
    return <Navigate to={buildLoginPath(`${location.pathname}${location.search}`)} replace />;
  }
  return <Outlet />;
}

/** Keeps users who must change their password on /change-password until they do. */
export function RequirePasswordChanged() {
  const user = useCurrentUser();
  if (user.mustChangePassword) {
    return <Navigate to="/change-password" replace />;
  }
  return <Outlet />;
}

/** Shows the 403 page when the role lacks `permission` (the server enforces the same rule). */
export function RequirePermission({ permission }: { permission: Permission | undefined }) {
  const user = useCurrentUser();
  if (permission && !can(user.role, permission)) {
    return <ForbiddenPage />;
  }
  return <Outlet />;
}
