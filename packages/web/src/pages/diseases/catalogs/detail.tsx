import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  deleteDraft,
  getCatalog,
  listRunChanges,
  previewReclassification,
  publishCatalog,
  removeCatalogItem,
  reviseDraft,
  saveCatalogItem,
  type TCatalogDetail,
  type TCatalogItem,
  type TCatalogRun,
  type TItemInput,
  type TReclassification,
  type TRunChange,
} from '../api.ts';

type TItemValues = {
  code: string;
  name: string;
  icdPatterns: string[];
  minAge?: number | null;
  maxAge?: number | null;
};

function ItemModal({
  catalog,
  item,
  onClose,
  onSaved,
}: {
  catalog: TCatalogDetail;
  item: TCatalogItem | null;
  onClose: () => void;
  onSaved: (next: TCatalogDetail) => void;
}) {
  const [form] = Form.useForm<TItemValues>();
  const { submit, isSubmitting, error } = useSubmit(async (values: TItemValues) => {
    const ageRule: TItemInput['ageRule'] = {
      ...(values.minAge != null ? { minAge: values.minAge } : {}),
      ...(values.maxAge != null ? { maxAge: values.maxAge } : {}),
    };
    onSaved(
      await saveCatalogItem(catalog.code, {
        code: values.code.trim(),
        name: values.name.trim(),
        icdPatterns: values.icdPatterns.map((p) => p.trim().toUpperCase()),
        ...(Object.keys(ageRule).length > 0 ? { ageRule } : {}),
      }),
    );
  });
  return (
    <Modal
      open
      title={item ? `修改病种：${item.name}` : '新增病种'}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form<TItemValues>
        form={form}
        layout="vertical"
        initialValues={item ?? { icdPatterns: [] }}
        onFinish={submit}
      >
        <Form.Item
          name="code"
          label="病种编码"
          extra="与国家目录相同的编码会替换继承的病种（如放宽年龄条件）"
          rules={[
            { required: true, message: '请填写病种编码' },
            { pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, message: '编码只能由小写字母、数字和连字符组成' },
          ]}
        >
          <Input maxLength={60} disabled={item !== null} placeholder="如 liver-cirrhosis" />
        </Form.Item>
        <Form.Item name="name" label="病种名称" rules={[{ required: true, message: '请填写病种名称' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="icdPatterns"
          label="ICD匹配规则"
          extra="类目（C15）、亚目前缀（Q21.0）或类目范围（C18-C20），输入后回车"
          rules={[{ required: true, type: 'array', min: 1, message: '至少填写一条ICD匹配规则' }]}
        >
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="minAge" label="最小年龄（含）">
            <InputNumber min={0} max={120} precision={0} />
          </Form.Item>
          <Form.Item name="maxAge" label="最大年龄（含）">
            <InputNumber min={0} max={120} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

type THeaderValues = { name: string; version: string; effectiveFrom: Dayjs; effectiveTo?: Dayjs | null };

function HeaderModal({
  catalog,
  onClose,
  onSaved,
}: {
  catalog: TCatalogDetail;
  onClose: () => void;
  onSaved: (next: TCatalogDetail) => void;
}) {
  const [form] = Form.useForm<THeaderValues>();
  const { submit, isSubmitting, error } = useSubmit(async (values: THeaderValues) => {
    onSaved(
      await reviseDraft(catalog.code, {
        name: values.name,
        version: values.version,
        effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
        effectiveTo: values.effectiveTo ? values.effectiveTo.format('YYYY-MM-DD') : null,
      }),
    );
  });
  return (
    <Modal
      open
      title="修改目录信息"
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form<THeaderValues>
        form={form}
        layout="vertical"
        initialValues={{
          name: catalog.name,
          version: catalog.version,
          effectiveFrom: dayjs(catalog.effectiveFrom),
          effectiveTo: catalog.effectiveTo ? dayjs(catalog.effectiveTo) : null,
        }}
        onFinish={submit}
      >
        <Form.Item name="name" label="目录名称" rules={[{ required: true, message: '请填写目录名称' }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="version" label="版本" rules={[{ required: true, message: '请填写版本' }]}>
            <Input maxLength={20} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label="生效日期"
            rules={[{ required: true, message: '请选择生效日期' }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="effectiveTo" label="失效日期">
            <DatePicker allowClear />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

const ageText = (item: TCatalogItem) =>
  item.minAge === null && item.maxAge === null
    ? '不限'
    : item.minAge !== null && item.maxAge !== null
      ? `${item.minAge}–${item.maxAge}岁`
      : item.minAge !== null
        ? `${item.minAge}岁及以上`
        : `${item.maxAge}岁及以下`;

/** Who moves where if the draft is published now; publishing applies exactly this. */
function ReclassificationPanel({
  catalog,
  onPublished,
}: {
  catalog: TCatalogDetail;
  onPublished: (next: TCatalogDetail) => void;
}) {
  const { message } = App.useApp();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [onlyMoves, setOnlyMoves] = useState<'true' | 'false'>('true');
  const preview = useAsync(
    () => previewReclassification(catalog.code, { ...paging, onlyMoves }),
    `${catalog.code}:${catalog.items.length}:${paging.page}:${paging.pageSize}:${onlyMoves}`,
  );
  const publish = useSubmit(async (expectedMoves: number) => {
    const published = await publishCatalog(catalog.code, expectedMoves);
    message.success(`已发布；${published.applied.moves}条诊断改变了三个一批分类，已记录变动`);
    onPublished(published);
  });
  const data: TReclassification | null = preview.data;
  const columns: TableColumnsType<TReclassification['items'][number]> = [
    {
      title: '姓名',
      key: 'name',
      render: (_, r) => <Link to={`/persons/${r.personId}`}>{r.personName}</Link>,
    },
    {
      title: '疾病',
      key: 'disease',
      render: (_, r) => (
        <Space size={4}>
          {r.icdCode ? <Tag>{r.icdCode}</Tag> : <Tag color="orange">未编码</Tag>}
          {r.diagnosisName}
        </Space>
      ),
    },
    { title: '诊断日期', dataIndex: 'diagnosedOn', key: 'date' },
    {
      title: '原分类',
      key: 'from',
      render: (_, r) => `${r.fromLabel}${r.fromItemName ? `（${r.fromItemName}）` : ''}`,
    },
    {
      title: '新分类',
      key: 'to',
      render: (_, r) => (
        <Tooltip title={r.reason}>
          <Typography.Text strong={r.isMove}>
            {r.toLabel}
            {r.toItemName ? `（${r.toItemName}）` : ''}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: '提示',
      key: 'note',
      render: (_, r) => (r.hasTreatmentCase ? <Tag color="red">已有救治台账</Tag> : null),
    },
  ];
  return (
    <Card
      title={catalog.status === 'draft' ? '重新分类预览（发布后的变化）' : '重新分类预览（待应用的变化）'}
      extra={
        catalog.canEdit && (
          <Popconfirm
            title="发布后目录不可再修改"
            description={`将有 ${data?.moves ?? 0} 条诊断改变三个一批分类，并在同一事务中记录变动。确定发布？`}
            okText="发布"
            cancelText="取消"
            disabled={!data || catalog.problems.length > 0}
            onConfirm={() => publish.submit(data?.moves ?? 0)}
          >
            <Button
              type="primary"
              loading={publish.isSubmitting}
              disabled={!data || catalog.problems.length > 0}
            >
              发布并应用
            </Button>
          </Popconfirm>
        )
      }
    >
      <ErrorAlert message={publish.error ?? (preview.error ? describeError(preview.error) : null)} />
      {data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space size="large" wrap>
            <Statistic title="涉及人员" value={data.persons} />
            <Statistic title="已核准诊断" value={data.diagnoses} />
            <Statistic
              title="改变分类"
              value={data.moves}
              valueStyle={{ color: data.moves > 0 ? '#cf1322' : undefined }}
            />
            <Statistic title="同一分类内病种变化" value={data.itemChanges} />
            <Statistic title="不变" value={data.unchanged} />
          </Space>
          {data.counts.length > 0 && (
            <Space wrap>
              {data.counts.map((c) => (
                <Tag key={`${c.from}-${c.to}`} color="blue">
                  {c.fromLabel} → {c.toLabel}：{c.count}
                </Tag>
              ))}
            </Space>
          )}
          <Select
            value={onlyMoves}
            onChange={(v) => {
              setOnlyMoves(v);
              setPaging({ page: 1, pageSize: paging.pageSize });
            }}
            options={[
              { value: 'true', label: '只看改变分类的' },
              { value: 'false', label: '含同一分类内病种变化' },
            ]}
            style={{ width: 200 }}
          />
          <Table
            rowKey="diagnosisId"
            size="small"
            columns={columns}
            dataSource={data.items}
            loading={preview.isLoading}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: data.total,
              showTotal: (total) => `共 ${total} 条`,
              onChange: (page, pageSize) => setPaging({ page, pageSize }),
            }}
            locale={{ emptyText: <Empty description="没有人员会改变分类" /> }}
          />
        </Space>
      )}
    </Card>
  );
}

function RunChanges({ code, run }: { code: string; run: TCatalogRun }) {
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const changes = useAsync(
    () => listRunChanges(code, run.id, paging),
    `${run.id}:${paging.page}:${paging.pageSize}`,
  );
  const columns: TableColumnsType<TRunChange> = [
    {
      title: '姓名',
      key: 'name',
      render: (_, r) => <Link to={`/persons/${r.personId}`}>{r.personName}</Link>,
    },
    { title: '疾病', dataIndex: 'diagnosisName', key: 'disease' },
    {
      title: '原分类',
      key: 'from',
      render: (_, r) => `${r.fromLabel}${r.fromItemName ? `（${r.fromItemName}）` : ''}`,
    },
    {
      title: '新分类',
      key: 'to',
      render: (_, r) => `${r.toLabel}${r.toItemName ? `（${r.toItemName}）` : ''}`,
    },
  ];
  return (
    <Table<TRunChange>
      rowKey="diagnosisId"
      size="small"
      columns={columns}
      dataSource={changes.data?.items ?? []}
      loading={changes.isLoading}
      pagination={{
        current: paging.page,
        pageSize: paging.pageSize,
        total: changes.data?.total ?? 0,
        onChange: (page, pageSize) => setPaging({ page, pageSize }),
      }}
    />
  );
}

/** One catalogue version: items (own and inherited), validation, re-classification preview, publishing. */
export default function CatalogDetailPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  const [current, setCurrent] = useState<TCatalogDetail | null>(null);
  const [dialog, setDialog] = useState<'header' | 'new-item' | TCatalogItem | null>(null);
  const state = useAsync(() => getCatalog(code), `${code}:${version}`);
  const catalog = current && current.code === code ? current : state.data;
  if (state.isLoading && !catalog) {
    return <PageLoading />;
  }
  if (!catalog) {
    return (
      <Result
        status="404"
        title="未找到该病种目录"
        subTitle={describeError(state.error)}
        extra={<Link to="/diseases/catalogs">返回病种目录</Link>}
      />
    );
  }
  const saved = (next: TCatalogDetail) => {
    setDialog(null);
    setCurrent(next);
    message.success('已保存');
  };
  const remove = async (itemCode: string) => {
    try {
      setCurrent(await removeCatalogItem(catalog.code, itemCode));
    } catch (error) {
      message.error(describeError(error));
    }
  };
  const drop = async () => {
    try {
      await deleteDraft(catalog.code);
      message.success('草稿已删除');
      void navigate('/diseases/catalogs');
    } catch (error) {
      message.error(describeError(error));
    }
  };
  const ownCodes = new Set(catalog.items.map((i) => i.code));
  const columns: TableColumnsType<TCatalogDetail['resolvedItems'][number]> = [
    { title: '病种', dataIndex: 'name', key: 'name' },
    { title: '编码', dataIndex: 'code', key: 'code' },
    {
      title: 'ICD匹配规则',
      key: 'patterns',
      render: (_, i) => i.icdPatterns.map((p) => <Tag key={p}>{p}</Tag>),
    },
    { title: '年龄条件', key: 'age', render: (_, i) => ageText(i) },
    {
      title: '来源',
      key: 'source',
      render: (_, i) => (i.isInherited ? <Tag>继承</Tag> : <Tag color="blue">本目录</Tag>),
    },
    ...(catalog.canEdit
      ? [
          {
            title: '操作',
            key: 'op',
            render: (_: unknown, i: TCatalogDetail['resolvedItems'][number]) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setDialog(i)}>
                  {ownCodes.has(i.code) ? '修改' : '调整'}
                </Button>
                {ownCodes.has(i.code) && (
                  <Popconfirm
                    title={`删除病种“${i.name}”？`}
                    okText="删除"
                    cancelText="取消"
                    onConfirm={() => remove(i.code)}
                  >
                    <Button type="link" size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <PageContainer
      title={catalog.name}
      extra={
        catalog.canEdit && (
          <Space>
            <Button onClick={() => setDialog('header')}>修改目录信息</Button>
            <Button icon={<PlusOutlined />} onClick={() => setDialog('new-item')}>
              新增病种
            </Button>
            <Popconfirm title="删除这个草稿？" okText="删除" cancelText="取消" onConfirm={drop}>
              <Button danger icon={<DeleteOutlined />}>
                删除草稿
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      <Card>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" bordered>
          <Descriptions.Item label="编码">{catalog.code}</Descriptions.Item>
          <Descriptions.Item label="类型">{catalog.kindLabel}</Descriptions.Item>
          <Descriptions.Item label="版本">{catalog.version}</Descriptions.Item>
          <Descriptions.Item label="生效日期">{catalog.effectiveFrom}</Descriptions.Item>
          <Descriptions.Item label="失效日期">{catalog.effectiveTo ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="适用地区">{catalog.regionName ?? '全国'}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color={catalog.status === 'published' ? 'green' : 'gold'}>{catalog.statusLabel}</Tag>
            {catalog.publishedOn && `${catalog.publishedOn} ${catalog.publishedBy ?? ''}`}
          </Descriptions.Item>
          <Descriptions.Item label="继承">{catalog.extends ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="来源">
            {catalog.basedOn ?? (catalog.source === 'builtin' ? '系统内置' : '—')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {catalog.status === 'draft' &&
        (catalog.problems.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            message="发布前需解决以下问题"
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {catalog.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <Alert type="success" showIcon message="校验通过：可以预览重新分类并发布" />
        ))}
      <Card title={`病种（${catalog.resolvedItems.length}）`}>
        <Table
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={catalog.resolvedItems}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description="还没有病种" /> }}
        />
      </Card>
      {catalog.source === 'local' && (catalog.status === 'draft' || catalog.runs.length === 0) && (
        <ReclassificationPanel
          catalog={catalog}
          onPublished={(next) => {
            setCurrent(next);
            setVersion((v) => v + 1);
          }}
        />
      )}
      {catalog.runs.length > 0 && (
        <Card title="重新分类记录">
          {catalog.runs.map((run) => (
            <div key={run.id}>
              <Typography.Paragraph>
                {dayjs(run.appliedAt).format('YYYY-MM-DD HH:mm')} {run.appliedBy}：{run.persons}人、
                {run.diagnoses}
                条诊断更新，其中{run.moves}条改变三个一批分类
              </Typography.Paragraph>
              <RunChanges code={catalog.code} run={run} />
            </div>
          ))}
        </Card>
      )}
      {dialog === 'header' && (
        <HeaderModal catalog={catalog} onClose={() => setDialog(null)} onSaved={saved} />
      )}
      {dialog !== null && dialog !== 'header' && (
        <ItemModal
          catalog={catalog}
          item={dialog === 'new-item' ? null : dialog}
          onClose={() => setDialog(null)}
          onSaved={saved}
        />
      )}
    </PageContainer>
  );
}
