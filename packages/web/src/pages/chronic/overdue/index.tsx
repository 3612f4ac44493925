import { EditOutlined, MoreOutlined, PhoneOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Dropdown,
  Empty,
  Flex,
  List,
  Space,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { useIsMobile } from '../../../hooks/useIsMobile.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import {
  exportOverdue,
  listOverdue,
  overduePrintUrl,
  recordOutcome,
  type TOverdueItem,
  type TOverduePage,
} from '../api.ts';
import { shortVillageName } from '../components/village-name.ts';

const OUTCOMES = [
  { key: 'agreed_to_visit', label: '同意就诊（7天内不再提醒）' },
  { key: 'remind_later', label: '稍后提醒（30天内不再提醒）' },
  { key: 'unreachable', label: '无法联系' },
  { key: 'moved', label: '已迁出（终止管理）' },
  { key: 'dead', label: '已死亡（终止管理）' },
];

type TFilters = { asOf: string };
type TCounts = Pick<TOverduePage, 'total' | 'highRiskCount' | 'dueTodayCount'>;

/** Where the visit form opens for one patient of the list (and comes back to). */
function visitFormPath(item: Pick<TOverdueItem, 'personId' | 'name' | 'disease'>): string {
  const query = new URLSearchParams({
    personId: String(item.personId),
    name: item.name,
    disease: item.disease,
    from: 'overdue',
  });
  return `/chronic/visits?${query.toString()}`;
}

function DueTag({ item }: { item: TOverdueItem }) {
  if (item.isDueToday) {
    return <Tag color="blue">今日到期</Tag>;
  }
  return <Tag color={item.daysOverdue >= 30 ? 'volcano' : 'orange'}>逾期{item.daysOverdue}天</Tag>;
}

