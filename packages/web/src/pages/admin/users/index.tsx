import { PlusOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '@healthaid/domain/access';
import { App, Button, Card, Empty, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import type { TUserStatus } from '../../../locales/zh-CN/labels.ts';
import { disableUser, enableUser, listUsers, type TManagedUser, type TUserFilters } from './api.ts';
import { ResetPasswordModal } from './components/ResetPasswordModal.tsx';
import { UserFilters } from './components/UserFilters.tsx';
import { UserFormModal } from './components/UserFormModal.tsx';
import { UserStatusTag } from './components/UserStatusTag.tsx';

/** What the status button does for each account status. */
const STATUS_ACTIONS: Record<
  TUserStatus,
  { label: string; confirm: string; done: string; run: (id: string) => Promise<unknown>; isDanger: boolean }
> = {
  active: {
    label: '停用',
    confirm: '停用后该用户将无法登录，确定停用？',
    done: '已停用',
    run: disableUser,
    isDanger: true,
  },
  disabled: { label: '启用', confirm: '确定启用该用户？', done: '已启用', run: enableUser, isDanger: false },
  locked: {
    label: '解锁',
    confirm: '确定解除该用户的登录锁定？',
    done: '已解锁',
    run: enableUser,
    isDanger: false,
  },
};

type TDialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: TManagedUser }
  | { kind: 'reset'; user: TManagedUser }
  | null;

const formatTime = (value: string | null) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—');

/** Account administration for the system administrator (never personal data). */
export default function UsersPage() {
  const { message } = App.useApp();
  const list = usePagedList<TManagedUser, TUserFilters>(listUsers, {});
  const [dialog, setDialog] = useState<TDialog>(null);

  const runStatusAction = async (user: TManagedUser) => {
    const action = STATUS_ACTIONS[user.status];
    try {
      await action.run(user.id);
      message.success(`${action.done}用户 ${user.username}`);
      list.reload();
    } catch (error) {
      message.error(describeError(error));
    }
  };

  const closeAndReload = () => {
    setDialog(null);
    list.reload();
  };

  const columns: TableColumnsType<TManagedUser> = [
    { title: '用户名', dataIndex: 'username', fixed: 'left' },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '角色', dataIndex: 'role', render: (role: TManagedUser['role']) => ROLE_LABELS[role] ?? role },
    { title: '所属区划', dataIndex: 'regionName' },
    { title: '机构编码', dataIndex: 'institutionCode', render: (value: string | null) => value ?? '—' },
    {
      title: '状态',
      dataIndex: 'status',
      render: (status: TUserStatus, user) => (
        <Space size={4} wrap>
          <UserStatusTag status={status} />
          {user.mustChangePassword && <Tag color="warning">待改密</Tag>}
        </Space>
      ),
    },
    { title: '最近登录', dataIndex: 'lastLoginAt', render: formatTime },
    { title: '创建时间', dataIndex: 'createdAt', render: formatTime },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, user) => {
        const action = STATUS_ACTIONS[user.status];
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user })}>
              编辑
            </Button>
            <Button type="link" size="small" onClick={() => setDialog({ kind: 'reset', user })}>
              重置密码
            </Button>
            <Popconfirm
              title={`${action.label}用户 ${user.username}`}
              description={action.confirm}
              okText={action.label}
              cancelText="取消"
              onConfirm={() => runStatusAction(user)}
            >
              <Button type="link" size="small" danger={action.isDanger}>
                {action.label}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <PageContainer
      title="用户管理"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
          新建用户
        </Button>
      }
    >
      <Card>
        <UserFilters onSearch={list.applyFilters} />
      </Card>
      <Card>
        <Table<TManagedUser>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={list.pagination}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的用户" />,
          }}
          scroll={{ x: 'max-content' }}
          size="middle"
        />
      </Card>
      {dialog?.kind === 'create' && (
        <UserFormModal onClose={() => setDialog(null)} onSaved={closeAndReload} />
      )}
      {dialog?.kind === 'edit' && (
        <UserFormModal user={dialog.user} onClose={() => setDialog(null)} onSaved={closeAndReload} />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} onSaved={closeAndReload} />
      )}
    </PageContainer>
  );
}
