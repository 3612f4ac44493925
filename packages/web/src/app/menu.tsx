import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FormOutlined,
  FundOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  InsertRowAboveOutlined,
  LineChartOutlined,
  MedicineBoxOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TableOutlined,
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
  { key: 'statistics', path: '/statistics', label: '统计报表', icon: <TableOutlined />, permission: 'aggregates.read', page: () => import('../pages/statistics/index.tsx') },
  { key: 'reports', path: '/reports', label: '工作总结', icon: <FileTextOutlined />, permission: 'aggregates.read', page: () => import('../pages/reports/index.tsx') },
  { key: 'households', path: '/households', label: '户档案', icon: <InsertRowAboveOutlined />, permission: 'persons.read', page: () => import('../pages/registry/households/index.tsx') },
  { key: 'persons', path: '/persons', label: '人员档案', icon: <IdcardOutlined />, permission: 'persons.read', page: () => import('../pages/registry/persons/index.tsx') },
  { key: 'registry-import', path: '/registry/import', label: '数据导入', icon: <CloudUploadOutlined />, permission: 'registry.import', page: () => import('../pages/registry/import/index.tsx') },
  { key: 'verification', path: '/verification', label: '入户核实', icon: <SafetyCertificateOutlined />, permission: 'persons.read', page: () => import('../pages/registry/verification/index.tsx') },
  { key: 'chronic-overdue', path: '/chronic/overdue', label: '今日待随访', icon: <AlertOutlined />, permission: 'persons.read', page: () => import('../pages/chronic/overdue/index.tsx') },
  { key: 'chronic-visits', path: '/chronic/visits', label: '随访登记', icon: <FormOutlined />, permission: 'followups.write', page: () => import('../pages/chronic/visits/index.tsx') },
  { key: 'chronic-contracts', path: '/chronic/contracts', label: '签约管理', icon: <SolutionOutlined />, permission: 'persons.read', page: () => import('../pages/chronic/contracts/index.tsx') },
  { key: 'chronic-teams', path: '/chronic/teams', label: '家庭医生团队', icon: <MedicineBoxOutlined />, permission: 'persons.read', page: () => import('../pages/chronic/teams/index.tsx') },
  { key: 'chronic-indicators', path: '/chronic/indicators', label: '慢病指标', icon: <LineChartOutlined />, permission: 'aggregates.read', page: () => import('../pages/chronic/indicators/index.tsx') },
  { key: 'diagnoses', path: '/diseases/diagnoses', label: '疾病核准', icon: <FileDoneOutlined />, permission: 'persons.read', page: () => import('../pages/diseases/diagnoses/index.tsx') },
  { key: 'treatment-ledger', path: '/diseases/ledger', label: '救治台账', icon: <HeartOutlined />, permission: 'persons.read', page: () => import('../pages/diseases/ledger/index.tsx') },
  { key: 'settlements', path: '/settlements', label: '一站式结算', icon: <AccountBookOutlined />, permission: 'settlements.write', page: () => import('../pages/settlements/index.tsx') },
  { key: 'regions', path: '/regions', label: '行政区划', icon: <ApartmentOutlined />, permission: 'regions.read', page: () => import('../pages/regions/index.tsx') },
  { key: 'users', path: '/admin/users', label: '用户管理', icon: <TeamOutlined />, permission: 'users.manage', page: () => import('../pages/admin/users/index.tsx') },
  { key: 'audit', path: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read', page: () => import('../pages/audit/index.tsx') },
];
