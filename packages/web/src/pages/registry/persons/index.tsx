import {
  PERSON_STATUS_LABELS,
  PERSON_STATUSES,
  POVERTY_CAUSES,
  REGISTRY_CATEGORIES,
  REGISTRY_CATEGORY_LABELS,
} from '@healthaid/domain/registry';
import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { exportPersons, listPersons, regionPrefix, type TPerson, type TPersonFilters } from '../api.ts';
import { CategoryTags } from '../components/CategoryTags.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { SEX_LABELS } from '../labels.ts';

type TFormValues = Omit<TPersonFilters, 'date' | 'regionCode'> & { date?: Dayjs | null; region?: string };

const toFilters = (values: TFormValues): TPersonFilters => ({
  ...(values.q ? { q: values.q.trim() } : {}),
  ...(values.category ? { category: values.category } : {}),
  ...(values.date ? { date: values.date.format('YYYY-MM-DD') } : {}),
  ...(values.status ? { status: values.status } : {}),
  ...(values.mainCause ? { mainCause: values.mainCause } : {}),
  ...(values.needsVerification ? { needsVerification: values.needsVerification } : {}),
  ...(regionPrefix(values.region) ? { regionCode: regionPrefix(values.region) } : {}),
});

/** 人员档案: the scoped person list with masked ID numbers. */
export default function PersonsPage() {
  const list = usePagedList<TPerson, TPersonFilters>(listPersons, {});
  const [form] = Form.useForm<TFormValues>();

  const columns: TableColumnsType<TPerson> = [
    {
      title: '姓名',
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, p) => <Link to={`/persons/${p.id}`}>{name}</Link>,
    },
    { title: '身份证号', dataIndex: 'idNumberMasked' },
    { title: '性别', dataIndex: 'sex', render: (s: TPerson['sex']) => SEX_LABELS[s] },
    { title: '出生日期', dataIndex: 'birthDate' },
    { title: '所在村', dataIndex: 'villageName' },
    {
      title: '户编号',
      dataIndex: 'householdNo',
      render: (no: string | null, p) =>
        no && p.householdId ? <Link to={`/households/${p.householdId}`}>{no}</Link> : '—',
    },
    { title: '与户主关系', dataIndex: 'relation', render: (v: string | null) => v ?? '—' },
    {
      title: '人员类别',
      dataIndex: 'categories',
      render: (c: TPerson['categories']) => <CategoryTags categories={c} />,
    },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: TPerson['status'], p) => (
        <Space size={4} wrap>
          <Tag color={s === 'normal' ? 'default' : 'red'}>{PERSON_STATUS_LABELS[s]}</Tag>
          {p.needsVerification && <Tag color="warning">待核实</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="人员档案"
      extra={<ExportButton run={() => exportPersons(list.filters)} fallbackName="人员档案.xlsx" />}
    >
      <Card>
        <Form form={form} layout="inline" onFinish={(values) => list.applyFilters(toFilters(values))}>
          <Form.Item name="q" label="关键字">
            <Input placeholder="姓名、身份证号或户编号" allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="region" label="区域">
            <RegionCascader placeholder="全部" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="category" label="类别">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 160 }}
              options={REGISTRY_CATEGORIES.map((c) => ({ value: c, label: REGISTRY_CATEGORY_LABELS[c] }))}
            />
          </Form.Item>
          <Form.Item name="date" label="类别日期" tooltip="查看该日期有效的人员类别，默认今天">
            <DatePicker placeholder="今天" />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 100 }}
              options={PERSON_STATUSES.map((s) => ({ value: s, label: PERSON_STATUS_LABELS[s] }))}
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
          <Form.Item name="needsVerification" label="待核实">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 100 }}
              options={[
                { value: 'true', label: '是' },
                { value: 'false', label: '否' },
              ]}
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
        <Table<TPerson>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={list.pagination}
          scroll={{ x: 'max-content' }}
          size="middle"
          locale={{ emptyText: '没有符合条件的人员' }}
        />
      </Card>
    </PageContainer>
  );
}
