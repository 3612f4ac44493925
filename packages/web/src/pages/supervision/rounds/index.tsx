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
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { fetchRegionChildren } from '../../../app/region/region-api.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { createRound, listRounds, type TRound, type TRoundInput, updateRound } from '../api.ts';

const PHASE: Record<TRound['phase'], { label: string; color: string }> = {
  planned: { label: '未开始', color: 'default' },
  ongoing: { label: '进行中', color: 'processing' },
  finished: { label: '已结束', color: 'success' },
};
const QUARTERS = ['一', '二', '三', '四'];

type TValues = {
  kind: 'quarterly' | 'special';
  quarter?: number;
  name?: string;
  period: [Dayjs, Dayjs];
  regionCodes: string[];
  inspectors: string[];
  leader?: string;
  summary?: string;
};

function RoundModal({
  round,
  countyCode,
  onClose,
  onSaved,
}: {
  round: TRound | null;
  countyCode: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TValues>();
  const kind = Form.useWatch('kind', form);
  const townships = useAsync(() => fetchRegionChildren(`${countyCode}000000`), `townships:${countyCode}`);
  const { submit, isSubmitting, error } = useSubmit(async (values: TValues) => {
    const body: TRoundInput = {
      kind: values.kind,
      quarter: values.kind === 'quarterly' ? (values.quarter ?? null) : null,
      name: values.name?.trim() ?? '',
      startDate: values.period[0].format('YYYY-MM-DD'),
      endDate: values.period[1].format('YYYY-MM-DD'),
      regionCodes: values.regionCodes,
      inspectors: values.inspectors.map((i) => i.trim()).filter(Boolean),
      leader: values.leader?.trim() || null,
      summary: values.summary?.trim() || null,
    };
    await (round ? updateRound(round.id, body) : createRound(body));
    onSaved();
  });
  const allTownships = (townships.data ?? []).map((t) => t.code);
  return (
    <Modal
      open
      width={720}
      title={round ? `编辑督导：${round.name}` : '新建督导轮次'}
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
        initialValues={
          round
            ? {
                kind: round.kind,
                quarter: round.quarter ?? undefined,
                name: round.name,
                period: [dayjs(round.startDate), dayjs(round.endDate)],
                regionCodes: round.regions.map((r) => r.code),
                inspectors: round.inspectors,
                leader: round.leader ?? undefined,
                summary: round.summary ?? undefined,
              }
            : { kind: 'quarterly', quarter: Math.floor(dayjs().month() / 3) + 1, inspectors: [] }
        }
      >
        <Space size="large" wrap>
          <Form.Item name="kind" label="督导类型" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'quarterly', label: '季度督导' },
                { value: 'special', label: '专项督导' },
              ]}
            />
          </Form.Item>
          {kind === 'quarterly' && (
            <Form.Item name="quarter" label="季度" rules={[{ required: true, message: '请选择季度' }]}>
              <Select
                style={{ width: 140 }}
                options={[1, 2, 3, 4].map((q) => ({ value: q, label: `第${QUARTERS[q - 1]}季度` }))}
              />
            </Form.Item>
          )}
          <Form.Item name="period" label="督导期间" rules={[{ required: true, message: '请选择督导期间' }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Space>
        <Form.Item name="name" label="督导名称" tooltip="不填时按“XXXX年第X季度健康扶贫督导检查”命名">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="regionCodes"
          label={
            <Space>
              督导范围（乡镇）
              <Button
                size="small"
                type="link"
                onClick={() => form.setFieldValue('regionCodes', allTownships)}
              >
                全选
              </Button>
            </Space>
          }
          rules={[{ required: true, message: '请选择督导的乡镇' }]}
        >
          <Select
            mode="multiple"
            loading={townships.isLoading}
            placeholder="选择乡镇"
            maxTagCount="responsive"
            options={(townships.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
          />
        </Form.Item>
        <Form.Item
          name="inspectors"
          label="督导人员"
          tooltip="输入姓名后回车；可分组包干"
          rules={[{ required: true, message: '请填写督导人员' }]}
        >
          <Select mode="tags" placeholder="输入姓名后回车" tokenSeparators={[',', '，', ' ']} open={false} />
        </Form.Item>
        <Form.Item name="leader" label="带队领导">
          <Input maxLength={20} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="summary" label="督导总结">
          <Input.TextArea
            rows={3}
            maxLength={2000}
            placeholder="督导结束后填写：检查情况、发现的主要问题及整改要求"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 督导检查: the year's supervision rounds (一年四次), their scope, inspectors and the problems found. */
export default function RoundsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const { regionCode } = useCurrentRegion();
  const canManage = can(user.role, 'supervision.manage');
  const [year, setYear] = useState(dayjs().year());
  const [version, setVersion] = useState(0);
  const [dialog, setDialog] = useState<TRound | 'new' | null>(null);
  const rounds = useAsync(() => listRounds({ year, region: regionCode }), `${year}:${regionCode}:${version}`);
  const coverage = rounds.data?.coverage;

  const columns: TableColumnsType<TRound> = [
    {
      title: '督导名称',
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary">
            {r.kind === 'quarterly' ? `第${QUARTERS[(r.quarter ?? 1) - 1]}季度` : '专项督导'}
            {r.leader ? ` · 带队：${r.leader}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '督导期间', key: 'period', render: (_, r) => `${r.startDate} 至 ${r.endDate}` },
    {
      title: '状态',
      dataIndex: 'phase',
      render: (phase: TRound['phase']) => <Tag color={PHASE[phase].color}>{PHASE[phase].label}</Tag>,
    },
    {
      title: '督导范围',
      key: 'regions',
      render: (_, r) =>
        r.regions.length > 3 ? `${r.regions.length}个乡镇` : r.regions.map((g) => g.name).join('、'),
    },
    { title: '督导人员', key: 'inspectors', render: (_, r) => r.inspectors.join('、') },
    {
      title: '发现问题',
      key: 'problems',
      render: (_, r) =>
        r.problems.total === 0 ? (
          '—'
        ) : (
          <Space>
            <span>{`${r.problems.closed}/${r.problems.total} 已销号`}</span>
            <Progress
              percent={Math.floor((r.problems.closed * 100) / r.problems.total)}
              size="small"
              style={{ width: 80 }}
              showInfo={false}
            />
            {r.problems.overdue > 0 && <Tag color="red">逾期{r.problems.overdue}</Tag>}
          </Space>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => navigate(`/supervision/problems?roundId=${r.id}`)}>
            问题清单
          </Button>
          {canManage && (
            <Button type="link" size="small" onClick={() => setDialog(r)}>
              编辑
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="督导检查"
      extra={
        <Space>
          <InputNumber
            aria-label="年度"
            value={year}
            min={2016}
            max={dayjs().year() + 1}
            onChange={(v) => v && setYear(v)}
            suffix="年"
          />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')}>
              新建督导
            </Button>
          )}
        </Space>
      }
    >
      {coverage && (
        <Card size="small" title={`${coverage.year}年季度督导（一年四次）`}>
          <Space size="large" wrap>
            <Progress
              type="circle"
              size={64}
              percent={(coverage.done * 100) / coverage.planned}
              format={() => `${coverage.done}/${coverage.planned}`}
            />
            {coverage.quarters.map((q) => (
              <Tag key={q.quarter} color={q.hasRound ? 'green' : 'default'}>
                第{QUARTERS[q.quarter - 1]}季度：{q.hasRound ? '已安排' : '未安排'}
              </Tag>
            ))}
          </Space>
        </Card>
      )}
      <Card>
        <ErrorAlert message={rounds.error ? describeError(rounds.error) : null} />
        <Table<TRound>
          rowKey="id"
          columns={columns}
          dataSource={rounds.data?.items ?? []}
          loading={rounds.isLoading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (r) => Boolean(r.summary),
            expandedRowRender: (r) => <Typography.Paragraph>{r.summary}</Typography.Paragraph>,
          }}
          locale={{ emptyText: <Empty description={`${year}年尚未安排督导`} /> }}
        />
      </Card>
      {dialog !== null && (
        <RoundModal
          round={dialog === 'new' ? null : dialog}
          countyCode={user.regionCode.slice(0, 6)}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            setVersion((v) => v + 1);
            message.success('督导轮次已保存');
          }}
        />
      )}
    </PageContainer>
  );
}
