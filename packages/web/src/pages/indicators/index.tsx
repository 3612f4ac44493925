import { DownloadOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../app/api/api-error.ts';
import { saveBlob } from '../../app/api/save-blob.ts';
import { useCurrentUser } from '../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import {
  exportMembers,
  getIndicator,
  listIndicators,
  listMembers,
  type TIndicatorDefinition,
  type TPeriodQuery,
} from './api.ts';

const MODULE_LABELS: Record<string, string> = {
  registry: '人口档案',
  disease: '疾病核准与救治',
  chronic: '家庭医生与慢病管理',
  settlement: '一站式结算',
  screening: '两筛两癌',
  support: '入户帮扶',
  supervision: '督导与预警',
};

function MembersDrawer({
  definition,
  query,
  onClose,
}: {
  definition: TIndicatorDefinition;
  query: TPeriodQuery;
  onClose: () => void;
}) {
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [isExporting, setIsExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const key = `${definition.code}|${query.region}|${query.from}|${query.to}|${part}|${page.page}|${page.pageSize}`;
  const { data, error, isLoading } = useAsync(
    () => listMembers(definition.code, { ...query, part, ...page }),
    key,
  );
  return (
    <Drawer
      open
      width={Math.min(900, window.innerWidth)}
      title={`${definition.name} · 明细`}
      onClose={onClose}
      extra={
        <Button
          icon={<DownloadOutlined />}
          loading={isExporting}
          onClick={async () => {
            setIsExporting(true);
            setExportError(null);
            try {
              const { blob, filename } = await exportMembers(definition.code, { ...query, part });
              saveBlob(blob, filename ?? `${definition.name}-明细.xlsx`);
            } catch (e) {
              setExportError(describeError(e));
            } finally {
              setIsExporting(false);
            }
          }}
        >
          导出 Excel
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {definition.denominator ? (
          <Segmented
            value={part}
            onChange={(v) => {
              setPart(v as 'numerator' | 'denominator');
              setPage((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { label: `分子：${definition.numerator}`, value: 'numerator' },
              { label: `分母：${definition.denominator}`, value: 'denominator' },
            ]}
          />
        ) : null}
        {error || exportError ? (
          <Alert type="error" showIcon message={exportError ?? describeError(error)} />
        ) : null}
        <Table
          rowKey={(r) => `${r.entityType}-${r.countyCode}-${r.id}`}
          size="small"
          loading={isLoading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有符合条件的记录" /> }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 条`,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            {
              title: '类型',
              dataIndex: 'entityType',
              width: 64,
              render: (t: string) => ({ person: '人员', problem: '问题', institution: '机构' })[t] ?? '户',
            },
            { title: '姓名/户主', dataIndex: 'name' },
            { title: '身份证号', dataIndex: 'idNumber', render: (v: string | null) => v ?? '—' },
            { title: '户编号', dataIndex: 'householdNo', render: (v: string | null) => v ?? '—' },
            { title: '村', dataIndex: 'villageName' },
          ]}
        />
      </Space>
    </Drawer>
  );
}

/** 指标查询: the catalogue, one indicator's value with numerator and denominator, children, and drill-down. */
export default function IndicatorsPage() {
  const { regionCode, setRegionCode } = useCurrentRegion();
  const canSeePersons = can(useCurrentUser().role, 'persons.read');
  const [selected, setSelected] = useState<string>('poor_persons');
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [isDrawerOpen, setIsDrawerOpen] = useState(false);
  const query: TPeriodQuery = {
    region: regionCode,
    from: period[0].format('YYYY-MM-DD'),
    to: period[1].format('YYYY-MM-DD'),
  };
  const catalogue = useAsync(listIndicators, 'catalogue');
  const result = useAsync(
    () => getIndicator(selected, query),
    `${selected}|${query.region}|${query.from}|${query.to}`,
  );
  const definition = catalogue.data?.items.find((d) => d.code === selected);

  return (
    <PageContainer
      title="指标查询"
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
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title="指标目录">
            {catalogue.error ? <Alert type="error" message={describeError(catalogue.error)} /> : null}
            <Table
              rowKey="code"
              size="small"
              loading={catalogue.isLoading}
              dataSource={catalogue.data?.items ?? []}
              pagination={{ pageSize: 12, showTotal: (total) => `共 ${total} 项` }}
              rowClassName={(r) => (r.code === selected ? 'ant-table-row-selected' : '')}
              onRow={(r) => ({ onClick: () => setSelected(r.code), style: { cursor: 'pointer' } })}
              columns={[
                { title: '指标', dataIndex: 'name' },
                { title: '类别', dataIndex: 'module', render: (m: string) => MODULE_LABELS[m] ?? m },
                {
                  title: '数据',
                  dataIndex: 'isAvailable',
                  width: 72,
                  render: (ok: boolean) => (ok ? <Tag color="green">实时</Tag> : <Tag>待接入</Tag>),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={definition?.name ?? selected} loading={result.isLoading && !result.data}>
            {result.error ? <Alert type="error" showIcon message={describeError(result.error)} /> : null}
            {result.data && definition ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Row gutter={16}>
                  <Col span={8}>
                    <Statistic
                      title={`${result.data.region.name}`}
                      value={
                        result.data.value?.value === null || !result.data.value
                          ? '—'
                          : result.data.value.display
                      }
                      suffix={definition.kind === 'ratio' || !result.data.value ? undefined : definition.unit}
                    />
                  </Col>
                  {definition.kind === 'ratio' ? (
                    <>
                      <Col span={8}>
                        <Statistic title="分子" value={result.data.value?.numerator ?? '—'} />
                      </Col>
                      <Col span={8}>
                        <Statistic title="分母" value={result.data.value?.denominator ?? '—'} />
                      </Col>
                    </>
                  ) : null}
                </Row>
                {!result.data.isAvailable ? (
                  <Alert
                    type="warning"
                    showIcon
                    message="该指标所属模块尚无数据来源：数值缺失，不按 0 计。"
                  />
                ) : result.data.value?.missingReason ? (
                  <Alert type="warning" showIcon message={result.data.value.missingReason} />
                ) : null}
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  items={[
                    { key: 'def', label: '定义', children: definition.definition },
                    { key: 'formula', label: '计算公式', children: definition.formula },
                    {
                      key: 'period',
                      label: '统计口径',
                      children:
                        definition.periodSemantics === 'point'
                          ? `期末时点（截至 ${result.data.to}）`
                          : `期间累计（${result.data.from} 至 ${result.data.to}）`,
                    },
                  ]}
                />
                {canSeePersons && result.data.isAvailable ? (
                  <Button type="primary" onClick={() => setIsDrawerOpen(true)}>
                    查看明细（人员/户）
                  </Button>
                ) : null}
                {result.data.children ? (
                  <Table
                    rowKey="code"
                    size="small"
                    pagination={false}
                    dataSource={result.data.children}
                    locale={{ emptyText: <Empty description="没有下级区划" /> }}
                    columns={[
                      {
                        title: '下级区划',
                        dataIndex: 'name',
                        render: (name: string, row) => (
                          <Typography.Link onClick={() => setRegionCode(row.code)}>{name}</Typography.Link>
                        ),
                      },
                      { title: '值', align: 'right', render: (_, row) => row.value.display },
                      ...(definition.kind === 'ratio'
                        ? [
                            {
                              title: '分子',
                              align: 'right' as const,
                              render: (_: unknown, row: { value: { numerator: number } }) =>
                                row.value.numerator,
                            },
                            {
                              title: '分母',
                              align: 'right' as const,
                              render: (_: unknown, row: { value: { denominator: number | null } }) =>
                                row.value.denominator ?? '—',
                            },
                          ]
                        : []),
                    ]}
                  />
                ) : null}
              </Space>
            ) : null}
          </Card>
        </Col>
      </Row>
      {isDrawerOpen && definition ? (
        <MembersDrawer definition={definition} query={query} onClose={() => setIsDrawerOpen(false)} />
      ) : null}
    </PageContainer>
  );
}
