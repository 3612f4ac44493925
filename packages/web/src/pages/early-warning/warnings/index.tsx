import { ThunderboltOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import { formatBp, formatFen } from '@healthaid/domain/money';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Input,
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
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useFollowRegion } from '../../../hooks/useFollowRegion.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import {
  exportWarnings,
  getWarning,
  handling,
  listWarnings,
  NEXT_STATUSES,
  RULE_COLORS,
  RULE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  startRun,
  type TRuleCode,
  type TRun,
  type TWarning,
  type TWarningFilters,
  type TWarningStatus,
} from '../api.ts';
import { HandleWarningModal } from '../components/HandleWarningModal.tsx';
import { RunProgressModal } from '../components/RunProgressModal.tsx';

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
const rateText = (bp: number | null) => (bp === null ? '—' : formatBp(bp));

/** Labels of the figures a rule stores with its warning (amounts in fen are shown in 元). */
const FACT_LABELS: Record<string, string> = {
  year: '年度',
  outOfPocketFen: '个人自付医疗费用',
  incomeYear: '收入年度',
  incomeBaseFen: '上年农村居民人均可支配收入',
  shareBp: '预警比例',
  thresholdFen: '预警线',
  perCapitaIncomeFen: '家庭人均纯收入',
  lineFen: '监测收入标准',
  identifiedOn: '识别为监测对象日期',
  graceMonths: '应落实措施期限（月）',
  dueOn: '应落实措施日期',
  daysSinceIdentified: '识别后天数',
  itemName: '病种',
  waitingSince: '待救治起始日期',
  daysWaiting: '已等待天数',
  maxWaitingDays: '规定天数',
  caseId: '救治台账编号',
};
function factText(key: string, value: string | number | null): string {
  if (value === null) {
    return '—';
  }
  if (key.endsWith('Fen') && typeof value === 'number') {
    return `${formatFen(value)}元`;
  }
  if (key === 'shareBp' && typeof value === 'number') {
    return formatBp(value);
  }
  return String(value);
}

