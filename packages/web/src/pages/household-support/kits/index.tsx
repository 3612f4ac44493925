import { PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import { KIT_ITEMS, KIT_KIND_LABELS, KIT_KINDS, type KitKind } from '@healthaid/domain/household-support';
import { formatFen } from '@healthaid/domain/money';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Statistic,
  Tag,
  Tooltip,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { PeriodPicker } from '../../../components/PeriodPicker.tsx';
import { useDebouncedSearch } from '../../../hooks/useDebouncedSearch.ts';
import { useFollowRegion } from '../../../hooks/useFollowRegion.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { VoidReasonModal } from '../../screenings/components/VoidReasonModal.tsx';
import {
  createKit,
  exportKits,
  listKits,
  searchHouseholds,
  type THouseholdOption,
  type TKit,
  type TKitFilters,
  voidKit,
} from '../api.ts';

/** Registry households in the caller's scope, by household number or head name. */
function HouseholdSelect({
  value,
  onChange,
}: {
  value?: number;
  onChange?: (id: number | undefined) => void;
}) {
  const { options, isLoading, search } = useDebouncedSearch<THouseholdOption>((text) =>
    searchHouseholds(text).then((page) => page.items),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: first page once
  useEffect(() => search(''), []);
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      onChange={onChange}
      placeholder="输入户编号或户主姓名查找"
      notFoundContent={isLoading ? <Spin size="small" /> : '没有找到户'}
      options={options.map((h) => ({
        value: h.id,
        label: `${h.householdNo} ${h.headName ?? ''}（${h.villageName}）`,
      }))}
    />
  );
}

type TCreateValues = {
  householdId: number;
  distributedOn: Dayjs;
  kind: KitKind;
  kitCount: number;
  value: string;
  contents: string[];
  recipientName: string;
  distributedBy?: string;
  note?: string;
};

function CreateKitModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const user = useCurrentUser();
  const [form] = Form.useForm<TCreateValues>();
  const { submit, isSubmitting, error } = useSubmit(async (values: TCreateValues) => {
    await createKit({
      householdId: values.householdId,
      distributedOn: values.distributedOn.format('YYYY-MM-DD'),
      kind: values.kind,
      kitCount: values.kitCount,
      value: values.value,
      contents: values.contents,
      recipientName: values.recipientName,
      distributedBy: values.distributedBy?.trim() || null,
      note: values.note?.trim() || null,
    });
    onSaved();
  });
  return (
    <Modal
      open
      width={680}
      title="登记保健箱发放"
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form<TCreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          distributedOn: dayjs(),
          kind: 'new',
          kitCount: 1,
          contents: ['感冒药', '退烧药', '止泻药', '消炎药', '创可贴', '碘伏', '体温计'],
          distributedBy: user.displayName,
        }}
      >
        <Form.Item name="householdId" label="受领户" rules={[{ required: true, message: '请选择受领户' }]}>
          <HouseholdSelect />
        </Form.Item>
        <Space size="middle" wrap>
          <Form.Item
            name="distributedOn"
            label="发放日期"
            rules={[{ required: true, message: '请选择发放日期' }]}
          >
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Radio.Group options={KIT_KINDS.map((k) => ({ value: k, label: KIT_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="kitCount" label="数量（个）" rules={[{ required: true, message: '请填写数量' }]}>
            <InputNumber min={1} max={5} precision={0} />
          </Form.Item>
          <Form.Item name="value" label="价值（元）" rules={[{ required: true, message: '请填写价值' }]}>
            <Input style={{ width: 120 }} placeholder="如 180.00" />
          </Form.Item>
        </Space>
        <Form.Item name="contents" label="箱内物品" rules={[{ required: true, message: '请选择箱内物品' }]}>
          <Checkbox.Group options={KIT_ITEMS.map((i) => ({ value: i, label: i }))} />
        </Form.Item>
        <Space size="middle" wrap>
          <Form.Item
            name="recipientName"
            label="领取人"
            rules={[{ required: true, message: '请填写领取人' }]}
          >
            <Input maxLength={30} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="distributedBy" label="发放人">
            <Input maxLength={30} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 保健箱发放: health kits handed out to households, with totals, entry, voiding and export. */
export default function KitsPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const canWrite = can(user.role, 'support.write');
  const { regionCode } = useCurrentRegion();
  const [dialog, setDialog] = useState<'create' | TKit | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const fetchPage = async (params: TKitFilters & { page: number; pageSize: number }) => {
    const page = await listKits(params);
    setTotal(page.kits);
    return page;
  };
  const list = usePagedList(fetchPage, {
    region: regionCode,
    from: period[0].format('YYYY-MM-DD'),
    to: period[1].format('YYYY-MM-DD'),
  } as TKitFilters);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);

  return (
    <PageContainer
      title="爱心保健箱发放"
      extra={
        <Space>
          <ExportButton run={() => exportKits(filters)} fallbackName="保健箱发放记录.xlsx" />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
              登记发放
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <Space wrap size="large">
          <PeriodPicker
            value={period}
            onChange={(range) => {
              setPeriod(range);
              applyFilters({
                ...filters,
                from: range[0].format('YYYY-MM-DD'),
                to: range[1].format('YYYY-MM-DD'),
              });
            }}
          />
          <Select
            placeholder="全部类型"
            allowClear
            style={{ width: 160 }}
            options={KIT_KINDS.map((k) => ({ value: k, label: KIT_KIND_LABELS[k] }))}
            onChange={(kind?: KitKind) => applyFilters({ ...filters, kind })}
          />
          <Input.Search
            allowClear
            placeholder="户编号、户主或领取人"
            style={{ width: 220 }}
            onSearch={(q) => applyFilters({ ...filters, q: q || undefined })}
          />
          <Statistic
            title={
              filters.kind === 'refill'
                ? '补充药品（个）'
                : filters.kind === 'new'
                  ? '新发放（个）'
                  : '保健箱（个，含补充）'
            }
            value={total ?? '—'}
          />
        </Space>
      </Card>
      <Card>
        <PagedTable<TKit>
          list={list}
          emptyText="所选区域和期间没有发放记录"
          rowKey="id"
          size="middle"
          columns={[
            { title: '发放日期', dataIndex: 'distributedOn', key: 'date' },
            { title: '乡镇', dataIndex: 'townshipName', key: 'township' },
            { title: '村', dataIndex: 'villageName', key: 'village' },
            {
              title: '户',
              key: 'household',
              render: (_, k) => (
                <Link to={`/households/${k.householdId}`}>{`${k.householdNo} ${k.headName ?? ''}`}</Link>
              ),
            },
            {
              title: '类型',
              key: 'kind',
              render: (_, k) => (
                <Space size={4}>
                  <Tag color={k.kind === 'new' ? 'blue' : 'default'}>{k.kindLabel}</Tag>
                  {k.visitId && <Tag>随走访</Tag>}
                  {k.isVoided && (
                    <Tooltip title={k.voidReason}>
                      <Tag color="red">已作废</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            { title: '数量', dataIndex: 'kitCount', key: 'count', align: 'right' },
            { title: '价值（元）', key: 'value', align: 'right', render: (_, k) => formatFen(k.valueFen) },
            {
              title: '物品',
              key: 'contents',
              render: (_, k) => (
                <Tooltip title={k.contents.join('、')}>
                  <span>{`${k.contents.slice(0, 3).join('、')}${k.contents.length > 3 ? '等' : ''}`}</span>
                </Tooltip>
              ),
            },
            { title: '领取人', dataIndex: 'recipientName', key: 'recipient' },
            ...(canWrite
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, k: TKit) =>
                      k.isVoided ? null : (
                        <Button type="link" size="small" danger onClick={() => setDialog(k)}>
                          作废
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {dialog === 'create' && (
        <CreateKitModal
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            message.success('发放已登记');
            list.reload();
          }}
        />
      )}
      {dialog !== null && dialog !== 'create' && (
        <VoidReasonModal
          title={`作废发放记录：${dialog.householdNo} ${dialog.distributedOn}`}
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await voidKit(dialog.id, reason);
            setDialog(null);
            message.success('已作废');
            list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
