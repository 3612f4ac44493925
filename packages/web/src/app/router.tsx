import type { Permission } from '@healthaid/domain/access';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import { PageLoading } from '../components/PageLoading.tsx';
import { NotFoundPage } from '../pages/exception/NotFoundPage.tsx';
import { RouteErrorPage } from '../pages/exception/RouteErrorPage.tsx';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { RequireAuth, RequirePasswordChanged, RequirePermission } from './auth/RouteGuards.tsx';
import { MENU } from './menu.tsx';

/*
 * Pages are React `lazy` components: their code is fetched the first time they render.
 * Unlike the router's `lazy` route property (resolved for every matched route before any
 * guard runs), this lets the guards decide first, so a signed-out visitor downloads only
 * the login page and a role never fetches pages it may not open.
 */

function AuthRoot() {
  return (
    <AuthProvider>
      <Suspense fallback={<PageLoading isFullPage />}>
        <Outlet />
      </Suspense>
    </AuthProvider>
  );
}

const menuRoutes: RouteObject[] = MENU.map((entry) => ({
  path: entry.path,
  element: <RequirePermission permission={entry.permission} />,
  ErrorBoundary: RouteErrorPage,
  children: [{ index: true, Component: lazy(entry.page) }],
}));

/** Detail pages reached from a list (not menu entries); the menu highlights their list by path prefix. */
const detailRoutes: RouteObject[] = [
  {
    path: '/persons/:id',
    permission: 'persons.read',
    page: () => import('../pages/registry/persons/detail.tsx'),
  },
  {
    path: '/households/:id',
    permission: 'persons.read',
    page: () => import('../pages/registry/households/detail.tsx'),
  },
  {
    path: '/diseases/catalogs/:code',
    permission: 'persons.read',
    page: () => import('../pages/diseases/catalogs/detail.tsx'),
  },
  {
    path: '/chronic/persons/:id',
    permission: 'persons.read',
    page: () => import('../pages/chronic/person/index.tsx'),
  },
  {
    path: '/support/campaigns/:id',
    permission: 'aggregates.read',
    page: () => import('../pages/household-support/campaigns/detail.tsx'),
  },
].map((entry) => ({
  path: entry.path,
  element: <RequirePermission permission={entry.permission as Permission} />,
  ErrorBoundary: RouteErrorPage,
  children: [{ index: true, Component: lazy(entry.page) }],
}));

export const routes: RouteObject[] = [
  {
    Component: AuthRoot,
    ErrorBoundary: RouteErrorPage,
    children: [
      { path: '/login', Component: lazy(() => import('../pages/login/index.tsx')) },
      {
        Component: RequireAuth,
        children: [
          { path: '/change-password', Component: lazy(() => import('../pages/change-password/index.tsx')) },
          {
            Component: RequirePasswordChanged,
            children: [
              {
                path: '/',
                Component: lazy(() => import('../layouts/BasicLayout.tsx')),
                children: [...menuRoutes, ...detailRoutes, { path: '*', Component: NotFoundPage }],
              },
            ],
          },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
