import { ApartmentOutlined, AuditOutlined, HomeOutlined, TeamOutlined } from '@ant-design/icons';
import type { TMenuEntry } from './menu-access.ts';

/**
 * Side menu and page routes in one table: a module adds its page with one line here.
 * Entries are shown in this order to roles holding `permission`.
 */
// biome-ignore format: one line per entry keeps adding a module a one-line change
export const MENU: readonly TMenuEntry[] = [
  { key: 'home', path: '/', label: '首页', icon: <HomeOutlined />, page: () => import('../pages/home/index.tsx') },
  { key: 'regions', path: '/regions', label: '行政区划', icon: <ApartmentOutlined />, permission: 'regions.read', page: () => import('../pages/regions/index.tsx') },
  { key: 'users', path: '/admin/users', label: '用户管理', icon: <TeamOutlined />, permission: 'users.manage', page: () => import('../pages/admin/users/index.tsx') },
  { key: 'audit', path: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read', page: () => import('../pages/audit/index.tsx') },
];
