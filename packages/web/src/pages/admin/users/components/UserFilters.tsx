import { Button, Form, Input, Select, Space } from 'antd';
import type { TUserFilters } from '../api.ts';
import { ROLE_OPTIONS, STATUS_OPTIONS } from '../options.ts';

/** Keyword, role and status filters above the user table. */
export function UserFilters({ onSearch }: { onSearch: (filters: TUserFilters) => void }) {
  const [form] = Form.useForm<TUserFilters>();
  return (
    <Form<TUserFilters>
      name="userFilters"
      form={form}
      layout="inline"
      onFinish={(values) => onSearch({ ...values, q: values.q?.trim() })}
      style={{ rowGap: 8 }}
    >
      <Form.Item name="q" label="关键字">
        <Input placeholder="用户名或姓名" allowClear style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="role" label="角色">
        <Select options={ROLE_OPTIONS} allowClear placeholder="全部" style={{ width: 150 }} />
      </Form.Item>
      <Form.Item name="status" label="状态">
        <Select options={STATUS_OPTIONS} allowClear placeholder="全部" style={{ width: 120 }} />
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