function HandlingCard({ region, version }: { region: string; version: number }) {
  const from = dayjs().startOf('year').format('YYYY-MM-DD');
  const summary = useAsync(
    () => handling({ region, from, to: dayjs().format('YYYY-MM-DD') }),
    `${region}:${version}`,
  );
  const data = summary.data;
  return (
    <Card size="small" title={`${from.slice(0, 4)}年以来的风险预警`} loading={summary.isLoading && !data}>
      <ErrorAlert message={summary.error ? describeError(summary.error) : null} />
      {data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={9}>
            <Space size="large" wrap>
              <Statistic title="预警数" value={data.total.raised} suffix="条" />
              <Statistic title="已处置（含排除）" value={data.total.disposed} suffix="条" />
              <Statistic title="预警处置率" value={rateText(data.total.rateBp)} />
              <Statistic title="待处置/处置中" value={data.total.open} suffix="条" />
            </Space>
          </Col>
          <Col xs={24} lg={15}>
            <Table
              size="small"
              rowKey="ruleCode"
              pagination={false}
              dataSource={data.byRule}
              columns={[
                {
                  title: '预警规则',
                  dataIndex: 'ruleCode',
                  render: (code: TRuleCode) => <Tag color={RULE_COLORS[code]}>{RULE_LABELS[code]}</Tag>,
                },
                { title: '预警数', dataIndex: 'raised', align: 'right' },
                { title: '已处置', dataIndex: 'disposed', align: 'right' },
                { title: '未处置', dataIndex: 'open', align: 'right' },
                { title: '处置率', dataIndex: 'rateBp', align: 'right', render: rateText },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

function Subject({ warning }: { warning: TWarning }) {
  const name = warning.subjectType === 'person' ? warning.personName : `户主 ${warning.headName ?? ''}`;
  const target =
    warning.subjectType === 'person' && warning.personId
      ? `/persons/${warning.personId}`
      : warning.householdId
        ? `/households/${warning.householdId}`
        : null;
  return (
    <Space direction="vertical" size={0}>
      {target ? <Link to={target}>{name}</Link> : name}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {warning.householdNo ?? ''}
      </Typography.Text>
    </Space>
  );
}

function WarningDrawer({
  id,
  canHandle,
  onClose,
  onHandle,
}: {
  id: number;
  canHandle: boolean;
  onClose: () => void;
  onHandle: (w: TWarning) => void;
}) {
  const detail = useAsync(() => getWarning(id), `warning:${id}`);
  const w = detail.data;
  return (
    <Drawer
      open
      size={680}
      title={w ? `预警 #${w.id} · ${w.ruleLabel}` : '预警详情'}
      onClose={onClose}
      extra={
        w &&
        canHandle &&
        NEXT_STATUSES[w.status].length > 0 && (
          <Button type="primary" onClick={() => onHandle(w)}>
            处置
          </Button>
        )
      }
    >
      <ErrorAlert message={detail.error ? describeError(detail.error) : null} />
      {w && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="处置状态">
              <Tag color={STATUS_COLORS[w.status]}>{STATUS_LABELS[w.status]}</Tag>
              {w.disposedOn ? `（${w.disposedOn}）` : `已${w.daysOpen}天`}
            </Descriptions.Item>
            <Descriptions.Item label="预警日期">{w.raisedOn}</Descriptions.Item>
            <Descriptions.Item label="预警对象">
              <Subject warning={w} />
            </Descriptions.Item>
            <Descriptions.Item label="身份证号">{w.idNumberMasked ?? '—'}</Descriptions.Item>
            <Descriptions.Item
              label="所在村"
              span={2}
            >{`${w.townshipName} ${w.villageName}`}</Descriptions.Item>
            <Descriptions.Item label="预警内容" span={2}>
              {w.message}
            </Descriptions.Item>
            {Object.entries(w.facts).map(([key, value]) => (
              <Descriptions.Item key={key} label={FACT_LABELS[key] ?? key}>
                {factText(key, value)}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="最近一次核对" span={2}>
              {w.lastSeenOn}
            </Descriptions.Item>
            {w.reason && (
              <Descriptions.Item label="处置说明" span={2}>
                {w.reason}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            帮扶措施
          </Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={w.measures}
            locale={{ emptyText: <Empty description="尚未登记帮扶措施" /> }}
            columns={[
              { title: '措施', dataIndex: 'measureLabel' },
              { title: '日期', dataIndex: 'date' },
              {
                title: '金额',
                dataIndex: 'amountFen',
                align: 'right',
                render: (fen: number | null) => (fen === null ? '—' : `${formatFen(fen)}元`),
              },
              { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
              { title: '登记', dataIndex: 'by' },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            处置记录
          </Typography.Title>
          <Timeline
            items={w.history.map((h) => ({
              color: h.toStatus === 'handled' ? 'green' : h.toStatus === 'excluded' ? 'gray' : 'blue',
              content: `${h.date} ${h.toStatus ? STATUS_LABELS[h.toStatus as TWarningStatus] : ''}${
                h.note ? `：${h.note}` : ''
              } — ${h.by}`,
            }))}
          />
        </>
      )}
    </Drawer>
  );
}

/** 风险预警: warnings raised by the relapse-risk rules, their handling, and 预警数 / 处置率. */
export default function WarningsPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const role = useCurrentUser().role;
  const canHandle = can(role, 'warnings.handle');
  const [detailId, setDetailId] = useState<number | null>(null);
  const [handlingWarning, setHandlingWarning] = useState<TWarning | null>(null);
  const [run, setRun] = useState<TRun | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const [version, setVersion] = useState(0);
  const list = usePagedList(listWarnings, { region: regionCode, open: 'true' } as TWarningFilters);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);
  const changed = () => {
    list.reload();
    setVersion((v) => v + 1);
  };

  const runNow = async () => {
    setIsStarting(true);
    try {
      setRun(await startRun({ region: regionCode }));
    } catch (error) {
      message.error(describeError(error));
    } finally {
      setIsStarting(false);
    }
  };
  const columns: TableColumnsType<TWarning> = [
    { title: '预警日期', dataIndex: 'raisedOn', key: 'raisedOn', width: 110 },
    {
      title: '预警规则',
      dataIndex: 'ruleCode',
      key: 'rule',
      render: (code: TRuleCode) => <Tag color={RULE_COLORS[code]}>{RULE_LABELS[code]}</Tag>,
    },
    { title: '预警对象', key: 'subject', render: (_, w) => <Subject warning={w} /> },
    { title: '所在村', key: 'village', render: (_, w) => `${w.townshipName} ${w.villageName}` },
    { title: '预警内容', dataIndex: 'message', key: 'message', width: 420 },
    {
      title: '处置状态',
      key: 'status',
      render: (_, w) => (
        <Space direction="vertical" size={0}>
          <Tag color={STATUS_COLORS[w.status]}>{STATUS_LABELS[w.status]}</Tag>
          {w.disposedOn === null && w.daysOpen > 30 && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              已{w.daysOpen}天
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, w) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDetailId(w.id)}>
            详情
          </Button>
          {canHandle && NEXT_STATUSES[w.status].length > 0 && (
            <Button type="link" size="small" onClick={() => setHandlingWarning(w)}>
              处置
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="风险预警"
      extra={
        <Space>
          <ExportButton
            run={() => exportWarnings({ ...filters, region: regionCode })}
            fallbackName="风险预警.xlsx"
          />
          {canHandle && (
            <Button type="primary" icon={<ThunderboltOutlined />} loading={isStarting} onClick={runNow}>
              立即运行预警规则
            </Button>
          )}
        </Space>
      }
    >
      <HandlingCard region={regionCode} version={version} />
      <Card size="small">
        <Space wrap>
          <Input.Search
            placeholder="姓名、户编号或户主"
            allowClear
            onSearch={(q) => applyFilters({ ...filters, q: q || undefined })}
            style={{ width: 220 }}
          />
          <Select
            placeholder="全部规则"
            allowClear
            style={{ width: 200 }}
            options={options(RULE_LABELS)}
            onChange={(rule?: TRuleCode) => applyFilters({ ...filters, rule })}
          />
          <Select
            placeholder="全部状态"
            allowClear
            style={{ width: 120 }}
            options={options(STATUS_LABELS)}
            onChange={(status?: TWarningStatus) => applyFilters({ ...filters, status, open: undefined })}
          />
          <Space>
            <Switch
              aria-label="只看未处置"
              checked={filters.open === 'true'}
              onChange={(checked) => applyFilters({ ...filters, open: checked ? 'true' : undefined })}
            />
            只看未处置
          </Space>
        </Space>
      </Card>
      <Card>
        <PagedTable<TWarning> list={list} rowKey="id" columns={columns} emptyText="没有符合条件的预警" />
      </Card>
      {detailId !== null && (
        <WarningDrawer
          id={detailId}
          canHandle={canHandle}
          onClose={() => setDetailId(null)}
          onHandle={(w) => {
            setDetailId(null);
            setHandlingWarning(w);
          }}
        />
      )}
      {handlingWarning && (
        <HandleWarningModal
          warning={handlingWarning}
          onClose={() => setHandlingWarning(null)}
          onDone={(detail) => {
            setHandlingWarning(null);
            message.success(`预警处置状态已更新为“${STATUS_LABELS[detail.status]}”`);
            changed();
          }}
        />
      )}
      {run && (
        <RunProgressModal
          initial={run}
          onClose={(finished) => {
            setRun(null);
            if (finished.status !== 'running') {
              message.success(`预警规则运行完成：新产生${finished.raised}条预警`);
            }
            changed();
          }}
        />
      )}
    </PageContainer>
  );
}
