import { Tag } from 'antd';
import { type TUserStatus, USER_STATUS_LABELS } from '../../../../locales/zh-CN/labels.ts';

const STATUS_COLORS: Record<TUserStatus, string> = {
  active: 'success',
  disabled: 'default',
  locked: 'error',
};

export function UserStatusTag({ status }: { status: TUserStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{USER_STATUS_LABELS[status] ?? status}</Tag>;
}
