import { ROLE_LABELS, type Role, requiresInstitution } from '@healthaid/domain/access';
import { App, Form, Input, Modal, Select } from 'antd';
import { ErrorAlert } from '../../../../components/ErrorAlert.tsx';
import { NewPasswordFields } from '../../../../components/NewPasswordFields.tsx';
import { RegionCascader } from '../../../../components/RegionCascader.tsx';
import { useSubmit } from '../../../../hooks/useSubmit.ts';
import { createUser, type TManagedUser, updateUser } from '../api.ts';
import { DISPLAY_NAME_RULES, INSTITUTION_CODE_RULES, ROLE_OPTIONS, USERNAME_RULES } from '../options.ts';

type TUserForm = {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  institutionCode?: string;
  password: string;
};

type TUserFormModalProps = {
  /** The user to edit; undefined creates a new one. */
  user?: TManagedUser;
  onClose: () => void;
  onSaved: () => void;
};

function toInitialValues(user: TManagedUser | undefined): Partial<TUserForm> {
  if (!user) {
    return {};
  }
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    institutionCode: user.institutionCode ?? undefined,
  };
}

/** Create or edit an account: role, region (lazy cascader) and, for hospital roles, the institution. */
export function UserFormModal({ user, onClose, onSaved }: TUserFormModalProps) {
  const [form] = Form.useForm<TUserForm>();
  const { message } = App.useApp();
  const role = Form.useWatch('role', form);
  const isInstitutionRequired = role !== undefined && requiresInstitution(role);
  const isCreate = !user;

  const { submit, isSubmitting, error } = useSubmit(async (values: TUserForm) => {
    const institution = isInstitutionRequired
      ? { institutionCode: values.institutionCode?.trim() ?? '' }
      : {};
    const fields = {
      displayName: values.displayName.trim(),
      role: values.role,
      regionCode: values.regionCode,
    };
    if (user) {
      await updateUser(user.id, { ...fields, ...institution });
      message.success(`已保存用户 ${user.username} 的信息`);
    } else {
      await createUser({
        ...fields,
        ...institution,
        username: values.username.trim(),
        password: values.password,
      });
      message.success(`已创建用户 ${values.username.trim()}，首次登录时须修改密码`);
    }
    onSaved();
  });

  return (
    <Modal
      open
      title={isCreate ? '新建用户' : '编辑用户'}
      okText={isCreate ? '创建' : '保存'}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isSubmitting}
      mask={{ closable: false }}
    >
      <ErrorAlert message={error} />
      <Form<TUserForm>
        name="userForm"
        form={form}
        layout="vertical"
        initialValues={toInitialValues(user)}
        onFinish={submit}
        disabled={isSubmitting}
      >
        <Form.Item
          name="username"
          label="用户名"
          rules={isCreate ? USERNAME_RULES : []}
          extra={isCreate ? '3–32 位字母、数字、下划线、点或连字符，创建后不可修改' : undefined}
        >
          <Input autoComplete="off" disabled={!isCreate} />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={DISPLAY_NAME_RULES}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={ROLE_OPTIONS} placeholder="请选择角色" />
        </Form.Item>
        <Form.Item name="regionCode" label="所属区划" rules={[{ required: true, message: '请选择所属区划' }]}>
          <RegionCascader />
        </Form.Item>
        {isInstitutionRequired && (
          <Form.Item
            name="institutionCode"
            label="所属机构编码"
            rules={[
              {
                required: true,
                whitespace: true,
                message: `请输入所属机构编码：${ROLE_LABELS[role]}必须绑定医疗机构`,
              },
              ...INSTITUTION_CODE_RULES,
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        {isCreate && <NewPasswordFields name="password" label="初始密码" confirmLabel="确认初始密码" />}
      </Form>
    </Modal>
  );
}
