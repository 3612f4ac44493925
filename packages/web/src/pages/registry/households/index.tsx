import {
  EXIT_STATUS_LABELS,
  EXIT_STATUSES,
  MONITORING_TYPE_LABELS,
  MONITORING_TYPES,
  POVERTY_ATTRIBUTE_LABELS,
  POVERTY_ATTRIBUTES,
  POVERTY_CAUSES,
  RISK_STATUS_LABELS,
} from '@healthaid/domain/registry';
import { Button, Card, Form, Input, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { Link } from 'react-router';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import {
  exportHouseholds,
  listHouseholds,
  regionPrefix,
  type THousehold,
  type THouseholdFilters,
} from '../api.ts';
import { ExportButton } from '../components/ExportButton.tsx';

type TFormValues = Omit<THouseholdFilters, 'regionCode'> & { region?: string };

const toFilters = (values: TFormValues): THouseholdFilters => {
  const { region, ...rest } = values;
  const filters: THouseholdFilters = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value) {
      (filters as Record<string, string>)[key] = String(value).trim();
    }
  }
  const prefix = regionPrefix(region);
  return prefix ? { ...filters, regionCode: prefix } : filters;
};

/** 户档案: the scoped household list. */
export default function HouseholdsPage() {
  const list = usePagedList<THousehold, THouseholdFilters>(listHouseholds, {});
  const [form] = Form.useForm<TFormValues>();
  const columns: TableColumnsType<THousehold> = [
    {
      title: '户编号',
      dataIndex: 'householdNo',
      fixed: 'left',
      render: (no: string, h) => <Link to={`/households/${h.id}`}>{no}</Link>,
    },
    { title: '户主', dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
    { title: '所在村', dataIndex: 'villageName' },
    { title: '人口', dataIndex: 'memberCount' },
    {
      title: '贫困户属性',
      dataIndex: 'povertyAttribute',
      render: (v: THousehold['povertyAttribute']) => (v ? POVERTY_ATTRIBUTE_LABELS[v] : '—'),
    },
    {
      title: '主要致贫原因',
      dataIndex: 'mainCause',
      render: (v: string | null) => (v === '因病' ? <Tag color="red">{v}</Tag> : (v ?? '—')),
    },
    {
      title: '脱贫状态',
      dataIndex: 'exitStatus',
      render: (v: THousehold['exitStatus'], h) =>
        `${EXIT_STATUS_LABELS[v]}${h.exitYear ? `（${h.exitYear}）` : ''}`,
    },
    {
      title: '监测',
      dataIndex: 'monitoringType',
      render: (v: THousehold['monitoringType'], h) =>
        v ? (
          <Tag color={h.riskStatus === 'eliminated' ? 'green' : 'orange'}>
            {MONITORING_TYPE_LABELS[v]}·{h.riskStatus ? RISK_STATUS_LABELS[h.riskStatus] : ''}
          </Tag>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <PageContainer
      title="户档案"
      extra={<ExportButton run={() => exportHouseholds(list.filters)} fallbackName="户档案.xlsx" />}
    >
      <Card>
        <Form form={form} layout="inline" onFinish={(values) => list.applyFilters(toFilters(values))}>
          <Form.Item name="q" label="关键字">
            <Input placeholder="户编号或户主姓名" allowClear style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="region" label="区域">
            <RegionCascader placeholder="全部" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="povertyAttribute" label="贫困户属性">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 150 }}
              options={POVERTY_ATTRIBUTES.map((v) => ({ value: v, label: POVERTY_ATTRIBUTE_LABELS[v] }))}
            />
          </Form.Item>
          <Form.Item name="mainCause" label="致贫原因">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 140 }}
              options={POVERTY_CAUSES.map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
          <Form.Item name="exitStatus" label="脱贫状态">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 110 }}
              options={EXIT_STATUSES.map((v) => ({ value: v, label: EXIT_STATUS_LABELS[v] }))}
            />
          </Form.Item>
          <Form.Item name="monitoringType" label="监测类型">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 150 }}
              options={MONITORING_TYPES.map((v) => ({ value: v, label: MONITORING_TYPE_LABELS[v] }))}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  list.applyFilters({});
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <Table<THousehold>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={list.pagination}
          scroll={{ x: 'max-content' }}
          size="middle"
          locale={{ emptyText: '没有符合条件的户' }}
        />
      </Card>
    </PageContainer>
  );
}
