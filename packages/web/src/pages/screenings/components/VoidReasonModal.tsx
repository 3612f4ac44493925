import { Form, Input, Modal } from 'antd';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useSubmit } from '../../../hooks/useSubmit.ts';

/** 作废: asks for the reason (at least two characters) and runs `onSubmit`; the server keeps the record, marked void. */
export function VoidReasonModal({
  title,
  placeholder,
  onSubmit,
  onClose,
}: {
  title: string;
  placeholder?: string;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, isSubmitting, error } = useSubmit(async (values: { reason: string }) => {
    await onSubmit(values.reason);
  });
  return (
    <Modal
      open
      title={title}
      okText="作废"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label="作废原因"
          rules={[{ required: true, min: 2, message: '请填写作废原因（至少2个字）' }]}
        >
          <Input.TextArea rows={2} maxLength={200} placeholder={placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
