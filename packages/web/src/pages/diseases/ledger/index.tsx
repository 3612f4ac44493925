import { PlusOutlined } from '@ant-design/icons';
import { formatFen } from '@healthaid/domain/money';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  type TableColumnsType,
  Tag,
  Timeline,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { optionalFenOf, yuanRule } from '../../../components/yuan-rule.ts';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useFollowRegion } from '../../../hooks/useFollowRegion.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { InstitutionSelect } from '../../institutions/components/InstitutionSelect.tsx';
import {
  changeCaseStatus,
  exportCases,
  formatRateBp,
  getCase,
  getClassification,
  hospitalLabel,
  listCases,
  OUTCOME_LABELS,
  openCase,
  type TCaseFilters,
  TREATMENT_LABELS,
  TREATMENT_NEXT,
  type TTreatmentCase,
  type TTreatmentOutcome,
  type TTreatmentStatus,
  treatmentRates,
} from '../api.ts';
import { PersonSelect } from '../components/Pickers.tsx';

const STATUS_COLORS: Record<TTreatmentStatus, string> = {
  waiting: 'gold',
  treating: 'blue',
  treated: 'green',
  not_ready: 'orange',
  abandoned: 'default',
  dead: 'default',
  moved_out: 'default',
};
const REASON_REQUIRED: TTreatmentStatus[] = ['not_ready', 'abandoned', 'dead', 'moved_out'];
const STATUS_OPTIONS = (Object.entries(TREATMENT_LABELS) as [TTreatmentStatus, string][]).map(
  ([value, label]) => ({
    value,
    label,
  }),
);

type TStatusValues = {
  to: TTreatmentStatus;
  date: Dayjs;
  reason?: string;
  outcome?: TTreatmentOutcome;
  designatedHospitalCode?: string;
  expertGroup?: string;
  clinicalPathway?: string;
  costQuotaYuan?: string;
};

