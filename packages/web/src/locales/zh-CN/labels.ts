import type { Role } from '@healthaid/domain/access';

/** Chinese labels for enumerations the server sends as codes. */

export const PRODUCT_NAME = 'HealthAid · 健康扶贫动态管理系统';
export const PRODUCT_SHORT_NAME = 'HealthAid';

export const REGION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type TRegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABELS: Record<TRegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县/区',
  township: '乡镇/街道',
  village: '村/社区',
};

export const USER_STATUSES = ['active', 'disabled', 'locked'] as const;
export type TUserStatus = (typeof USER_STATUSES)[number];

export const USER_STATUS_LABELS: Record<TUserStatus, string> = {
  active: '正常',
  disabled: '已停用',
  locked: '已锁定',
};

export const AUDIT_RESULTS = ['success', 'failure', 'denied'] as const;
export type TAuditResult = (typeof AUDIT_RESULTS)[number];

export const AUDIT_RESULT_LABELS: Record<TAuditResult, string> = {
  success: '成功',
  failure: '失败',
  denied: '拒绝',
};

export const SESSION_EXPIRED_MESSAGE = '登录已超时，请重新登录';

/** One line per role on the home page: what the account is for. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  sysadmin: '管理用户账号与系统配置；不能查看个人数据和审计日志。',
  auditor: '只读查看审计日志，可按条件筛选并导出 Excel。',
  county: '办理本县范围内的业务：人员信息、数据导入、随访、身份核验与政策配置。',
  township: '办理本乡镇范围内的人员信息与随访业务。',
  village_doctor: '查看本村人员信息，完成上门核实与随访。',
  hospital_clerk: '在所属医疗机构办理身份核验与费用结算。',
  viewer: '查看辖区内的汇总数据，不含个人明细。',
};
