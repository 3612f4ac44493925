import { Form, Input } from 'antd';
import { findConfirmProblem, findNewPasswordProblem, toValidator } from './password-rules.ts';

type TNewPasswordFieldsProps = {
  /** Form field of the new password. */
  name?: string;
  label?: string;
  confirmLabel?: string;
  /** Form field holding the current password, which the new one must differ from. */
  currentPasswordField?: string;
};

const CONFIRM_SUFFIX = 'Confirmation';

/**
 * New password + confirmation with a live strength hint from the shared password policy:
 * the message under the field updates as the user types, a tick shows once it is valid.
 */
export function NewPasswordFields({
  name = 'newPassword',
  label = '新密码',
  confirmLabel = '确认新密码',
  currentPasswordField,
}: TNewPasswordFieldsProps) {
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        required
        hasFeedback
        dependencies={currentPasswordField ? [currentPasswordField] : []}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              toValidator(
                findNewPasswordProblem(value ?? '', {
                  label,
                  currentPassword: currentPasswordField
                    ? (getFieldValue(currentPasswordField) as string | undefined)
                    : undefined,
                }),
              ),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name={`${name}${CONFIRM_SUFFIX}`}
        label={confirmLabel}
        required
        hasFeedback
        dependencies={[name]}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              toValidator(
                findConfirmProblem(value ?? '', (getFieldValue(name) as string | undefined) ?? '', label),
              ),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
