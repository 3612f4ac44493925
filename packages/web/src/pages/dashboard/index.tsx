import {
  Alert,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Spin,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { describeError } from '../../app/api/api-error.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { EChart, type TEChartOption } from '../../components/EChart.tsx';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { getDashboard, type TDashboard, type TIndicatorValue } from './api.ts';
import { FamilyDoctorCard } from './FamilyDoctorCard.tsx';

const COLUMN_LABELS: Record<string, string> = {
  poor_households: '建档立卡户数',
  poor_persons: '建档立卡人数',
  illness_poor_persons: '因病致贫人数',
  illness_poor_household_share: '因病致贫户占比',
  monitored_persons: '监测对象人数',
};

/** Basis points above which the 因病致贫 share is shown as a warning / an alert. */
const SHARE_WARN_BP = 2500;
const SHARE_ALERT_BP = 4000;

function shareTag(value: TIndicatorValue | null) {
  if (!value || value.value === null) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const color = value.value >= SHARE_ALERT_BP ? 'red' : value.value >= SHARE_WARN_BP ? 'orange' : 'green';
  return <Tag color={color}>{value.display}</Tag>;
}

function trendOption(data: TDashboard): TEChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['建档立卡人数', '监测对象人数'] },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: data.trend.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '建档立卡人数', type: 'line', data: data.trend.map((m) => m.poorPersons) },
      { name: '监测对象人数', type: 'line', data: data.trend.map((m) => m.monitoredPersons) },
    ],
  };
}

function childrenOption(data: TDashboard): TEChartOption {
  const rows = data.children.filter(
    (c) => (c.figures.poor_persons?.numerator ?? 0) > 0 || (c.figures.monitored_persons?.numerator ?? 0) > 0,
  );
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['建档立卡人数', '因病致贫人数', '监测对象人数'] },
    grid: { left: 48, right: 16, top: 40, bottom: 80 },
    xAxis: { type: 'category', data: rows.map((c) => c.name), axisLabel: { rotate: 35, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '建档立卡人数', type: 'bar', data: rows.map((c) => c.figures.poor_persons?.numerator ?? 0) },
      {
        name: '因病致贫人数',
        type: 'bar',
        data: rows.map((c) => c.figures.illness_poor_persons?.numerator ?? 0),
      },
      {
        name: '监测对象人数',
        type: 'bar',
        data: rows.map((c) => c.figures.monitored_persons?.numerator ?? 0),
      },
    ],
  };
}

function pieOption(title: string, items: { label: string; count: number }[]): TEChartOption {
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        top: 24,
        data: items.map((i) => ({ name: i.label, value: i.count })),
      },
    ],
  };
}

/** 驾驶舱: live figures of the current region, its children compared, trend and distributions; click a child to drill down. */
export default function DashboardPage() {
  const { regionCode, setRegionCode } = useCurrentRegion();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const requestKey = `${regionCode}|${from}|${to}`;
  const loaded = useAsync(
    async () => ({ key: requestKey, dashboard: await getDashboard({ region: regionCode, from, to }) }),
    requestKey,
  );
  const { error, isLoading } = loaded;
  const data = loaded.data?.dashboard ?? null;
  // The 家庭医生签约 card asks for its figures only once the main dashboard of the same region and period has
  // answered (the previous answer is still shown while a new one loads, hence the key it was loaded for).
  const familyDoctorKey = loaded.data?.key === requestKey ? requestKey : null;

  const options = useMemo(
    () =>
      data
        ? {
            trend: trendOption(data),
            children: childrenOption(data),
            categories: pieOption('人员类别分布', data.categories),
            causes: pieOption('主要致贫原因分布（户）', data.causes),
          }
        : null,
    [data],
  );
  const childByName = useMemo(() => new Map((data?.children ?? []).map((c) => [c.name, c.code])), [data]);
  const hasRegistryData = (data?.categories.length ?? 0) > 0;

  return (
    <PageContainer
      title={data ? `驾驶舱 · ${data.region.name}` : '驾驶舱'}
      extra={
        <DatePicker.RangePicker
          allowClear={false}
          value={period}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          onChange={(range) => {
            if (range?.[0] && range[1]) {
              setPeriod([range[0], range[1]]);
            }
          }}
        />
      }
    >
      {error ? <Alert type="error" showIcon message={describeError(error)} /> : null}
      <Spin spinning={isLoading}>
        {data && options ? (
          <Row gutter={[16, 16]}>
            {data.keyFigures.map((f) => (
              <Col key={f.code} xs={12} sm={8} lg={6} xl={4}>
                <Card size="small">
                  {f.value && f.value.value !== null ? (
                    <Statistic
                      title={f.name}
                      value={f.value.display}
                      suffix={f.kind === 'ratio' ? undefined : f.unit}
                    />
                  ) : (
                    <Tooltip
                      title={f.isAvailable ? (f.value?.missingReason ?? '无数据') : '该模块尚无数据来源'}
                    >
                      <Statistic title={f.name} value="—" valueStyle={{ color: '#999' }} />
                    </Tooltip>
                  )}
                </Card>
              </Col>
            ))}
            <Col span={24}>
              <FamilyDoctorCard
                requestKey={familyDoctorKey}
                region={regionCode}
                from={from}
                to={to}
                onDrill={setRegionCode}
              />
            </Col>
            {hasRegistryData ? (
              <>
                <Col xs={24} lg={12}>
                  <Card size="small" title="月度趋势（月末人数）">
                    <EChart option={options.trend} />
                  </Card>
                </Col>
                <Col xs={24} lg={12}>
                  <Card size="small" title="下级区划对比（点击柱子下钻）">
                    <EChart
                      option={options.children}
                      onClickName={(name) => {
                        const code = childByName.get(name);
                        if (code) {
                          setRegionCode(code);
                        }
                      }}
                    />
                  </Card>
                </Col>
                <Col xs={24} md={12}>
                  <Card size="small">
                    <EChart option={options.categories} />
                  </Card>
                </Col>
                <Col xs={24} md={12}>
                  <Card size="small">
                    <EChart option={options.causes} />
                  </Card>
                </Col>
              </>
            ) : (
              <Col span={24}>
                <Card>
                  <Empty description="本区划暂无人口档案数据，请先在“数据导入”中导入名单" />
                </Card>
              </Col>
            )}
            <Col span={24}>
              <Card size="small" title="下级区划明细（点击名称下钻）">
                <Table
                  rowKey="code"
                  size="small"
                  pagination={false}
                  scroll={{ x: 720 }}
                  dataSource={data.children}
                  locale={{ emptyText: <Empty description="没有下级区划" /> }}
                  columns={[
                    {
                      title: '区划',
                      dataIndex: 'name',
                      fixed: 'left',
                      render: (name: string, row) => (
                        <Typography.Link onClick={() => setRegionCode(row.code)}>{name}</Typography.Link>
                      ),
                    },
                    ...data.childColumns.map((col) => ({
                      title: COLUMN_LABELS[col.code] ?? col.code,
                      key: col.code,
                      align: 'right' as const,
                      sorter: (a: TDashboard['children'][number], b: TDashboard['children'][number]) =>
                        (a.figures[col.code]?.value ?? -1) - (b.figures[col.code]?.value ?? -1),
                      render: (_: unknown, row: TDashboard['children'][number]) =>
                        col.code === 'illness_poor_household_share'
                          ? shareTag(row.figures[col.code] ?? null)
                          : (row.figures[col.code]?.display ?? '—'),
                    })),
                  ]}
                />
              </Card>
            </Col>
          </Row>
        ) : null}
      </Spin>
    </PageContainer>
  );
}
