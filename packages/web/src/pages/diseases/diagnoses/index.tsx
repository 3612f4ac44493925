import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useFollowRegion } from '../../../hooks/useFollowRegion.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  createDiagnosis,
  exportDiagnoses,
  formatRateBp,
  LINE_LABELS,
  listDiagnoses,
  SOURCE_LABELS,
  type TDiagnosis,
  type TDiagnosisFilters,
  type TDiagnosisSource,
  type TDiseaseLine,
  type TVerificationStatus,
  VERIFICATION_LABELS,
  verificationRates,
  verifyDiagnosis,
} from '../api.ts';
import { DiseaseLineTag, VerificationTag } from '../components/DiseaseTags.tsx';
import { IcdSelect, PersonSelect } from '../components/Pickers.tsx';

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

type TCreateValues = {
  personId: number;
  icdCode?: string;
  name?: string;
  institution?: string;
  diagnosedOn: Dayjs;
  source: TDiagnosisSource;
};

function CreateDiagnosisModal({
  region,
  onClose,
  onSaved,
}: {
  region: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TCreateValues>();
  const { submit, isSubmitting, error } = useSubmit(async (values: TCreateValues) => {
    await createDiagnosis(values.personId, {
      icdCode: values.icdCode,
      name: values.name?.trim() || undefined,
      institution: values.institution?.trim() || undefined,
      diagnosedOn: values.diagnosedOn.format('YYYY-MM-DD'),
      source: values.source,
    });
    onSaved();
  });
  return (
    <Modal
      open
      title="登记诊断"
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
        initialValues={{ source: 'clinic_visit', diagnosedOn: dayjs() }}
        onFinish={submit}
      >
        <Form.Item name="personId" label="居民" rules={[{ required: true, message: '请选择居民' }]}>
          <PersonSelect region={region} />
        </Form.Item>
        <Form.Item
          name="icdCode"
          label="ICD-10编码"
          extra="查不到编码时可只填诊断名称，将标记为“未编码”待补充"
        >
          <IcdSelect
            onChange={(code, hit) => {
              form.setFieldsValue({ icdCode: code, ...(hit ? { name: hit.name } : {}) });
            }}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label="诊断名称"
          dependencies={['icdCode']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value?: string) =>
                getFieldValue('icdCode') || value?.trim()
                  ? Promise.resolve()
                  : Promise.reject(new Error('请选择ICD编码或填写诊断名称')),
            }),
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="institution" label="诊断机构">
          <Input maxLength={100} />
        </Form.Item>
        <Space size="large">
          <Form.Item
            name="diagnosedOn"
            label="诊断日期"
            rules={[{ required: true, message: '请选择诊断日期' }]}
          >
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
            <Select options={options(SOURCE_LABELS)} style={{ width: 140 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

type TVerifyDialog = { diagnosis: TDiagnosis; to: TVerificationStatus };

function VerifyModal({
  dialog,
  onClose,
  onSaved,
}: {
  dialog: TVerifyDialog;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [reason, setReason] = useState('');
  const { submit, isSubmitting, error } = useSubmit(async () => {
    await verifyDiagnosis(dialog.diagnosis.id, { to: dialog.to, reason: reason.trim() || undefined });
    onSaved();
  });
  const { diagnosis, to } = dialog;
  return (
    <Modal
      open
      title={`${diagnosis.personName}：${diagnosis.name} → ${VERIFICATION_LABELS[to]}`}
      okText="确定"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => submit()}
    >
      <ErrorAlert message={error} />
      <Input.TextArea
        rows={3}
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={to === 'verified' ? '备注（可不填）' : '请填写原因（必填）'}
      />
    </Modal>
  );
}

function RatesCard({ region, version }: { region: string; version: number }) {
  const rates = useAsync(() => verificationRates(region), `verification-rates:${region}:${version}`);
  if (!rates.data) {
    return null;
  }
  return (
    <Card size="small" title="核准率">
      <Space size="large" wrap>
        <Statistic title="本区域" value={formatRateBp(rates.data.total.rateBp)} />
        <Statistic title="已核准/登记" value={`${rates.data.total.decided}/${rates.data.total.total}`} />
        {rates.data.children
          .filter((c) => c.rateBp !== null)
          .slice(0, 12)
          .map((c) => (
            <Statistic key={c.code} title={c.name} value={formatRateBp(c.rateBp)} />
          ))}
      </Space>
    </Card>
  );
}

/** 疾病核准: diagnoses in scope with their verification, and registration of new diagnoses. */
export default function DiagnosesPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const [dialog, setDialog] = useState<'create' | TVerifyDialog | null>(null);
  const [version, setVersion] = useState(0);
  // Links (the workbench's 疾病待核准) may preset the status with ?status=pending.
  const [searchParams] = useSearchParams();
  const statusParam = searchParams.get('status');
  const list = usePagedList(listDiagnoses, {
    region: regionCode,
    status:
      statusParam && statusParam in VERIFICATION_LABELS ? (statusParam as TVerificationStatus) : undefined,
  } as TDiagnosisFilters);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);

  const columns: TableColumnsType<TDiagnosis> = [
    { title: '乡镇', dataIndex: 'townshipName', key: 'township' },
    { title: '村', dataIndex: 'villageName', key: 'village' },
    { title: '姓名', dataIndex: 'personName', key: 'name' },
    { title: '身份证号', dataIndex: 'idNumberMasked', key: 'id' },
    {
      title: '诊断',
      key: 'diagnosis',
      render: (_, d) => (
        <Space size={4}>
          {d.icdCode ? <Tag>{d.icdCode}</Tag> : <Tag color="orange">未编码</Tag>}
          {d.name}
        </Space>
      ),
    },
    { title: '诊断日期', dataIndex: 'diagnosedOn', key: 'diagnosedOn' },
    { title: '来源', key: 'source', render: (_, d) => SOURCE_LABELS[d.source] },
    {
      title: '核准状态',
      key: 'status',
      render: (_, d) => <VerificationTag diagnosis={d} />,
    },
    {
      title: '三个一批',
      key: 'line',
      render: (_, d) => <DiseaseLineTag diagnosis={d} />,
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, d) =>
        d.verificationStatus === 'pending' ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setDialog({ diagnosis: d, to: 'verified' })}>
              核准
            </Button>
            <Button
              type="link"
              size="small"
              danger
              onClick={() => setDialog({ diagnosis: d, to: 'rejected' })}
            >
              核准不患病
            </Button>
          </Space>
        ) : (
          <Button type="link" size="small" onClick={() => setDialog({ diagnosis: d, to: 'pending' })}>
            退回待核准
          </Button>
        ),
    },
  ];

  return (
    <PageContainer
      title="疾病核准"
      extra={
        <Space>
          <ExportButton
            run={() => exportDiagnoses({ ...filters, region: regionCode })}
            fallbackName="诊断核准.xlsx"
            label="导出"
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
            登记诊断
          </Button>
        </Space>
      }
    >
      <RatesCard region={regionCode} version={version} />
      <Card>
        <Space wrap>
          <Input.Search
            placeholder="姓名、诊断名称或ICD编码"
            allowClear
            onSearch={(q) => applyFilters({ ...filters, q })}
            style={{ width: 240 }}
          />
          <Select
            placeholder="全部核准状态"
            allowClear
            options={options(VERIFICATION_LABELS)}
            style={{ width: 150 }}
            value={filters.status}
            onChange={(status?: TVerificationStatus) => applyFilters({ ...filters, status })}
          />
          <Select
            placeholder="全部分类"
            allowClear
            options={options(LINE_LABELS)}
            style={{ width: 190 }}
            onChange={(line?: TDiseaseLine) => applyFilters({ ...filters, line })}
          />
          <Select
            placeholder="编码情况"
            allowClear
            options={[
              { value: 'true', label: '未编码' },
              { value: 'false', label: '已编码' },
            ]}
            style={{ width: 120 }}
            onChange={(uncoded?: 'true' | 'false') => applyFilters({ ...filters, uncoded })}
          />
        </Space>
      </Card>
      <Card>
        <PagedTable<TDiagnosis> list={list} rowKey="id" columns={columns} emptyText="没有符合条件的诊断" />
      </Card>
      {dialog === 'create' && (
        <CreateDiagnosisModal
          region={regionCode}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            message.success('诊断已登记，待核准');
            list.reload();
            setVersion((v) => v + 1);
          }}
        />
      )}
      {dialog !== null && dialog !== 'create' && (
        <VerifyModal
          dialog={dialog}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            message.success('核准状态已更新');
            list.reload();
            setVersion((v) => v + 1);
          }}
        />
      )}
    </PageContainer>
  );
}