function readings(item: TOverdueItem): string {
  const parts = [
    item.lastBp ? `末次血压 ${item.lastBp}` : null,
    item.lastGlucose ? `末次血糖 ${item.lastGlucose}` : null,
    item.lastVisitDate ? `末次随访 ${item.lastVisitDate}` : '尚无随访记录',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** One patient on a phone: who, why now, and the three things a village doctor does next. */
function OverdueCard({
  item,
  onRecord,
  onOutcome,
}: {
  item: TOverdueItem;
  onRecord: () => void;
  onOutcome: (outcome: string) => void;
}) {
  return (
    <Card
      size="small"
      style={{ width: '100%', borderLeft: item.isHighRisk ? '4px solid #cf1322' : undefined }}
      aria-label={`待随访：${item.name}`}
    >
      <Flex vertical gap={6}>
        <Flex align="center" gap={8} wrap>
          <Typography.Text strong style={{ fontSize: 18 }}>
            {item.name}
          </Typography.Text>
          <Typography.Text>
            {item.sex} {item.age}岁
          </Typography.Text>
          {item.isHighRisk && <Tag color="red">高危</Tag>}
          <DueTag item={item} />
        </Flex>
        <Typography.Text style={{ fontSize: 15 }}>
          {item.diseaseLabel} · {shortVillageName(item.villageName)} · 应随访 {item.dueDate}
        </Typography.Text>
        <Typography.Text type="secondary">{readings(item)}</Typography.Text>
        {item.isHighRisk && item.riskReasons.length > 0 && (
          <Typography.Text type="danger">{item.riskReasons.join('；')}</Typography.Text>
        )}
        {item.unreachableAttempts > 0 && (
          <Typography.Text type="warning">已{item.unreachableAttempts}次无法联系</Typography.Text>
        )}
        <Flex gap={8}>
          <Button type="primary" size="large" icon={<EditOutlined />} style={{ flex: 2 }} onClick={onRecord}>
            登记随访
          </Button>
          {item.phone && (
            <Button size="large" icon={<PhoneOutlined />} href={`tel:${item.phone}`} style={{ flex: 1 }}>
              电话
            </Button>
          )}
          <Dropdown
            trigger={['click']}
            menu={{
              items: OUTCOMES.map((o) => ({ key: o.key, label: o.label })),
              onClick: ({ key }) => onOutcome(key),
            }}
          >
            <Button size="large" icon={<MoreOutlined />} style={{ flex: 1 }}>
              结果
            </Button>
          </Dropdown>
        </Flex>
      </Flex>
    </Card>
  );
}

/**
 * 今日待随访: who is due or overdue, high risk first, then by days overdue (Simple's overdue list). On a
 * phone it is a list of large cards: record the visit, call, or log the call's outcome (同意就诊 hides 7
 * days, 稍后提醒 30 days, 迁出/死亡 end the management). Exported to Excel and printed for the village round.
 */
export default function OverduePage() {
  const { message, modal } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const [counts, setCounts] = useState<TCounts | null>(null);
  const fetchPage = useCallback(
    async (params: TFilters & { page: number; pageSize: number }) => {
      const page = await listOverdue({ ...params, region: regionCode });
      setCounts({ total: page.total, highRiskCount: page.highRiskCount, dueTodayCount: page.dueTodayCount });
      return page;
    },
    [regionCode],
  );
  const list = usePagedList<TOverdueItem, TFilters>(fetchPage, { asOf: dayjs().format('YYYY-MM-DD') });
  const { reload } = list;

  useEffect(() => {
    if (regionCode) {
      reload();
    }
  }, [regionCode, reload]);

  const record = (item: TOverdueItem, outcome: string) => {
    const label = OUTCOMES.find((o) => o.key === outcome)?.label ?? outcome;
    const run = async () => {
      try {
        await recordOutcome(item.enrolmentId, { outcome, calledOn: list.filters.asOf });
        message.success(`已记录：${item.name} ${label}`);
        list.reload();
      } catch (error) {
        message.error(describeError(error));
      }
    };
    if (outcome === 'moved' || outcome === 'dead') {
      modal.confirm({
        title: `确认${item.name}${label}？`,
        content: '确认后该患者的此项慢病管理将终止，不再出现在名单中。',
        okText: '确认',
        cancelText: '取消',
        onOk: run,
      });
    } else {
      run().catch(() => undefined);
    }
  };

  const columns: TableColumnsType<TOverdueItem> = [
    {
      title: '姓名',
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, r) => (
        <Space size={4}>
          <Link to={`/chronic/persons/${r.personId}`}>{name}</Link>
          {r.isHighRisk && (
            <Tooltip title={r.riskReasons.join('；')}>
              <Tag color="red">高危</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: '性别/年龄', key: 'sexAge', render: (_, r) => `${r.sex} ${r.age}岁` },
    {
      title: '电话',
      dataIndex: 'phone',
      render: (p: string | null) => (p ? <a href={`tel:${p}`}>{p}</a> : '—'),
    },
    { title: '村', dataIndex: 'villageName' },
    { title: '病种', dataIndex: 'diseaseLabel' },
    { title: '应随访日期', dataIndex: 'dueDate' },
    { title: '逾期', dataIndex: 'daysOverdue', render: (_: number, r) => <DueTag item={r} /> },
    { title: '末次随访', dataIndex: 'lastVisitDate', render: (v: string | null) => v ?? '—' },
    { title: '末次血压', dataIndex: 'lastBp', render: (v: string | null) => v ?? '—' },
    { title: '末次血糖', dataIndex: 'lastGlucose', render: (v: string | null) => v ?? '—' },
    {
      title: '联系记录',
      key: 'calls',
      render: (_, r) => (r.unreachableAttempts > 0 ? `${r.unreachableAttempts}次无法联系` : '—'),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Space size={4} wrap>
          <Button size="small" type="primary" onClick={() => navigate(visitFormPath(r))}>
            登记随访
          </Button>
          <Dropdown
            menu={{
              items: OUTCOMES.map((o) => ({ key: o.key, label: o.label })),
              onClick: ({ key }) => record(r, key),
            }}
          >
            <Button size="small">联系结果</Button>
          </Dropdown>
        </Space>
      ),
    },
  ];

  const dateAndActions = (
    <Flex gap={8} wrap align="center">
      <DatePicker
        value={asOf}
        allowClear={false}
        inputReadOnly={isMobile}
        size={isMobile ? 'large' : 'middle'}
        aria-label="统计日期"
        onChange={(value) => {
          if (value) {
            setAsOf(value);
            list.applyFilters({ asOf: value.format('YYYY-MM-DD') });
          }
        }}
      />
      <Button
        icon={<PrinterOutlined />}
        size={isMobile ? 'large' : 'middle'}
        href={overduePrintUrl({ region: regionCode, asOf: list.filters.asOf })}
        target="_blank"
      >
        打印入户名单
      </Button>
      <ExportButton
        run={() => exportOverdue({ region: regionCode, asOf: list.filters.asOf })}
        fallbackName={`待随访名单-${list.filters.asOf}.xlsx`}
        label="导出"
        size={isMobile ? 'large' : 'middle'}
      />
    </Flex>
  );

  const isToday = list.filters.asOf === dayjs().format('YYYY-MM-DD');
  const summary = counts && (
    <Flex vertical gap={2} aria-live="polite">
      <Typography.Text style={{ fontSize: isMobile ? 17 : 14 }}>
        {isToday ? '今天' : list.filters.asOf}待随访{' '}
        <Typography.Text strong style={{ fontSize: isMobile ? 24 : 16 }}>
          {counts.total}
        </Typography.Text>{' '}
        人
      </Typography.Text>
      {counts.total > 0 && (
        <Typography.Text type="secondary">
          高危逾期 <Typography.Text type="danger">{counts.highRiskCount}</Typography.Text> 人 · 今日到期{' '}
          {counts.dueTodayCount} 人{isMobile ? '' : ' · 高危优先，再按逾期天数排序'}
        </Typography.Text>
      )}
    </Flex>
  );

  return (
    <PageContainer title="今日待随访" extra={isMobile ? undefined : dateAndActions}>
      {isMobile ? (
        <Flex vertical gap={12}>
          {summary}
          <List<TOverdueItem>
            loading={list.isLoading}
            dataSource={list.items}
            split={false}
            pagination={
              (counts?.total ?? 0) > (list.pagination.pageSize ?? 20)
                ? {
                    current: list.pagination.current,
                    pageSize: list.pagination.pageSize,
                    total: list.pagination.total,
                    onChange: list.pagination.onChange,
                    simple: true,
                    align: 'center',
                  }
                : false
            }
            locale={{ emptyText: <Empty description="今天没有待随访或逾期的患者" /> }}
            renderItem={(r) => (
              <List.Item key={r.enrolmentId} style={{ padding: '0 0 12px' }}>
                <OverdueCard
                  item={r}
                  onRecord={() => navigate(visitFormPath(r))}
                  onOutcome={(outcome) => record(r, outcome)}
                />
              </List.Item>
            )}
          />
          <Card size="small" title="其他日期 · 打印与导出">
            {dateAndActions}
          </Card>
        </Flex>
      ) : (
        <Card>
          <Flex vertical gap={12}>
            {summary}
            <PagedTable<TOverdueItem>
              list={list}
              emptyText="今天没有待随访或逾期的患者"
              rowKey="enrolmentId"
              columns={columns}
            />
          </Flex>
        </Card>
      )}
    </PageContainer>
  );
}
