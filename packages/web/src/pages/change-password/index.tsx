import { Alert, App, Button, Flex, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from '../../app/auth/useAuth.ts';
import { CenteredCard } from '../../components/CenteredCard.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';
import { useSubmit } from '../../hooks/useSubmit.ts';

type TChangePasswordForm = { currentPassword: string; newPassword: string };

/**
 * Change own password. Users whose password was just created or reset by an
 * administrator land here after login and cannot reach the rest of the app until done.
 */
export default function ChangePasswordPage() {
  const user = useCurrentUser();
  const { changePassword, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isForced = user.mustChangePassword;

  const { submit, isSubmitting, error } = useSubmit(async (values: TChangePasswordForm) => {
    await changePassword(values.currentPassword, values.newPassword);
    message.success('密码已修改');
    await navigate('/', { replace: true });
  });

  return (
    <CenteredCard title="修改密码">
      {isForced && (
        <Alert
          type="info"
          showIcon
          title="首次登录或密码已被管理员重置，请先修改密码后再使用系统。"
          style={{ marginBottom: 16 }}
        />
      )}
      <ErrorAlert message={error} />
      <Form<TChangePasswordForm>
        name="changePassword"
        layout="vertical"
        onFinish={submit}
        disabled={isSubmitting}
      >
        <Form.Item
          name="currentPassword"
          label="当前密码"
          rules={[{ required: true, message: '请输入当前密码' }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <NewPasswordFields currentPasswordField="currentPassword" />
        <Flex gap={8} vertical>
          <Button type="primary" htmlType="submit" block loading={isSubmitting}>
            确认修改
          </Button>
          {isForced ? (
            <Button block onClick={() => logout().catch(() => undefined)}>
              退出登录
            </Button>
          ) : (
            <Button block onClick={() => navigate('/')}>
              返回
            </Button>
          )}
        </Flex>
      </Form>
    </CenteredCard>
  );
}
