import { PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import { formatBp } from '@healthaid/domain/money';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useFollowRegion } from '../../../hooks/useFollowRegion.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { PersonSelect } from '../../diseases/components/Pickers.tsx';
import {
  addEvidence,
  CATEGORY_LABELS,
  CLEARANCE_LABELS,
  changeProblemStatus,
  createProblem,
  DEFAULT_DAYS,
  exportProblems,
  getProblem,
  listProblems,
  listRounds,
  rectification,
  SEVERITY_COLORS,
  SEVERITY_LABELS,
  SOURCE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  type TClearance,
  type TProblem,
  type TProblemCategory,
  type TProblemDetail,
  type TProblemFilters,
  type TProblemSeverity,
  type TProblemSource,
  type TProblemStatus,
  updateProblem,
} from '../api.ts';

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
const CLEARANCE_COLORS: Record<TClearance, string> = {
  cleared: 'green',
  not_cleared: 'red',
  no_problems: 'default',
};
const rateText = (bp: number | null) => (bp === null ? '—' : formatBp(bp));
const today = () => dayjs().format('YYYY-MM-DD');

/** The action a responsible unit or the bureau can take next, as buttons. */
const ACTIONS: Record<
  TProblemStatus,
  { to: TProblemStatus; label: string; needs: 'note' | 'reason' | null; manageOnly: boolean }[]
> = {
  pending: [{ to: 'rectifying', label: '开始整改', needs: null, manageOnly: false }],
  rectifying: [{ to: 'awaiting_acceptance', label: '提交验收', needs: 'note', manageOnly: false }],
  awaiting_acceptance: [
    { to: 'closed', label: '验收销号', needs: null, manageOnly: true },
    { to: 'rectifying', label: '退回整改', needs: 'reason', manageOnly: true },
  ],
  closed: [],
};

