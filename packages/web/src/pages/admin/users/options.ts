import { ROLE_LABELS, ROLES } from '@healthaid/domain/access';
import type { FormRule } from 'antd';
import { USER_STATUS_LABELS, USER_STATUSES } from '../../../locales/zh-CN/labels.ts';

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export const STATUS_OPTIONS = USER_STATUSES.map((status) => ({
  value: status,
  label: USER_STATUS_LABELS[status],
}));

/** The same limits as the server's user schema, so that mistakes show next to the field. */
export const USERNAME_CHARS = /^[a-zA-Z0-9_.-]*$/;
export const INSTITUTION_CODE_CHARS = /^\s*[A-Za-z0-9_-]*\s*$/;

export const USERNAME_RULES: FormRule[] = [
  { required: true, whitespace: true, message: '请输入用户名' },
  { min: 3, max: 32, message: '用户名应为 3–32 个字符' },
  { pattern: USERNAME_CHARS, message: '用户名只能包含字母、数字、下划线、点和连字符' },
];

export const DISPLAY_NAME_RULES: FormRule[] = [
  { required: true, whitespace: true, message: '请输入姓名' },
  { max: 50, message: '姓名最多 50 个字符' },
];

export const INSTITUTION_CODE_RULES: FormRule[] = [
  { max: 40, message: '机构编码最多 40 个字符' },
  { pattern: INSTITUTION_CODE_CHARS, message: '机构编码只能包含字母、数字、下划线和连字符' },
];
