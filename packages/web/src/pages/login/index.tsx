import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { Navigate, useSearchParams } from 'react-router';
import { toSafeRedirect } from '../../app/auth/redirect.ts';
import { useAuth } from '../../app/auth/useAuth.ts';
import { CenteredCard } from '../../components/CenteredCard.tsx';
import { useSubmit } from '../../hooks/useSubmit.ts';
import { SESSION_EXPIRED_MESSAGE } from '../../locales/zh-CN/labels.ts';

type TLoginForm = { username: string; password: string };

/** Username + password sign-in; shows the server's Chinese message (wrong password, locked...). */
export default function LoginPage() {
  const { status, user, login } = useAuth();
  const [searchParams] = useSearchParams();
  const redirect = toSafeRedirect(searchParams.get('redirect'));
  const isExpired = searchParams.get('reason') === 'expired';

  const { submit, isSubmitting, error } = useSubmit(async (values: TLoginForm) => {
    await login(values.username.trim(), values.password);
  });

  // Also the way out after a successful login: the auth state switches to authenticated.
  if (status === 'authenticated') {
    return <Navigate to={user.mustChangePassword ? '/change-password' : redirect} replace />;
  }

  return (
    <CenteredCard title="用户登录">
      {(error ?? isExpired) && (
        <Alert
          type={error ? 'error' : 'warning'}
          title={error ?? SESSION_EXPIRED_MESSAGE}
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<TLoginForm>
        name="login"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        disabled={isSubmitting}
      >
        <Form.Item
          name="username"
          label="用户名"
          rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={isSubmitting}>
          登录
        </Button>
      </Form>
    </CenteredCard>
  );
}
