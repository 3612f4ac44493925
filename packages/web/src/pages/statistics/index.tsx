import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../app/api/api-error.ts';
import { saveBlob } from '../../app/api/save-blob.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { exportTable, getTable, listTables, printTableUrl, type TStatRow, type TStatTable } from './api.ts';

function columnsOf(table: TStatTable, onDrill: (code: string) => void): ColumnsType<TStatRow> {
  return [
    {
      title: '区划',
      dataIndex: 'name',
      fixed: 'left',
      width: 160,
      render: (name: string, row) =>
        row.code === table.region.code ? (
          name
        ) : (
          <Typography.Link onClick={() => onDrill(row.code)}>{name}</Typography.Link>
        ),
    },
    ...table.groups.map((group) => ({
      title: group.title,
      align: 'center' as const,
      children: group.columns.map((column) => ({
        title: column.title,
        key: column.key,
        align: 'right' as const,
        width: 96,
        render: (_: unknown, row: TStatRow) => row.cells[column.key]?.display ?? '—',
      })),
    })),
  ];
}

/** 统计报表: the standard tables by child region, as submitted (Excel in the same layout, printable). */
export default function StatisticsPage() {
  const { message } = App.useApp();
  const { regionCode, setRegionCode } = useCurrentRegion();
  const [code, setCode] = useState('registry_basic');
  const [day, setDay] = useState<Dayjs>(dayjs());
  const [isExporting, setIsExporting] = useState(false);
  const query = { region: regionCode, to: day.format('YYYY-MM-DD') };
  const tables = useAsync(listTables, 'tables');
  const table = useAsync(() => getTable(code, query), `${code}|${query.region}|${query.to}`);

  return (
    <PageContainer
      title="统计报表"
      extra={
        <Space wrap>
          <Select
            style={{ minWidth: 260 }}
            value={code}
            onChange={setCode}
            loading={tables.isLoading}
            options={(tables.data?.items ?? []).map((t) => ({ value: t.code, label: t.title }))}
          />
          <DatePicker
            allowClear={false}
            value={day}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(d) => d && setDay(d)}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={isExporting}
            onClick={async () => {
              setIsExporting(true);
              try {
                const { blob, filename } = await exportTable(code, query);
                saveBlob(blob, filename ?? '统计报表.xlsx');
              } catch (e) {
                message.error(describeError(e));
              } finally {
                setIsExporting(false);
              }
            }}
          >
            导出 Excel
          </Button>
          <Button icon={<PrinterOutlined />} href={printTableUrl(code, query)} target="_blank">
            打印版
          </Button>
        </Space>
      }
    >
      {table.error ? <Alert type="error" showIcon message={describeError(table.error)} /> : null}
      <Card
        size="small"
        title={table.data ? `${table.data.region.name}${table.data.title}（统计时点 ${table.data.to}）` : ' '}
      >
        <Table
          rowKey="code"
          size="small"
          bordered
          loading={table.isLoading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={table.data?.rows ?? []}
          columns={table.data ? columnsOf(table.data, setRegionCode) : []}
          locale={{ emptyText: <Empty description="没有数据" /> }}
          summary={() =>
            table.data ? (
              <Table.Summary fixed>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <strong>合计</strong>
                  </Table.Summary.Cell>
                  {table.data.groups
                    .flatMap((g) => g.columns)
                    .map((c, i) => (
                      <Table.Summary.Cell key={c.key} index={i + 1} align="right">
                        <strong>{table.data?.total.cells[c.key]?.display ?? '—'}</strong>
                      </Table.Summary.Cell>
                    ))}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
        {table.data ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            说明：{table.data.note}点击区划名称可下钻到下一级。
          </Typography.Paragraph>
        ) : null}
      </Card>
    </PageContainer>
  );
}
