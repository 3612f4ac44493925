import {
  ApartmentOutlined,
  AuditOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FundOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { TMenuEntry } from './menu-access.ts';

/**
 * Side menu and page routes in one table: a module adds its page with one line here.
 * Entries are shown in this order to roles holding `permission`.
 */
// biome-ignore format: one line per entry keeps adding a module a one-line change
export const MENU: readonly TMenuEntry[] = [
  { key: 'home', path: '/', label: '首页', icon: <HomeOutlined />, page: () => import('../pages/home/index.tsx') },
  { key: 'dashboard', path: '/dashboard', label: '驾驶舱', icon: <DashboardOutlined />, permission: 'aggregates.read', page: () => import('../pages/dashboard/index.tsx') },
  { key: 'indicators', path: '/indicators', label: '指标查询', icon: <FundOutlined />, permission: 'aggregates.read', page: () => import('../pages/indicators/index.tsx') },
  { key: 'reports', path: '/reports', label: '工作总结', icon: <FileTextOutlined />, permission: 'aggregates.read', page: () => import('../pages/reports/index.tsx') },
  { key: 'regions', path: '/regions', label: '行政区划', icon: <ApartmentOutlined />, permission: 'regions.read', page: () => import('../pages/regions/index.tsx') },
  { key: 'users', path: '/admin/users', label: '用户管理', icon: <TeamOutlined />, permission: 'users.manage', page: () => import('../pages/admin/users/index.tsx') },
  { key: 'audit', path: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read', page: () => import('../pages/audit/index.tsx') },
];
