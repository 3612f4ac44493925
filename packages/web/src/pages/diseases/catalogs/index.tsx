import { PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { createDraft, listCatalogs, type TCatalog, type TDraftInput } from '../api.ts';

type TDraftValues = Omit<TDraftInput, 'effectiveFrom' | 'effectiveTo'> & {
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs;
};

function CreateDraftModal({
  catalogs,
  onClose,
  onCreated,
}: {
  catalogs: TCatalog[];
  onClose: () => void;
  onCreated: (code: string) => void;
}) {
  const [form] = Form.useForm<TDraftValues>();
  const mode = Form.useWatch('mode', form);
  const { submit, isSubmitting, error } = useSubmit(async (values: TDraftValues) => {
    const { effectiveFrom, effectiveTo, ...rest } = values;
    const created = await createDraft({
      ...rest,
      effectiveFrom: effectiveFrom.format('YYYY-MM-DD'),
      ...(effectiveTo ? { effectiveTo: effectiveTo.format('YYYY-MM-DD') } : {}),
    });
    onCreated(created.code);
  });
  const published = catalogs.filter((c) => c.status === 'published');
  return (
    <Modal
      open
      title="新建病种目录草稿"
      okText="创建草稿"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={620}
    >
      <ErrorAlert message={error} />
      <Form<TDraftValues>
        form={form}
        layout="vertical"
        initialValues={{ mode: 'extend', effectiveFrom: dayjs().startOf('year') }}
        onFinish={submit}
      >
        <Form.Item name="mode" label="方式">
          <Radio.Group
            options={[
              { value: 'extend', label: '本地扩展目录（继承所选目录，只填写增加或调整的病种）' },
              { value: 'copy', label: '复制为新版本（复制所选目录的全部病种后修改）' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="sourceCode"
          label={mode === 'copy' ? '复制的目录' : '继承的目录'}
          rules={[{ required: true, message: '请选择目录' }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={published.map((c) => ({
              value: c.code,
              label: `${c.name}（${c.version}版，${c.kindLabel}）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="code"
          label="目录编码"
          extra="小写字母、数字和连字符，发布后不可更改，如 qinglong-major-2026"
          rules={[
            { required: true, message: '请填写目录编码' },
            { pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, message: '编码只能由小写字母、数字和连字符组成' },
          ]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="name" label="目录名称" rules={[{ required: true, message: '请填写目录名称' }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="version" label="版本" rules={[{ required: true, message: '请填写版本' }]}>
            <Input maxLength={20} placeholder="如 2026" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label="生效日期"
            rules={[{ required: true, message: '请选择生效日期' }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="effectiveTo" label="失效日期（可不填）">
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 病种目录: every version in force (national, provincial, county) and the county's drafts. */
export default function CatalogsPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canManage = can(useCurrentUser().role, 'policies.manage');
  const [isCreating, setIsCreating] = useState(false);
  const catalogs = useAsync(listCatalogs, 'catalogs');
  const columns: TableColumnsType<TCatalog> = [
    {
      title: '目录',
      key: 'name',
      render: (_, c) => <Link to={`/diseases/catalogs/${c.code}`}>{c.name}</Link>,
    },
    { title: '类型', dataIndex: 'kindLabel', key: 'kind' },
    { title: '版本', dataIndex: 'version', key: 'version' },
    {
      title: '病种数',
      key: 'items',
      render: (_, c) => (c.extends ? `继承 + ${c.items.length}` : c.items.length),
    },
    { title: '生效日期', dataIndex: 'effectiveFrom', key: 'from' },
    { title: '失效日期', key: 'to', render: (_, c) => c.effectiveTo ?? '—' },
    { title: '适用地区', key: 'region', render: (_, c) => c.regionName ?? '全国' },
    {
      title: '状态',
      key: 'status',
      render: (_, c) => (
        <Space size={4}>
          <Tag color={c.status === 'published' ? 'green' : 'gold'}>{c.statusLabel}</Tag>
          {c.source === 'builtin' && <Tag>系统内置</Tag>}
        </Space>
      ),
    },
  ];
  return (
    <PageContainer
      title="病种目录"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
            新建草稿
          </Button>
        )
      }
    >
      <ErrorAlert message={catalogs.error ? describeError(catalogs.error) : null} />
      <Card>
        <Table<TCatalog>
          rowKey="code"
          columns={columns}
          dataSource={catalogs.data ?? []}
          loading={catalogs.isLoading}
          pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 个版本` }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description="暂无病种目录" /> }}
        />
      </Card>
      {isCreating && (
        <CreateDraftModal
          catalogs={catalogs.data ?? []}
          onClose={() => setIsCreating(false)}
          onCreated={(code) => {
            message.success('草稿已创建');
            void navigate(`/diseases/catalogs/${code}`);
          }}
        />
      )}
    </PageContainer>
  );
}
