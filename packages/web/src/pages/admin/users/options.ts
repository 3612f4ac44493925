import { ROLE_LABELS, ROLES } from '@healthaid/domain';
import { USER_STATUS_LABELS, USER_STATUSES } from '../../../locales/zh-CN/labels.ts';

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export const STATUS_OPTIONS = USER_STATUSES.map((status) => ({
  value: status,
  label: USER_STATUS_LABELS[status],
}));
