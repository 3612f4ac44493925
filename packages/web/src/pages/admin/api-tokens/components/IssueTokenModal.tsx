import { Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../../app/api/api-error.ts';
import { ErrorAlert } from '../../../../components/ErrorAlert.tsx';
import { RegionCascader } from '../../../../components/RegionCascader.tsx';
import { useAsync } from '../../../../hooks/useAsync.ts';
import { useSubmit } from '../../../../hooks/useSubmit.ts';
import { issueApiToken, listInstitutionOptions, TOKEN_PERMISSION_LABELS } from '../api.ts';

type TIssueForm = {
  name: string;
  institutionCode: string;
  regionCode?: string;
  expiresOn: Dayjs;
  permissions: string[];
};

const MAX_YEARS = 3;

/** Issue a token for an institution of the own region; the secret is shown by the caller, once. */
export function IssueTokenModal({
  onClose,
  onIssued,
}: {
  onClose: () => void;
  onIssued: (issued: { name: string; secret: string }) => void;
}) {
  const [form] = Form.useForm<TIssueForm>();
  const [search, setSearch] = useState('');
  // Searched on the server (a county has hundreds of village clinics); hospitals are listed first.
  const institutions = useAsync(
    () => listInstitutionOptions(search.trim() || undefined),
    `institutions:${search}`,
  );
  const { submit, isSubmitting, error } = useSubmit(async (values: TIssueForm) => {
    const issued = await issueApiToken({
      name: values.name.trim(),
      institutionCode: values.institutionCode,
      ...(values.regionCode ? { regionCode: values.regionCode } : {}),
      expiresOn: values.expiresOn.format('YYYY-MM-DD'),
      permissions: values.permissions,
    });
    onIssued({ name: issued.token.name, secret: issued.secret });
  });

  return (
    <Modal
      open
      title="签发机构接口令牌"
      okText="签发"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isSubmitting}
      mask={{ closable: false }}
    >
      <ErrorAlert
        message={
          error ?? (institutions.error ? `医疗机构列表加载失败：${describeError(institutions.error)}` : null)
        }
      />
      <Form<TIssueForm>
        name="issueTokenForm"
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={isSubmitting}
        initialValues={{ expiresOn: dayjs().add(1, 'year'), permissions: ['identity.check'] }}
      >
        <Form.Item
          name="name"
          label="令牌名称"
          extra="便于识别用途，如“县医院 HIS 正式环境”"
          rules={[
            { required: true, whitespace: true, message: '请填写令牌名称' },
            { max: 100, message: '令牌名称不能超过 100 个字' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="institutionCode"
          label="医疗机构"
          rules={[{ required: true, message: '请选择医疗机构' }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={institutions.isLoading}
            placeholder="输入机构名称或编码搜索本辖区的医疗机构"
            options={(institutions.data ?? []).map((i) => ({
              value: i.code,
              label: `${i.name}（${i.code}）`,
            }))}
            notFoundContent={institutions.isLoading ? '加载中…' : '本辖区没有启用的医疗机构'}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label="数据范围"
          extra="留空为该机构所在县（区）；也可缩小到其中的乡镇。令牌只能查到此范围内的人员。"
        >
          <RegionCascader placeholder="默认：机构所在县（区）" />
        </Form.Item>
        <Form.Item
          name="expiresOn"
          label="有效期至（含当日）"
          rules={[{ required: true, message: '请选择有效期' }]}
          extra={`最长 ${MAX_YEARS} 年，到期后须重新签发`}
        >
          <DatePicker
            disabledDate={(day) =>
              !day.isAfter(dayjs(), 'day') || day.isAfter(dayjs().add(MAX_YEARS, 'year'), 'day')
            }
          />
        </Form.Item>
        <Form.Item
          name="permissions"
          label="接口权限"
          rules={[{ required: true, type: 'array', min: 1, message: '至少授予一项接口权限' }]}
        >
          <Checkbox.Group
            options={Object.entries(TOKEN_PERMISSION_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
