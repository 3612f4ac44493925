import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Dropdown,
  Empty,
  List,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { saveBlob } from '../../../app/api/save-blob.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { useIsMobile } from '../../../hooks/useIsMobile.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { exportOverdue, listOverdue, overduePrintUrl, recordOutcome, type TOverdueItem } from '../api.ts';

const OUTCOMES = [
  { key: 'agreed_to_visit', label: '同意就诊（隐藏7天）' },
  { key: 'remind_later', label: '稍后提醒（隐藏30天）' },
  { key: 'unreachable', label: '无法联系' },
  { key: 'moved', label: '已迁出（终止管理）' },
  { key: 'dead', label: '已死亡（终止管理）' },
];

type TFilters = { asOf: string };

/** 今日待随访/逾期名单: high risk first, then days overdue; call outcomes hide or end. */
export default function OverduePage() {
  const { message, modal } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const isMobile = useIsMobile();
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const list = usePagedList<TOverdueItem, TFilters>((p) => listOverdue({ ...p, region: regionCode }), {
    asOf: dayjs().format('YYYY-MM-DD'),
  });
  const [isExporting, setIsExporting] = useState(false);
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

  const exportList = async () => {
    setIsExporting(true);
    try {
      const file = await exportOverdue({ region: regionCode, asOf: list.filters.asOf });
      saveBlob(file.blob, file.filename ?? `待随访名单-${list.filters.asOf}.xlsx`);
    } catch (error) {
      message.error(describeError(error));
    } finally {
      setIsExporting(false);
    }
  };

  const columns: TableColumnsType<TOverdueItem> = [
    {
      title: '姓名',
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, r) => (
        <Space size={4}>
          {name}
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
    {
      title: '逾期',
      dataIndex: 'daysOverdue',
      render: (days: number, r) =>
        r.isDueToday ? (
          <Tag color="blue">今日到期</Tag>
        ) : (
          <Tag color={days >= 30 ? 'volcano' : 'orange'}>{days}天</Tag>
        ),
    },
    { title: '末次血压', dataIndex: 'lastBp', render: (v: string | null) => v ?? '—' },
    { title: '末次血糖', dataIndex: 'lastGlucose', render: (v: string | null) => v ?? '—' },
    {
      title: '联系记录',
      key: 'calls',
      render: (_, r) => (r.unreachableAttempts > 0 ? `${r.unreachableAttempts}次无法联系` : '—'),
    },
    {
      title: '结果登记',
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Space size={4} wrap>
          <Button size="small" type="primary" onClick={() => record(r, 'agreed_to_visit')}>
            同意就诊
          </Button>
          <Dropdown
            menu={{
              items: OUTCOMES.slice(1).map((o) => ({ key: o.key, label: o.label })),
              onClick: ({ key }) => record(r, key),
            }}
          >
            <Button size="small">更多</Button>
          </Dropdown>
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="今日待随访/逾期名单"
      extra={
        <Space wrap>
          <DatePicker
            value={asOf}
            allowClear={false}
            inputReadOnly={isMobile}
            onChange={(value) => {
              if (value) {
                setAsOf(value);
                list.applyFilters({ asOf: value.format('YYYY-MM-DD') });
              }
            }}
          />
          <Button icon={<DownloadOutlined />} loading={isExporting} onClick={exportList}>
            导出
          </Button>
          <Button
            icon={<PrinterOutlined />}
            href={overduePrintUrl({ region: regionCode, asOf: list.filters.asOf })}
            target="_blank"
          >
            打印入户名单
          </Button>
        </Space>
      }
    >
      <Card>
        {isMobile ? (
          <List<TOverdueItem>
            loading={list.isLoading}
            dataSource={list.items}
            pagination={{
              current: list.pagination.current,
              pageSize: list.pagination.pageSize,
              total: list.pagination.total,
              onChange: list.pagination.onChange,
              simple: true,
            }}
            locale={{ emptyText: <Empty description="今天没有待随访或逾期的患者" /> }}
            renderItem={(r) => (
              <List.Item key={r.enrolmentId}>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space size={4} wrap>
                    <Typography.Text strong style={{ fontSize: 17 }}>
                      {r.name}
                    </Typography.Text>
                    <span>
                      {r.sex} {r.age}岁 · {r.diseaseLabel}
                    </span>
                    {r.isHighRisk && <Tag color="red">高危</Tag>}
                    {r.isDueToday ? (
                      <Tag color="blue">今日到期</Tag>
                    ) : (
                      <Tag color="orange">逾期{r.daysOverdue}天</Tag>
                    )}
                  </Space>
                  <Typography.Text type="secondary">
                    {r.villageName} · 应随访 {r.dueDate} · 末次血压 {r.lastBp ?? '—'} · 末次血糖{' '}
                    {r.lastGlucose ?? '—'}
                  </Typography.Text>
                  <Space wrap>
                    {r.phone && (
                      <Button size="large" href={`tel:${r.phone}`}>
                        拨打电话
                      </Button>
                    )}
                    <Button size="large" type="primary" onClick={() => record(r, 'agreed_to_visit')}>
                      同意就诊
                    </Button>
                    <Dropdown
                      menu={{
                        items: OUTCOMES.slice(1).map((o) => ({ key: o.key, label: o.label })),
                        onClick: ({ key }) => record(r, key),
                      }}
                    >
                      <Button size="large">更多结果</Button>
                    </Dropdown>
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<TOverdueItem>
            rowKey="enrolmentId"
            columns={columns}
            dataSource={list.items}
            loading={list.isLoading}
            pagination={list.pagination}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description="今天没有待随访或逾期的患者" /> }}
          />
        )}
      </Card>
    </PageContainer>
  );
}
