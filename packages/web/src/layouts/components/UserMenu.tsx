import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '@healthaid/domain/access';
import { Avatar, Button, Dropdown, Flex, type MenuProps, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from '../../app/auth/useAuth.ts';

/** Header user menu: who is signed in (name, role, region), change password, log out. */
export function UserMenu({ isCompact }: { isCompact: boolean }) {
  const user = useCurrentUser();
  const { logout } = useAuth();
  const navigate = useNavigate();

  const items: MenuProps['items'] = [
    {
      key: 'profile',
      disabled: true,
      label: (
        <Flex vertical style={{ color: 'initial', cursor: 'default' }}>
          <Typography.Text strong>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary">{ROLE_LABELS[user.role]}</Typography.Text>
          <Typography.Text type="secondary">{user.regionName}</Typography.Text>
        </Flex>
      ),
    },
    { type: 'divider' },
    { key: 'change-password', icon: <KeyOutlined />, label: '修改密码' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'change-password') {
      void navigate('/change-password');
    } else if (key === 'logout') {
      logout().catch(() => undefined);
    }
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" aria-label={`用户菜单：${user.displayName}`} style={{ height: 40 }}>
        <Avatar size="small" icon={<UserOutlined />} />
        {!isCompact && <span>{user.displayName}</span>}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
