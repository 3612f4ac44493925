import { App, Form, Input, Modal, Typography } from 'antd';
import { ErrorAlert } from '../../../../components/ErrorAlert.tsx';
import { useSubmit } from '../../../../hooks/useSubmit.ts';
import { revokeApiToken, type TApiToken } from '../api.ts';

/** Revoke a token (takes effect at once) with an optional reason, recorded in the audit log. */
export function RevokeTokenModal({
  token,
  onClose,
  onRevoked,
}: {
  token: TApiToken;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const { message } = App.useApp();
  const { submit, isSubmitting, error } = useSubmit(async (values: { reason?: string }) => {
    await revokeApiToken(token.id, values.reason?.trim() ?? '');
    message.success(`已吊销令牌“${token.name}”`);
    onRevoked();
  });
  return (
    <Modal
      open
      title={`吊销令牌“${token.name}”`}
      okText="吊销"
      okButtonProps={{ danger: true }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isSubmitting}
      mask={{ closable: false }}
    >
      <ErrorAlert message={error} />
      <Typography.Paragraph>
        吊销后，{token.institutionName ?? token.institutionCode}的信息系统使用此令牌（{token.tokenPrefix}
        …）的请求将立即被拒绝，且无法恢复。
      </Typography.Paragraph>
      <Form name="revokeTokenForm" form={form} layout="vertical" onFinish={submit} disabled={isSubmitting}>
        <Form.Item
          name="reason"
          label="吊销原因"
          rules={[{ max: 200, message: '吊销原因不能超过 200 个字' }]}
        >
          <Input.TextArea rows={2} placeholder="如：令牌泄露、系统更换（选填）" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
