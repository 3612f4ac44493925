import { App, Form, Modal, Typography } from 'antd';
import { ErrorAlert } from '../../../../components/ErrorAlert.tsx';
import { NewPasswordFields } from '../../../../components/NewPasswordFields.tsx';
import { useSubmit } from '../../../../hooks/useSubmit.ts';
import { resetUserPassword, type TManagedUser } from '../api.ts';

type TResetForm = { password: string };

/** Sets a new password for a user, who must change it at the next login. */
export function ResetPasswordModal({
  user,
  onClose,
  onSaved,
}: {
  user: TManagedUser;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TResetForm>();
  const { message } = App.useApp();
  const { submit, isSubmitting, error } = useSubmit(async (values: TResetForm) => {
    await resetUserPassword(user.id, values.password);
    message.success(`已重置用户 ${user.username} 的密码，该用户下次登录时须修改密码`);
    onSaved();
  });

  return (
    <Modal
      open
      title="重置密码"
      okText="重置"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isSubmitting}
      mask={{ closable: false }}
    >
      <Typography.Paragraph>
        为用户 <Typography.Text strong>{user.displayName}</Typography.Text>（{user.username}
        ）设置新密码，该用户下次登录时须修改密码。
      </Typography.Paragraph>
      <ErrorAlert message={error} />
      <Form<TResetForm>
        name="resetPassword"
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={isSubmitting}
      >
        <NewPasswordFields name="password" label="新密码" confirmLabel="确认新密码" />
      </Form>
    </Modal>
  );
}
