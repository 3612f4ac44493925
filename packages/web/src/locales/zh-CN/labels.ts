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
