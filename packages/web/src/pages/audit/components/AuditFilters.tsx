import { AutoComplete, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ENTITY_LABELS,
  type TCodeOption,
  toCode,
  toCodeOptions,
} from '../../../locales/zh-CN/audit-labels.ts';
import { AUDIT_RESULT_LABELS, AUDIT_RESULTS, type TAuditResult } from '../../../locales/zh-CN/labels.ts';
import type { TAuditFilters } from '../api.ts';

type TAuditFilterForm = {
  dateRange?: [Dayjs | null, Dayjs | null] | null;
  username?: string;
  action?: string;
  entityType?: string;
  result?: TAuditResult;
};

const RESULT_OPTIONS = AUDIT_RESULTS.map((result) => ({ value: result, label: AUDIT_RESULT_LABELS[result] }));
const ACTION_OPTIONS = toCodeOptions(AUDIT_ACTION_LABELS);
const ENTITY_OPTIONS = toCodeOptions(AUDIT_ENTITY_LABELS);
const DATE_FORMAT = 'YYYY-MM-DD';

/** Matches the Chinese name or the code, so "登录" and "auth.login" both find the login action. */
const matchesOption = (input: string, option: TCodeOption | undefined) =>
  option?.label.toLowerCase().includes(input.trim().toLowerCase()) === true;

const trimmed = (value: string | undefined) => value?.trim() || undefined;

function toFilters(values: TAuditFilterForm): TAuditFilters {
  const [from, to] = values.dateRange ?? [];
  return {
    from: from?.format(DATE_FORMAT),
    to: to?.format(DATE_FORMAT),
    username: trimmed(values.username),
    action: toCode(AUDIT_ACTION_LABELS, values.action),
    entityType: toCode(AUDIT_ENTITY_LABELS, values.entityType),
    result: values.result,
  };
}

/** Date range, user, action, object type and result filters of the audit log. */
export function AuditFilters({ onSearch }: { onSearch: (filters: TAuditFilters) => void }) {
  const [form] = Form.useForm<TAuditFilterForm>();
  return (
    <Form<TAuditFilterForm>
      name="auditFilters"
      form={form}
      layout="inline"
      onFinish={(values) => onSearch(toFilters(values))}
      style={{ rowGap: 8 }}
    >
      <Form.Item name="dateRange" label="日期范围">
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item name="username" label="用户名">
        <Input allowClear placeholder="完整用户名" style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="action" label="操作">
        <AutoComplete<string, TCodeOption>
          options={ACTION_OPTIONS}
          filterOption={matchesOption}
          allowClear
          placeholder="名称或代码"
          popupMatchSelectWidth={340}
          style={{ width: 180 }}
        />
      </Form.Item>
      <Form.Item name="entityType" label="对象类型">
        <AutoComplete<string, TCodeOption>
          options={ENTITY_OPTIONS}
          filterOption={matchesOption}
          allowClear
          placeholder="名称或代码"
          popupMatchSelectWidth={260}
          style={{ width: 150 }}
        />
      </Form.Item>
      <Form.Item name="result" label="结果">
        <Select options={RESULT_OPTIONS} allowClear placeholder="全部" style={{ width: 110 }} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch({});
            }}
          >
            重置
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