function StatusModal({
  item,
  onClose,
  onSaved,
}: {
  item: TTreatmentCase;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TStatusValues>();
  const to = Form.useWatch('to', form);
  const needsDetails = to === 'treating' || to === 'treated';
  const { submit, isSubmitting, error } = useSubmit(async (values: TStatusValues) => {
    const details = needsDetails
      ? {
          designatedHospitalCode: values.designatedHospitalCode?.trim() || undefined,
          expertGroup: values.expertGroup?.trim() || undefined,
          clinicalPathway: values.clinicalPathway?.trim() || undefined,
          costQuotaFen: optionalFenOf(values.costQuotaYuan),
        }
      : undefined;
    await changeCaseStatus(item.id, {
      to: values.to,
      date: values.date.format('YYYY-MM-DD'),
      reason: values.reason?.trim() || undefined,
      outcome: values.to === 'treated' ? values.outcome : undefined,
      details,
    });
    onSaved();
  });
  const next = TREATMENT_NEXT[item.status];
  return (
    <Modal
      open
      title={`${item.personName}：${item.itemName ?? ''}（当前：${TREATMENT_LABELS[item.status]}）`}
      okText="确定"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: next.length === 0 }}
    >
      <ErrorAlert message={error} />
      {next.length === 0 ? (
        <Empty description="该病例已结案，不能再变更状态" />
      ) : (
        <Form<TStatusValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            date: dayjs(),
            designatedHospitalCode: item.details.designatedHospitalCode,
            expertGroup: item.details.expertGroup,
            clinicalPathway: item.details.clinicalPathway,
            costQuotaYuan:
              item.details.costQuotaFen === undefined
                ? undefined
                : formatFen(item.details.costQuotaFen, { grouping: false }),
          }}
        >
          <Space size="large" wrap>
            <Form.Item name="to" label="变更为" rules={[{ required: true, message: '请选择新状态' }]}>
              <Select
                style={{ width: 200 }}
                options={next.map((s) => ({ value: s, label: TREATMENT_LABELS[s] }))}
              />
            </Form.Item>
            <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker
                disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(item.statusDate), 'day')}
              />
            </Form.Item>
          </Space>
          {to === 'treated' && (
            <Form.Item
              name="outcome"
              label="救治结果"
              rules={[{ required: true, message: '请选择救治结果' }]}
            >
              <Select
                style={{ width: 200 }}
                options={(Object.entries(OUTCOME_LABELS) as [TTreatmentOutcome, string][]).map(
                  ([value, label]) => ({
                    value,
                    label,
                  }),
                )}
              />
            </Form.Item>
          )}
          {needsDetails && (
            <>
              <Form.Item
                name="designatedHospitalCode"
                label="定点医院"
                rules={[{ required: true, message: '定点医院不能为空' }]}
              >
                <InstitutionSelect
                  designatedFor={item.itemCode ?? undefined}
                  placeholder="输入名称或编码，选择该病种的定点医院"
                />
              </Form.Item>
              <Space size="large" wrap>
                <Form.Item name="expertGroup" label="专家组">
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item name="clinicalPathway" label="临床路径">
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item name="costQuotaYuan" label="费用定额（元）" rules={[yuanRule(false)]}>
                  <Input style={{ width: 160 }} placeholder="如 30000.00" />
                </Form.Item>
              </Space>
            </>
          )}
          <Form.Item
            name="reason"
            label="原因"
            rules={[
              {
                required: REASON_REQUIRED.includes(to) || (item.status === 'treated' && to === 'treating'),
                message: '请填写原因',
              },
            ]}
          >
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function CaseDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const detail = useAsync(() => getCase(id), `case:${id}`);
  const c = detail.data;
  return (
    <Drawer open title="救治病例" size={640} onClose={onClose}>
      <ErrorAlert message={detail.error ? describeError(detail.error) : null} />
      {c && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="姓名">{c.personName}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{c.idNumberMasked}</Descriptions.Item>
            <Descriptions.Item label="地址">{`${c.townshipName}${c.villageName}`}</Descriptions.Item>
            <Descriptions.Item label="病种">{c.itemName}</Descriptions.Item>
            <Descriptions.Item label="建档日期">{c.openedOn}</Descriptions.Item>
            <Descriptions.Item label="已等待天数">{c.daysWaited}</Descriptions.Item>
            <Descriptions.Item label="定点医院">{hospitalLabel(c)}</Descriptions.Item>
            <Descriptions.Item label="临床路径">{c.details.clinicalPathway ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Timeline
            style={{ marginTop: 24 }}
            items={c.history.map((e) => ({
              color: STATUS_COLORS[e.status] === 'default' ? 'gray' : STATUS_COLORS[e.status],
              content: `${e.date} ${TREATMENT_LABELS[e.status]}${e.outcome ? `（${OUTCOME_LABELS[e.outcome]}）` : ''}${
                e.reason ? `：${e.reason}` : ''
              }${e.by ? ` — ${e.by}` : ''}`,
            }))}
          />
        </>
      )}
    </Drawer>
  );
}

function OpenCaseModal({
  region,
  onClose,
  onSaved,
}: {
  region: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [personId, setPersonId] = useState<number | undefined>();
  const [key, setKey] = useState<string | undefined>();
  const diseases = useAsync(
    () => getClassification(personId ?? 0),
    personId === undefined ? null : `classification:${personId}`,
  );
  const major = (diseases.data?.personDiseases ?? []).filter((d) => d.line === 'major_treatment');
  const { submit, isSubmitting, error } = useSubmit(async () => {
    if (personId === undefined || key === undefined) {
      throw new Error('请选择居民和大病病种');
    }
    await openCase(personId, key);
    onSaved();
  });
  return (
    <Modal
      open
      title="建立救治台账"
      okText="建档"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => submit()}
    >
      <ErrorAlert message={error} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <PersonSelect
          region={region}
          value={personId}
          onChange={(id) => {
            setPersonId(id);
            setKey(undefined);
          }}
        />
        {personId !== undefined && !diseases.isLoading && major.length === 0 && (
          <Empty description="该居民没有已核准、纳入大病集中救治的疾病" />
        )}
        {major.length > 0 && (
          <Select
            placeholder="选择大病病种"
            value={key}
            onChange={setKey}
            style={{ width: '100%' }}
            options={major.map((d) => ({
              value: d.personDiseaseKey,
              label: `${d.itemName ?? d.personDiseaseKey}${d.treatmentCaseId ? '（已建档）' : ''}`,
            }))}
          />
        )}
      </Space>
    </Modal>
  );
}

