import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  agreementUrl,
  approveContract,
  cancelContract,
  createContract,
  exportContracts,
  getContract,
  listContracts,
  listPackages,
  listTeams,
  renewContract,
  type TContract,
  type TContractFilters,
  type TContractStatus,
  type TPersonBrief,
} from '../api.ts';
import { PersonPicker } from '../components/PersonPicker.tsx';

const STATUS_COLORS: Record<TContractStatus, string> = {
  pending: 'gold',
  signed: 'green',
  renewed: 'blue',
  cancelled: 'default',
};
const STATUS_OPTIONS = [
  { value: 'pending', label: '待审核' },
  { value: 'signed', label: '签约' },
  { value: 'renewed', label: '续约' },
  { value: 'cancelled', label: '解约' },
];
const CANCEL_REASONS = [
  { value: 'moved', label: '迁出' },
  { value: 'unreachable_year', label: '一年无法联系' },
  { value: 'refused_year', label: '一年拒绝服务' },
  { value: 'voluntary', label: '主动解约' },
  { value: 'death', label: '死亡' },
];

type TCreateValues = {
  mode: 'person' | 'household';
  personId?: number;
  teamId: number;
  packageIds: number[];
  period: [Dayjs, Dayjs];
  isPendingReview: boolean;
};

function CreateContractModal({
  region,
  onClose,
  onSaved,
}: {
  region: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TCreateValues>();
  const [person, setPerson] = useState<TPersonBrief | undefined>();
  const teams = useAsync(() => listTeams({ region, page: 1, pageSize: 200 }), `teams:${region}`);
  const packages = useAsync(listPackages, 'packages');
  const mode = Form.useWatch('mode', form);
  const { submit, isSubmitting, error } = useSubmit(async (values: TCreateValues) => {
    const [start, end] = values.period;
    if (values.mode === 'household' && !person?.householdId) {
      throw new Error('该居民没有家庭户信息，不能按户签约');
    }
    await createContract({
      ...(values.mode === 'household'
        ? { householdId: person?.householdId ?? 0 }
        : { personId: values.personId }),
      teamId: values.teamId,
      packageIds: values.packageIds,
      startDate: start.format('YYYY-MM-DD'),
      endDate: end.format('YYYY-MM-DD'),
      isPendingReview: values.isPendingReview,
    });
    onSaved();
  });
  const start = dayjs().startOf('month');

  return (
    <Modal
      open
      title="新签约"
      okText="签约"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
    >
      <ErrorAlert message={error} />
      <Form<TCreateValues>
        form={form}
        layout="vertical"
        initialValues={{
          mode: 'person',
          isPendingReview: false,
          period: [start, start.add(1, 'year').subtract(1, 'day')],
        }}
        onFinish={(values) => submit(values)}
      >
        <Form.Item name="mode" label="签约方式">
          <Radio.Group
            options={[
              { value: 'person', label: '个人签约' },
              { value: 'household', label: '家庭签约（全户在册成员）' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="personId"
          label={mode === 'household' ? '户内任一成员' : '签约居民'}
          rules={[{ required: true, message: '请选择居民' }]}
        >
          <PersonPicker region={region} onPick={setPerson} />
        </Form.Item>
        <Form.Item name="teamId" label="家庭医生团队" rules={[{ required: true, message: '请选择团队' }]}>
          <Select
            loading={teams.isLoading}
            options={(teams.data?.items ?? []).map((t) => ({
              value: t.id,
              label: `${t.name}（${t.villageNames.join('、')}）`,
            }))}
            notFoundContent="没有服务本辖区的团队"
          />
        </Form.Item>
        <Form.Item
          name="packageIds"
          label="服务包（须含一个基础包）"
          rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个服务包' }]}
        >
          <Select
            mode="multiple"
            options={(packages.data ?? []).map((p) => ({
              value: p.id,
              label: `${p.kind === 'basic' ? '基础包' : '个性化包'}：${p.name}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="period"
          label="服务期限（至少一年）"
          rules={[
            { required: true, message: '请选择服务期限' },
            {
              validator: (_, value: [Dayjs, Dayjs] | undefined) =>
                !value || !value[1].isBefore(value[0].add(1, 'year').subtract(1, 'day'), 'day')
                  ? Promise.resolve()
                  : Promise.reject(new Error('签约服务期限至少一年')),
            },
          ]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="isPendingReview" valuePropName="checked">
          <Checkbox>提交审核（状态为“待审核”）</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CancelModal({
  contract,
  onClose,
  onSaved,
}: {
  contract: TContract;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ reason: string; cancelDate: Dayjs; note?: string }>();
  const { submit, isSubmitting, error } = useSubmit(
    async (v: { reason: string; cancelDate: Dayjs; note?: string }) => {
      await cancelContract(contract.id, {
        reason: v.reason,
        cancelDate: v.cancelDate.format('YYYY-MM-DD'),
        note: v.note,
      });
      onSaved();
    },
  );
  return (
    <Modal
      open
      title={`解约：${contract.personName}（${contract.contractNo}）`}
      okText="确认解约"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <ErrorAlert message={error} />
      <Form form={form} layout="vertical" initialValues={{ cancelDate: dayjs() }} onFinish={(v) => submit(v)}>
        <Form.Item name="reason" label="解约原因" rules={[{ required: true, message: '请选择解约原因' }]}>
          <Select options={CANCEL_REASONS} />
        </Form.Item>
        <Form.Item name="cancelDate" label="解约日期" rules={[{ required: true, message: '请选择解约日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea maxLength={200} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ContractDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const detail = useAsync(() => getContract(id), String(id));
  const c = detail.data;
  return (
    <Drawer open title="签约详情与履约记录" size={640} onClose={onClose}>
      {detail.error ? <ErrorAlert message={describeError(detail.error)} /> : null}
      {c && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="协议编号">{c.contractNo}</Descriptions.Item>
            <Descriptions.Item label="居民">
              {c.personName}（{c.idNumberMasked}）
            </Descriptions.Item>
            <Descriptions.Item label="团队">{c.teamName}</Descriptions.Item>
            <Descriptions.Item label="期限">
              {c.startDate} 至 {c.endDate}
            </Descriptions.Item>
            <Descriptions.Item label="服务包">{c.packages.map((p) => p.name).join('、')}</Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={c.fulfilments}
            locale={{ emptyText: <Empty description="尚无履约记录（随访、体检登记后自动生成）" /> }}
            columns={[
              { title: '服务日期', dataIndex: 'serviceDate' },
              { title: '服务项目', dataIndex: 'itemName' },
              { title: '服务人员', dataIndex: 'performedBy' },
              {
                title: '来源',
                key: 'source',
                render: (_, f) => (f.visitId ? '随访' : f.checkupId ? '体检' : '手工登记'),
              },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

/** 签约管理: list, sign, approve, renew, cancel, print the agreement, export. */
export default function ContractsPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  // Links (the workbench's 签约30天内到期) may preset ?inForceOn=…&renewalDueBy=… (contracts due for renewal).
  const [searchParams] = useSearchParams();
  const list = usePagedList<TContract, TContractFilters>((p) => listContracts({ ...p, region: regionCode }), {
    inForceOn: searchParams.get('inForceOn') ?? undefined,
    renewalDueBy: searchParams.get('renewalDueBy') ?? undefined,
  });
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'cancel'; contract: TContract } | null>(
    null,
  );
  const [detailId, setDetailId] = useState<number | null>(null);
  const { reload } = list;

  useEffect(() => {
    if (regionCode) {
      reload();
    }
  }, [regionCode, reload]);

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      message.success(done);
      list.reload();
    } catch (error) {
      message.error(describeError(error));
    }
  };

  const columns: TableColumnsType<TContract> = [
    { title: '协议编号', dataIndex: 'contractNo' },
    { title: '姓名', dataIndex: 'personName' },
    { title: '身份证号', dataIndex: 'idNumberMasked' },
    { title: '村', dataIndex: 'villageName' },
    { title: '团队', dataIndex: 'teamName' },
    { title: '期限', key: 'period', render: (_, c) => `${c.startDate} 至 ${c.endDate}` },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: TContractStatus, c) => (
        <Space size={4}>
          <Tag color={STATUS_COLORS[s]}>{c.statusLabel}</Tag>
          {c.cancelReasonLabel && <Tag>{c.cancelReasonLabel}</Tag>}
          {c.renewedToId && <Tag color="cyan">已续约</Tag>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, c) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDetailId(c.id)}>
            履约
          </Button>
          <Button type="link" size="small" href={agreementUrl(c.id)} target="_blank">
            打印协议
          </Button>
          {c.status === 'pending' && (
            <Button type="link" size="small" onClick={() => run(() => approveContract(c.id), '已审核通过')}>
              审核
            </Button>
          )}
          {(c.status === 'signed' || c.status === 'renewed') && !c.renewedToId && (
            <Popconfirm
              title="续约"
              description={`自 ${dayjs(c.endDate).add(1, 'day').format('YYYY-MM-DD')} 起续约一年？`}
              okText="续约"
              cancelText="取消"
              onConfirm={() => run(() => renewContract(c.id), '已续约')}
            >
              <Button type="link" size="small">
                续约
              </Button>
            </Popconfirm>
          )}
          {c.status !== 'cancelled' && (
            <Button
              type="link"
              size="small"
              danger
              onClick={() => setDialog({ kind: 'cancel', contract: c })}
            >
              解约
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="签约管理"
      extra={
        <Space>
          <ExportButton
            run={() => exportContracts({ ...list.filters, region: regionCode })}
            fallbackName="签约名单.xlsx"
            label="导出"
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
            新签约
          </Button>
        </Space>
      }
    >
      <Card>
        <Space wrap>
          <Input.Search
            placeholder="姓名、身份证号或协议编号"
            allowClear
            onSearch={(q) => list.applyFilters({ ...list.filters, q })}
            style={{ width: 260 }}
          />
          <Select
            placeholder="全部状态"
            allowClear
            options={STATUS_OPTIONS}
            style={{ width: 140 }}
            onChange={(status?: TContractStatus) => list.applyFilters({ ...list.filters, status })}
          />
          {list.filters.renewalDueBy && (
            <Tag
              closable
              color="orange"
              onClose={() =>
                list.applyFilters({ ...list.filters, inForceOn: undefined, renewalDueBy: undefined })
              }
            >
              {list.filters.renewalDueBy}前到期待续约
            </Tag>
          )}
        </Space>
      </Card>
      <Card>
        <PagedTable<TContract> list={list} rowKey="id" columns={columns} emptyText="没有符合条件的签约" />
      </Card>
      {dialog?.kind === 'create' && (
        <CreateContractModal
          region={regionCode}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            message.success('签约成功');
            list.reload();
          }}
        />
      )}
      {dialog?.kind === 'cancel' && (
        <CancelModal
          contract={dialog.contract}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            message.success('已解约');
            list.reload();
          }}
        />
      )}
      {detailId !== null && <ContractDrawer id={detailId} onClose={() => setDetailId(null)} />}
    </PageContainer>
  );
}
