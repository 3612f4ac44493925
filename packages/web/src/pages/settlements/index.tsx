import { DownloadOutlined, PrinterOutlined, SearchOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import { formatBp, formatFen } from '@healthaid/domain/money';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../app/api/api-error.ts';
import { saveBlob } from '../../app/api/save-blob.ts';
import { useCurrentUser } from '../../app/auth/useAuth.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageContainer } from '../../components/PageContainer.tsx';
import { optionalFenOf, yuanRule } from '../../components/yuan-rule.ts';
import { usePagedList } from '../../hooks/usePagedList.ts';
import { useSubmit } from '../../hooks/useSubmit.ts';
import {
  checkIdentity,
  createSettlement,
  exportSettlements,
  listSettlements,
  reverseSettlement,
  statementPdfUrl,
  statementUrl,
  type TClaim,
  type TIdentity,
  type TLayer,
  type TSettlement,
  type TSettlementDetail,
  type TSettlementFilters,
  type TVisitType,
  VISIT_LABELS,
} from './api.ts';
import { ImportTab } from './components/ImportTab.tsx';
import { LedgerTab } from './components/LedgerTab.tsx';
import { WhatIfTab } from './components/WhatIfTab.tsx';

const yuan = (fen: number) => formatFen(fen);
const LEVEL_NAMES: Record<string, string> = {
  township: '乡镇',
  county: '县级',
  city: '市级',
  province: '省级及以上',
};
const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

/** A yuan text field checked with the domain's parser (exact to the fen, no floats). */
const fenOf = (value: string | undefined) => optionalFenOf(value) ?? 0;

type TClaimValues = {
  claimId: string;
  visitType: TVisitType;
  admissionDate: Dayjs;
  dischargeDate: Dayjs;
  diagnosisCodes?: string[];
  policyScopeYuan: string;
  outOfCatalogueYuan?: string;
  hasOutOfCatalogueConsent?: boolean;
  categoryBYuan?: string;
  treatFirstPayLater?: boolean;
  depositYuan?: string;
  dialysisSessions?: number | null;
};

function ResultCard({ result }: { result: TSettlementDetail }) {
  const columns: TableColumnsType<TLayer> = [
    { title: '保障层', dataIndex: 'label' },
    { title: '计算基数（元）', dataIndex: 'baseFen', align: 'right', render: yuan },
    { title: '起付线（元）', dataIndex: 'deductibleFen', align: 'right', render: yuan },
    {
      title: '比例',
      dataIndex: 'rateBp',
      align: 'right',
      render: (bp: number) => formatBp(bp),
    },
    {
      title: '支付（元）',
      dataIndex: 'paidFen',
      align: 'right',
      render: (fen: number, layer) => (
        <Space>
          {yuan(fen)}
          {layer.isCapHit ? <Tag color="orange">达封顶</Tag> : null}
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={`结算结果 ${result.claimNo}`}
      extra={
        <Space>
          <Button icon={<PrinterOutlined />} href={statementUrl(result.id)} target="_blank">
            打印结算单（A4）
          </Button>
          <Button href={statementUrl(result.id, 'A5')} target="_blank">
            A5
          </Button>
          <Button href={statementPdfUrl(result.id)} target="_blank">
            PDF
          </Button>
        </Space>
      }
    >
      {result.isInRegistry ? null : (
        <Alert type="warning" style={{ marginBottom: 12 }} title={`该患者${result.insuredLabel}`} />
      )}
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="人员类别">{result.insuredLabel}</Descriptions.Item>
        <Descriptions.Item label="医疗机构">
          {result.institutionName}（{LEVEL_NAMES[result.institutionLevel] ?? result.institutionLevel}）
        </Descriptions.Item>
        <Descriptions.Item label="适用政策">
          {result.policySet.name}（第 {result.policySet.version} 版）
        </Descriptions.Item>
        <Descriptions.Item label="医疗总费用">{yuan(result.totalFen)} 元</Descriptions.Item>
        <Descriptions.Item label="免收押金">{yuan(result.depositWaivedFen)} 元</Descriptions.Item>
        <Descriptions.Item label={result.bearer?.label ?? '超自付上限承担'}>
          {yuan(result.borneFen)} 元
        </Descriptions.Item>
        <Descriptions.Item label="个人窗口支付">
          <Typography.Text strong style={{ fontSize: 18 }}>
            {yuan(result.selfPayFen)} 元
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Table rowKey="code" size="small" pagination={false} columns={columns} dataSource={result.layers} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        计算说明
      </Typography.Title>
      <ol>
        {result.explanation.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
    </Card>
  );
}

function SettleTab({ onSettled }: { onSettled: () => void }) {
  const [idNumber, setIdNumber] = useState('');
  const [identity, setIdentity] = useState<TIdentity | null>(null);
  const [result, setResult] = useState<TSettlementDetail | null>(null);
  const [form] = Form.useForm<TClaimValues>();
  // One Idempotency-Key per filled-in claim: a retry returns the same settlement; any edit starts a new one.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const lookup = useSubmit(async () => {
    const discharge = form.getFieldValue('dischargeDate') as Dayjs | undefined;
    setIdentity(await checkIdentity(idNumber.trim(), (discharge ?? null)?.format('YYYY-MM-DD') ?? ''));
  });
  const settle = useSubmit(async (values: TClaimValues) => {
    const policyScopeFen = fenOf(values.policyScopeYuan);
    const outOfCatalogueFen = fenOf(values.outOfCatalogueYuan);
    const claim: Omit<TClaim, 'institutionLevel'> = {
      claimId: values.claimId.trim(),
      visitType: values.visitType,
      admissionDate: values.admissionDate.format('YYYY-MM-DD'),
      dischargeDate: values.dischargeDate.format('YYYY-MM-DD'),
      diagnosisCodes: values.diagnosisCodes ?? [],
      totalFen: policyScopeFen + outOfCatalogueFen,
      policyScopeFen,
      outOfCatalogueFen,
      hasOutOfCatalogueConsent: values.hasOutOfCatalogueConsent === true,
      categoryBFirstSelfPayFen: fenOf(values.categoryBYuan),
      treatFirstPayLater: values.treatFirstPayLater === true,
      depositFen: fenOf(values.depositYuan),
      ...(values.dialysisSessions ? { dialysisSessions: values.dialysisSessions } : {}),
    };
    setResult(await createSettlement(idNumber.trim(), claim, idempotencyKey));
    onSettled();
  });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card title="1. 身份识别">
        <Space wrap>
          <Input
            aria-label="身份证号"
            placeholder="患者身份证号"
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
            style={{ width: 260 }}
          />
          <Button
            icon={<SearchOutlined />}
            loading={lookup.isSubmitting}
            onClick={() => void lookup.submit()}
          >
            识别身份
          </Button>
        </Space>
        <ErrorAlert message={lookup.error} />
        {identity ? (
          <Alert
            style={{ marginTop: 12 }}
            type={identity.found ? 'success' : 'warning'}
            title={
              identity.found
                ? `${identity.nameMasked ?? ''}（${identity.idNumberMasked}）${identity.villageName ?? ''}`
                : identity.message
            }
            description={
              identity.found ? (
                <Space wrap>
                  {identity.categories.length === 0 ? '普通参保人员' : null}
                  {identity.categories.map((c) => (
                    <Tag key={c.code} color="blue">
                      {c.label}
                    </Tag>
                  ))}
                  {identity.isPriorityGroup ? <Tag color="green">可享先诊疗后付费</Tag> : null}
                </Space>
              ) : null
            }
          />
        ) : null}
      </Card>
      <Card title="2. 结算单据">
        <ErrorAlert message={settle.error} />
        <Form
          form={form}
          layout="inline"
          style={{ rowGap: 12 }}
          initialValues={{ visitType: 'inpatient' }}
          onValuesChange={() => setIdempotencyKey(crypto.randomUUID())}
          onFinish={(values) => void settle.submit(values)}
        >
          <Form.Item name="claimId" label="结算单号" rules={[{ required: true, message: '请填写结算单号' }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="visitType" label="就诊类型" rules={[{ required: true }]}>
            <Select style={{ width: 130 }} options={options(VISIT_LABELS)} />
          </Form.Item>
          <Form.Item
            name="admissionDate"
            label="入院日期"
            rules={[{ required: true, message: '请选择入院日期' }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="dischargeDate"
            label="出院日期"
            rules={[{ required: true, message: '请选择出院日期' }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="diagnosisCodes" label="诊断编码">
            <Select mode="tags" style={{ width: 220 }} placeholder="如 N18.5" />
          </Form.Item>
          <Form.Item name="policyScopeYuan" label="政策范围内费用（元）" rules={[yuanRule(true)]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="outOfCatalogueYuan" label="目录外费用（元）" rules={[yuanRule(false)]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="hasOutOfCatalogueConsent" valuePropName="checked">
            <Checkbox>已签目录外知情同意书</Checkbox>
          </Form.Item>
          <Form.Item name="categoryBYuan" label="乙类先自付（元）" rules={[yuanRule(false)]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="treatFirstPayLater" label="先诊疗后付费" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="depositYuan" label="应收押金（元）" rules={[yuanRule(false)]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="dialysisSessions" label="血液透析次数">
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={settle.isSubmitting}
              disabled={!idNumber.trim()}
            >
              结算
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {result ? <ResultCard result={result} /> : null}
    </Space>
  );
}

function ListTab() {
  const { message } = App.useApp();
  const list = usePagedList<TSettlement, TSettlementFilters>(listSettlements, {});
  const [reversing, setReversing] = useState<TSettlement | null>(null);
  const [reason, setReason] = useState('');
  const reverse = useSubmit(async () => {
    if (!reversing) {
      return;
    }
    await reverseSettlement(reversing.id, reason.trim());
    message.success(`结算单 ${reversing.claimNo} 已冲销`);
    setReversing(null);
    setReason('');
    list.reload();
  });
  const columns: TableColumnsType<TSettlement> = [
    { title: '结算单号', dataIndex: 'claimNo' },
    { title: '姓名', dataIndex: 'personNameMasked' },
    {
      title: '人员',
      dataIndex: 'isInRegistry',
      render: (isIn: boolean) => (isIn ? <Tag color="blue">库内</Tag> : <Tag>普通参保</Tag>),
    },
    { title: '身份证号', dataIndex: 'idNumberMasked' },
    { title: '出院日期', dataIndex: 'dischargeDate' },
    { title: '总费用', dataIndex: 'totalFen', align: 'right', render: yuan },
    { title: '基本医保', dataIndex: 'basicFen', align: 'right', render: yuan },
    { title: '大病保险', dataIndex: 'criticalFen', align: 'right', render: yuan },
    { title: '医疗救助', dataIndex: 'assistanceFen', align: 'right', render: yuan },
    { title: '其他', dataIndex: 'otherFen', align: 'right', render: yuan },
    { title: '个人自付', dataIndex: 'selfPayFen', align: 'right', render: yuan },
    {
      title: '状态',
      dataIndex: 'status',
      render: (status: TSettlement['status'], row) =>
        status === 'settled' ? (
          <Tag color="green">已结算</Tag>
        ) : (
          <Tag title={row.reversedReason ?? ''}>{row.replacedById ? '已重算' : '已冲销'}</Tag>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_, row) => (
        <Space>
          <Button size="small" href={statementUrl(row.id)} target="_blank">
            结算单
          </Button>
          {row.status === 'settled' ? (
            <Button size="small" danger onClick={() => setReversing(row)}>
              冲销
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          onChange={(range) =>
            list.applyFilters({
              ...list.filters,
              from: range?.[0]?.format('YYYY-MM-DD'),
              to: range?.[1]?.format('YYYY-MM-DD'),
            })
          }
        />
        <Input.Search
          placeholder="姓名、身份证号或结算单号"
          allowClear
          onSearch={(q) => list.applyFilters({ ...list.filters, q: q || undefined })}
          style={{ width: 260 }}
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            void exportSettlements({ from: list.filters.from, to: list.filters.to, q: list.filters.q })
              .then(({ blob, filename }) => saveBlob(blob, filename ?? '一站式结算单.xlsx'))
              .catch((error: unknown) => message.error(describeError(error)))
          }
        >
          导出
        </Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.items}
        pagination={list.pagination}
        scroll={{ x: 1100 }}
      />
      <Modal
        title={`冲销结算单 ${reversing?.claimNo ?? ''}`}
        open={reversing !== null}
        okText="确认冲销"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: reverse.isSubmitting }}
        onOk={() => void reverse.submit()}
        onCancel={() => setReversing(null)}
      >
        <ErrorAlert message={reverse.error} />
        <Input.TextArea
          aria-label="冲销原因"
          placeholder="冲销原因（必填）"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

/** 一站式结算: identity → claim → layered result with explanation and print; settlement list with reversal. */
export default function SettlementsPage() {
  const [version, setVersion] = useState(0);
  const user = useCurrentUser();
  const canSettle = can(user.role, 'settlements.write');
  const canManage = can(user.role, 'policies.manage');
  return (
    <PageContainer title="一站式结算">
      <Tabs
        items={[
          ...(canSettle
            ? [
                {
                  key: 'settle',
                  label: '结算办理',
                  children: <SettleTab onSettled={() => setVersion((v) => v + 1)} />,
                },
              ]
            : []),
          { key: 'list', label: '结算记录', children: <ListTab key={version} /> },
          { key: 'ledger', label: '结算台账', children: <LedgerTab /> },
          ...(canSettle
            ? [
                {
                  key: 'import',
                  label: '单据导入',
                  children: <ImportTab onImported={() => setVersion((v) => v + 1)} />,
                },
              ]
            : []),
          ...(canSettle || canManage
            ? [{ key: 'policies', label: '政策与测算', children: <WhatIfTab canManage={canManage} /> }]
            : []),
        ]}
      />
    </PageContainer>
  );
}