function RectificationCard({ region, version }: { region: string; version: number }) {
  const from = dayjs().startOf('year').format('YYYY-MM-DD');
  const summary = useAsync(() => rectification({ region, from, to: today() }), `${region}:${version}`);
  const data = summary.data;
  return (
    <Card
      size="small"
      title={`问题整改情况（${from.slice(0, 4)}年以来发现的问题）`}
      loading={summary.isLoading && !data}
    >
      <ErrorAlert message={summary.error ? describeError(summary.error) : null} />
      {data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Space size="large" wrap>
              <Statistic title="发现问题" value={data.total.found} suffix="个" />
              <Statistic title="已销号" value={data.total.closed} suffix="个" />
              <Statistic title="问题整改率" value={rateText(data.total.rateBp)} />
              <Statistic title="未销号（含往期）" value={data.total.open} suffix="个" />
              <Statistic
                title="其中逾期"
                value={data.total.overdue}
                suffix="个"
                styles={{ content: { color: data.total.overdue > 0 ? '#cf1322' : undefined } }}
              />
              <Statistic
                title="清零情况"
                valueRender={() => (
                  <Tag color={CLEARANCE_COLORS[data.total.clearance]}>
                    {CLEARANCE_LABELS[data.total.clearance]}
                  </Tag>
                )}
              />
            </Space>
          </Col>
          <Col xs={24} lg={14}>
            <Table
              size="small"
              rowKey="code"
              pagination={{ pageSize: 6, size: 'small' }}
              dataSource={data.children.filter((c) => c.found > 0 || c.open > 0)}
              locale={{ emptyText: <Empty description="下级区域期内未发现问题" /> }}
              columns={[
                { title: '区域', dataIndex: 'name' },
                { title: '发现', dataIndex: 'found', align: 'right' },
                { title: '销号', dataIndex: 'closed', align: 'right' },
                { title: '整改率', dataIndex: 'rateBp', align: 'right', render: rateText },
                { title: '未销号', dataIndex: 'open', align: 'right' },
                {
                  title: '逾期',
                  dataIndex: 'overdue',
                  align: 'right',
                  render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
                },
                {
                  title: '清零',
                  dataIndex: 'clearance',
                  render: (c: TClearance) => <Tag color={CLEARANCE_COLORS[c]}>{CLEARANCE_LABELS[c]}</Tag>,
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

function DeadlineCell({ problem }: { problem: TProblem }) {
  if (problem.isOverdue) {
    return (
      <Space size={4}>
        <span>{problem.deadline}</span>
        <Tag color="red">逾期{problem.daysOverdue}天</Tag>
      </Space>
    );
  }
  if (problem.isClosedLate) {
    return (
      <Space size={4}>
        <span>{problem.deadline}</span>
        <Tag color="orange">逾期销号</Tag>
      </Space>
    );
  }
  if (problem.daysLeft !== null && problem.daysLeft <= 7) {
    return (
      <Space size={4}>
        <span>{problem.deadline}</span>
        <Tag color="gold">剩{problem.daysLeft}天</Tag>
      </Space>
    );
  }
  return <span>{problem.deadline}</span>;
}

type TActionDialog = { problem: TProblemDetail; action: (typeof ACTIONS)[TProblemStatus][number] } | null;

function ActionModal({
  dialog,
  onClose,
  onDone,
}: {
  dialog: NonNullable<TActionDialog>;
  onClose: () => void;
  onDone: (detail: TProblemDetail) => void;
}) {
  const [form] = Form.useForm<{ date: Dayjs; note?: string }>();
  const { problem, action } = dialog;
  const { submit, isSubmitting, error } = useSubmit(async (values: { date: Dayjs; note?: string }) => {
    onDone(
      await changeProblemStatus(problem.id, {
        to: action.to,
        date: values.date.format('YYYY-MM-DD'),
        note: values.note?.trim() || undefined,
      }),
    );
  });
  const noteLabel =
    action.needs === 'note'
      ? '整改情况说明'
      : action.needs === 'reason'
        ? '退回原因'
        : action.to === 'closed'
          ? '验收意见'
          : '整改措施';
  return (
    <Modal
      open
      title={`${action.label}：${problem.problemNo}`}
      okText={action.label}
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Typography.Paragraph type="secondary">{problem.description}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ date: dayjs() }}>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(problem.statusDate), 'day')}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={noteLabel}
          rules={
            action.needs === 'note'
              ? [{ required: true, min: 5, message: '请填写整改情况说明（至少5个字）' }]
              : action.needs === 'reason'
                ? [{ required: true, message: '请填写退回原因' }]
                : []
          }
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EvidenceModal({
  problem,
  onClose,
  onDone,
}: {
  problem: TProblemDetail;
  onClose: () => void;
  onDone: (detail: TProblemDetail) => void;
}) {
  const [form] = Form.useForm<{ note: string }>();
  const { submit, isSubmitting, error } = useSubmit(async (values: { note: string }) => {
    onDone(await addEvidence(problem.id, { note: values.note.trim() }));
  });
  return (
    <Modal
      open
      title={`追加整改佐证：${problem.problemNo}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="note"
          label="佐证说明"
          rules={[{ required: true, min: 5, message: '请填写佐证说明（至少5个字）' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} placeholder="如：已补签协议12份（附照片存档于卫生院）" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ExtendModal({
  problem,
  onClose,
  onDone,
}: {
  problem: TProblemDetail;
  onClose: () => void;
  onDone: (detail: TProblemDetail) => void;
}) {
  const [form] = Form.useForm<{ deadline: Dayjs; reason: string }>();
  const { submit, isSubmitting, error } = useSubmit(async (values: { deadline: Dayjs; reason: string }) => {
    onDone(
      await updateProblem(problem.id, {
        deadline: values.deadline.format('YYYY-MM-DD'),
        reason: values.reason,
      }),
    );
  });
  return (
    <Modal
      open
      title={`调整整改时限：${problem.problemNo}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ deadline: dayjs(problem.deadline) }}
      >
        <Form.Item name="deadline" label="新的整改时限" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(problem.foundOn), 'day')} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="调整原因"
          rules={[{ required: true, min: 2, message: '请填写调整原因' }]}
        >
          <Input.TextArea rows={2} maxLength={200} placeholder="如：需协调医保部门，经局领导批准延期" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ProblemDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const role = useCurrentUser().role;
  const canManage = can(role, 'supervision.manage');
  const canRectify = can(role, 'supervision.rectify');
  const [version, setVersion] = useState(0);
  const detail = useAsync(() => getProblem(id), `problem:${id}:${version}`);
  const [dialog, setDialog] = useState<TActionDialog>(null);
  const [isEvidence, setIsEvidence] = useState(false);
  const [isExtend, setIsExtend] = useState(false);
  const p = detail.data;
  const done = (text: string) => () => {
    setDialog(null);
    setIsEvidence(false);
    setIsExtend(false);
    setVersion((v) => v + 1);
    message.success(text);
    onChanged();
  };
  const actions = p ? ACTIONS[p.status].filter((a) => (a.manageOnly ? canManage : canRectify)) : [];
  return (
    <Drawer
      open
      title={p ? `问题 ${p.problemNo}` : '问题详情'}
      size={720}
      onClose={onClose}
      extra={
        p && (
          <Space wrap>
            {actions.map((action) => (
              <Button
                key={action.label}
                type={
                  action.to === 'rectifying' && p.status === 'awaiting_acceptance' ? 'default' : 'primary'
                }
                danger={action.needs === 'reason'}
                onClick={() => setDialog({ problem: p, action })}
              >
                {action.label}
              </Button>
            ))}
            {canRectify && p.status !== 'closed' && (
              <Button onClick={() => setIsEvidence(true)}>追加佐证</Button>
            )}
            {canManage && p.status !== 'closed' && (
              <Button onClick={() => setIsExtend(true)}>调整时限</Button>
            )}
          </Space>
        )
      }
    >
      <ErrorAlert message={detail.error ? describeError(detail.error) : null} />
      {p && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="整改状态">
              <Tag color={STATUS_COLORS[p.status]}>{STATUS_LABELS[p.status]}</Tag>
              {p.closedOn ? `销号日期 ${p.closedOn}` : null}
            </Descriptions.Item>
            <Descriptions.Item label="整改时限">
              <DeadlineCell problem={p} />
            </Descriptions.Item>
            <Descriptions.Item label="督导轮次" span={2}>
              {p.roundName ?? SOURCE_LABELS[p.source]}
            </Descriptions.Item>
            <Descriptions.Item label="所在区域">{`${p.townshipName}${p.regionName === p.townshipName ? '' : ` ${p.regionName}`}`}</Descriptions.Item>
            <Descriptions.Item label="所涉户/人员">
              {[p.householdNo, p.personName].filter(Boolean).join(' ') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="问题类别">{CATEGORY_LABELS[p.category]}</Descriptions.Item>
            <Descriptions.Item label="严重程度">
              <Tag color={SEVERITY_COLORS[p.severity]}>{SEVERITY_LABELS[p.severity]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="问题描述" span={2}>
              {p.description}
            </Descriptions.Item>
            <Descriptions.Item label="责任单位">{p.responsibleUnit}</Descriptions.Item>
            <Descriptions.Item label="责任人">{p.responsiblePerson ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="发现日期">{p.foundOn}</Descriptions.Item>
            <Descriptions.Item label="状态日期">{p.statusDate}</Descriptions.Item>
            <Descriptions.Item label="整改情况" span={2}>
              {p.rectification ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            整改记录
          </Typography.Title>
          <Timeline
            items={p.history.map((h) => ({
              color:
                h.kind === 'evidence'
                  ? 'gray'
                  : h.toStatus === 'closed'
                    ? 'green'
                    : h.fromStatus === 'awaiting_acceptance' && h.toStatus === 'rectifying'
                      ? 'red'
                      : 'blue',
              content: (
                <>
                  <Typography.Text strong>{h.date}</Typography.Text>{' '}
                  {h.kind === 'evidence' ? '【佐证】' : h.kind === 'edited' ? '【修改】' : ''}
                  {h.note}
                  <Typography.Text type="secondary"> — {h.by}</Typography.Text>
                </>
              ),
            }))}
          />
        </>
      )}
      {dialog && (
        <ActionModal
          dialog={dialog}
          onClose={() => setDialog(null)}
          onDone={done(`已${dialog.action.label}`)}
        />
      )}
      {p && isEvidence && (
        <EvidenceModal problem={p} onClose={() => setIsEvidence(false)} onDone={done('佐证已保存')} />
      )}
      {p && isExtend && (
        <ExtendModal problem={p} onClose={() => setIsExtend(false)} onDone={done('整改时限已调整')} />
      )}
    </Drawer>
  );
}

type TCreateValues = {
  roundId?: number;
  source: TProblemSource;
  regionCode?: string;
  personId?: number;
  category: TProblemCategory;
  description: string;
  severity: TProblemSeverity;
  responsibleUnit: string;
  responsiblePerson?: string;
  foundOn: Dayjs;
  deadline: Dayjs;
};

function CreateProblemModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: number) => void }) {
  const [form] = Form.useForm<TCreateValues>();
  const rounds = useAsync(() => listRounds({}), 'rounds');
  const source = Form.useWatch('source', form);
  const regionCode = Form.useWatch('regionCode', form);
  const { submit, isSubmitting, error } = useSubmit(async (values: TCreateValues) => {
    const created = await createProblem({
      roundId: values.source === 'round' ? (values.roundId ?? null) : null,
      source: values.source,
      regionCode: values.regionCode ?? '',
      personId: values.personId ?? null,
      category: values.category,
      description: values.description.trim(),
      severity: values.severity,
      responsibleUnit: values.responsibleUnit.trim(),
      responsiblePerson: values.responsiblePerson?.trim() || null,
      foundOn: values.foundOn.format('YYYY-MM-DD'),
      deadline: values.deadline.format('YYYY-MM-DD'),
    });
    onSaved(created.id);
  });
  const suggestDeadline = () => {
    const found = form.getFieldValue('foundOn') as Dayjs | undefined;
    const severity = form.getFieldValue('severity') as TProblemSeverity | undefined;
    if (found && severity) {
      form.setFieldValue('deadline', found.add(DEFAULT_DAYS[severity], 'day'));
    }
  };
  return (
    <Modal
      open
      width={720}
      title="登记问题（列入问题清单）"
      okText="登记"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed) => {
          if ('foundOn' in changed || 'severity' in changed) {
            suggestDeadline();
          }
        }}
        initialValues={{
          source: 'round',
          severity: 'general',
          foundOn: dayjs(),
          deadline: dayjs().add(DEFAULT_DAYS.general, 'day'),
        }}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="source" label="问题来源" rules={[{ required: true }]}>
              <Select options={options(SOURCE_LABELS)} />
            </Form.Item>
          </Col>
          <Col span={16}>
            {source === 'round' && (
              <Form.Item
                name="roundId"
                label="督导轮次"
                rules={[{ required: true, message: '请选择督导轮次' }]}
              >
                <Select
                  loading={rounds.isLoading}
                  options={(rounds.data?.items ?? []).map((r) => ({
                    value: r.id,
                    label: `${r.name}（${r.startDate}至${r.endDate}）`,
                  }))}
                />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="regionCode"
              label="所在乡镇/村"
              rules={[{ required: true, message: '请选择乡镇或村' }]}
            >
              <RegionCascader placeholder="选择乡镇或村" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="personId" label="所涉人员（可选）">
              <PersonSelect region={regionCode} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="category"
              label="问题类别"
              rules={[{ required: true, message: '请选择问题类别' }]}
            >
              <Select options={options(CATEGORY_LABELS)} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="severity" label="严重程度" rules={[{ required: true }]}>
              <Select options={options(SEVERITY_LABELS)} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="foundOn"
              label="发现日期"
              rules={[{ required: true, message: '请选择发现日期' }]}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="description"
          label="问题描述"
          rules={[{ required: true, min: 5, message: '请填写问题描述（至少5个字）' }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder="如：签约服务协议未由本人签字，存在代签"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item
              name="responsibleUnit"
              label="责任单位"
              rules={[{ required: true, message: '请填写责任单位' }]}
            >
              <Input maxLength={60} placeholder="如：青龙镇卫生院" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="responsiblePerson" label="责任人">
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="deadline"
              label="整改时限"
              tooltip="按严重程度建议：一般60天、较重30天、严重15天"
              rules={[{ required: true, message: '请选择整改时限' }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 问题清单: findings of supervision with rectification status, overdue flags, 问题整改率 and 清零 by region. */
export default function ProblemsPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const canManage = can(useCurrentUser().role, 'supervision.manage');
  const [searchParams] = useSearchParams();
  const roundParam = Number(searchParams.get('roundId')) || undefined;
  const rounds = useAsync(() => listRounds({}), 'rounds');
  const [detailId, setDetailId] = useState<number | null>(null);
  const [isCreating, setIsCreating] = useState(false);
  const [version, setVersion] = useState(0);
  // Links (the workbench's 问题待整改) may preset 未销号/逾期 with ?open=true / ?overdue=true.
  const flagParam = (name: string) => (searchParams.get(name) === 'true' ? ('true' as const) : undefined);
  const list = usePagedList(listProblems, {
    region: regionCode,
    roundId: roundParam,
    open: flagParam('open'),
    overdue: flagParam('overdue'),
  } as TProblemFilters);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);
  const changed = () => {
    list.reload();
    setVersion((v) => v + 1);
  };

  const columns: TableColumnsType<TProblem> = [
    { title: '问题编号', dataIndex: 'problemNo', key: 'no', width: 120 },
    {
      title: '区域',
      key: 'region',
      render: (_, p) =>
        p.regionName === p.townshipName ? p.townshipName : `${p.townshipName} ${p.regionName}`,
    },
    {
      title: '类别',
      dataIndex: 'category',
      key: 'category',
      render: (c: TProblemCategory) => CATEGORY_LABELS[c],
    },
    {
      title: '问题描述',
      dataIndex: 'description',
      key: 'description',
      ellipsis: true,
      width: 300,
    },
    {
      title: '严重程度',
      dataIndex: 'severity',
      key: 'severity',
      render: (s: TProblemSeverity) => <Tag color={SEVERITY_COLORS[s]}>{SEVERITY_LABELS[s]}</Tag>,
    },
    { title: '责任单位', dataIndex: 'responsibleUnit', key: 'unit' },
    { title: '发现日期', dataIndex: 'foundOn', key: 'foundOn' },
    { title: '整改时限', key: 'deadline', render: (_, p) => <DeadlineCell problem={p} /> },
    {
      title: '整改状态',
      dataIndex: 'status',
      key: 'status',
      render: (s: TProblemStatus) => <Tag color={STATUS_COLORS[s]}>{STATUS_LABELS[s]}</Tag>,
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, p) => (
        <Button type="link" size="small" onClick={() => setDetailId(p.id)}>
          {p.status === 'closed' ? '详情' : '详情/整改'}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer
      title="问题清单"
      extra={
        <Space>
          <ExportButton
            run={() => exportProblems({ ...filters, region: regionCode })}
            fallbackName="问题清单.xlsx"
          />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
              登记问题
            </Button>
          )}
        </Space>
      }
    >
      <RectificationCard region={regionCode} version={version} />
      <Card size="small">
        <Space wrap>
          <Input.Search
            placeholder="问题编号、描述或责任单位"
            allowClear
            onSearch={(q) => applyFilters({ ...filters, q: q || undefined })}
            style={{ width: 240 }}
          />
          <Select
            placeholder="全部轮次"
            allowClear
            value={filters.roundId}
            style={{ width: 280 }}
            options={(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
            onChange={(roundId?: number) => applyFilters({ ...filters, roundId })}
          />
          <Select
            placeholder="全部状态"
            allowClear
            style={{ width: 120 }}
            options={options(STATUS_LABELS)}
            onChange={(status?: TProblemStatus) => applyFilters({ ...filters, status })}
          />
          <Select
            placeholder="全部类别"
            allowClear
            style={{ width: 120 }}
            options={options(CATEGORY_LABELS)}
            onChange={(category?: TProblemCategory) => applyFilters({ ...filters, category })}
          />
          <Select
            placeholder="严重程度"
            allowClear
            style={{ width: 110 }}
            options={options(SEVERITY_LABELS)}
            onChange={(severity?: TProblemSeverity) => applyFilters({ ...filters, severity })}
          />
          <Space>
            <Switch
              aria-label="只看未销号"
              checked={filters.open === 'true'}
              onChange={(checked) => applyFilters({ ...filters, open: checked ? 'true' : undefined })}
            />
            未销号
          </Space>
          <Space>
            <Switch
              aria-label="只看逾期"
              checked={filters.overdue === 'true'}
              onChange={(checked) => applyFilters({ ...filters, overdue: checked ? 'true' : undefined })}
            />
            逾期
          </Space>
        </Space>
      </Card>
      <Card>
        <PagedTable<TProblem>
          list={list}
          emptyText="没有符合条件的问题"
          rowKey="id"
          columns={columns}
          rowClassName={(p) => (p.isOverdue ? 'row-overdue' : '')}
          onRow={(p) => ({ style: p.isOverdue ? { background: '#fff1f0' } : undefined })}
        />
      </Card>
      {isCreating && (
        <CreateProblemModal
          onClose={() => setIsCreating(false)}
          onSaved={(id) => {
            setIsCreating(false);
            message.success('问题已列入问题清单');
            changed();
            setDetailId(id);
          }}
        />
      )}
      {detailId !== null && (
        <ProblemDrawer id={detailId} onClose={() => setDetailId(null)} onChanged={changed} />
      )}
    </PageContainer>
  );
}