function RatesCard({ region, version }: { region: string; version: number }) {
  const rates = useAsync(() => treatmentRates(region), `treatment-rates:${region}:${version}`);
  if (!rates.data) {
    return null;
  }
  const { total, children } = rates.data;
  return (
    <Card size="small" title="救治率">
      <Space size="large" wrap>
        <Statistic title="本区域" value={formatRateBp(total.rateBp)} />
        <Statistic title="已救治/应救治" value={`${total.treated}/${total.base}`} />
        <Statistic title="待救治" value={total.waiting} />
        {children
          .filter((c) => c.base > 0)
          .slice(0, 12)
          .map((c) => (
            <Statistic key={c.code} title={c.name} value={formatRateBp(c.rateBp)} />
          ))}
      </Space>
    </Card>
  );
}

/** 救治台账: major-disease cases in scope, waiting days, status changes with reasons. */
export default function TreatmentLedgerPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const [dialog, setDialog] = useState<'open' | TTreatmentCase | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const list = usePagedList(listCases, { region: regionCode } as TCaseFilters);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);
  const changed = (text: string) => {
    setDialog(null);
    message.success(text);
    list.reload();
    setVersion((v) => v + 1);
  };

  const columns: TableColumnsType<TTreatmentCase> = [
    { title: '乡镇', dataIndex: 'townshipName', key: 'township' },
    { title: '村', dataIndex: 'villageName', key: 'village' },
    { title: '姓名', dataIndex: 'personName', key: 'name' },
    { title: '身份证号', dataIndex: 'idNumberMasked', key: 'id' },
    { title: '病种', dataIndex: 'itemName', key: 'item' },
    { title: '建档日期', dataIndex: 'openedOn', key: 'openedOn' },
    {
      title: '救治状态',
      key: 'status',
      render: (_, c) => <Tag color={STATUS_COLORS[c.status]}>{TREATMENT_LABELS[c.status]}</Tag>,
    },
    { title: '状态日期', dataIndex: 'statusDate', key: 'statusDate' },
    {
      title: '已等待（天）',
      key: 'daysWaited',
      align: 'right',
      render: (_, c) =>
        c.status === 'waiting' && c.daysWaited > 30 ? <Tag color="red">{c.daysWaited}</Tag> : c.daysWaited,
    },
    { title: '原因', dataIndex: 'reason', key: 'reason', render: (r: string | null) => r ?? '—' },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDetailId(c.id)}>
            详情
          </Button>
          {TREATMENT_NEXT[c.status].length > 0 && (
            <Button type="link" size="small" onClick={() => setDialog(c)}>
              变更状态
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="救治台账"
      extra={
        <Space>
          <ExportButton
            run={() => exportCases({ ...filters, region: regionCode })}
            fallbackName="救治台账.xlsx"
            label="导出"
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('open')}>
            建立台账
          </Button>
        </Space>
      }
    >
      <RatesCard region={regionCode} version={version} />
      <Card>
        <Space wrap>
          <Input.Search
            placeholder="姓名或病种"
            allowClear
            onSearch={(q) => applyFilters({ ...filters, q })}
            style={{ width: 220 }}
          />
          <Select
            placeholder="全部状态"
            allowClear
            options={STATUS_OPTIONS}
            style={{ width: 180 }}
            onChange={(status?: TTreatmentStatus) => applyFilters({ ...filters, status })}
          />
          <Button onClick={() => applyFilters({ ...filters, status: 'waiting' })}>只看待救治</Button>
        </Space>
      </Card>
      <Card>
        <PagedTable<TTreatmentCase>
          list={list}
          emptyText="没有符合条件的救治病例"
          rowKey="id"
          columns={columns}
        />
      </Card>
      {dialog === 'open' && (
        <OpenCaseModal
          region={regionCode}
          onClose={() => setDialog(null)}
          onSaved={() => changed('已建立救治台账')}
        />
      )}
      {dialog !== null && dialog !== 'open' && (
        <StatusModal
          item={dialog}
          onClose={() => setDialog(null)}
          onSaved={() => changed('救治状态已更新')}
        />
      )}
      {detailId !== null && <CaseDrawer id={detailId} onClose={() => setDetailId(null)} />}
    </PageContainer>
  );
}
