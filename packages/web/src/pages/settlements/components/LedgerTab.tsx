import { DownloadOutlined } from '@ant-design/icons';
import { formatBp, formatFen } from '@healthaid/domain/money';
import { App, Button, Card, DatePicker, Empty, Radio, Space, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { saveBlob } from '../../../app/api/save-blob.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { exportLedger, getLedger, type TLedgerGroup, type TLedgerRow } from '../api.ts';

const GROUPS: { value: TLedgerGroup; label: string }[] = [
  { value: 'region', label: '按地区' },
  { value: 'institution', label: '按医疗机构' },
  { value: 'month', label: '按月份' },
  { value: 'category', label: '按人员类别' },
];

const yuan = (fen: number) => formatFen(fen);
/** num / den as a percentage, exact (integer arithmetic), or — when there is no denominator. */
const ratio = (num: number, den: number) =>
  den === 0 ? '—' : formatBp(Number((BigInt(num) * 10_000n + BigInt(den) / 2n) / BigInt(den)));

/** 结算台账: settlements of a period by region, institution, month or category, with export. */
export function LedgerTab() {
  const { message } = App.useApp();
  const [groupBy, setGroupBy] = useState<TLedgerGroup>('region');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const query = { groupBy, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const ledger = useAsync(() => getLedger(query), JSON.stringify(query));
  const columns: TableColumnsType<TLedgerRow> = [
    {
      title: GROUPS.find((g) => g.value === groupBy)?.label.slice(1) ?? '分组',
      dataIndex: 'label',
      fixed: 'left',
      width: 160,
    },
    { title: '结算人次', dataIndex: 'settlements', align: 'right' },
    { title: '总费用（元）', dataIndex: 'totalFen', align: 'right', render: yuan },
    { title: '基本医保', dataIndex: 'basicFen', align: 'right', render: yuan },
    { title: '大病保险', dataIndex: 'criticalFen', align: 'right', render: yuan },
    { title: '医疗救助', dataIndex: 'assistanceFen', align: 'right', render: yuan },
    { title: '其他保障', dataIndex: 'otherFen', align: 'right', render: yuan },
    { title: '个人自付', dataIndex: 'selfPayFen', align: 'right', render: yuan },
    { title: '超限承担', dataIndex: 'borneFen', align: 'right', render: yuan },
    { title: '其中医院承担', dataIndex: 'hospitalBorneFen', align: 'right', render: yuan },
    { title: '触及自付上限', dataIndex: 'capHits', align: 'right' },
    { title: '先诊疗后付费', dataIndex: 'treatFirstPayLater', align: 'right' },
    { title: '免收押金', dataIndex: 'depositWaivedFen', align: 'right', render: yuan },
    {
      title: '住院政策范围内补偿比',
      key: 'reimbursed',
      align: 'right',
      render: (_, r) => ratio(r.inpatientInScopeFen - r.inpatientInScopeSelfPayFen, r.inpatientInScopeFen),
    },
    {
      title: '住院合规费用自付比',
      key: 'selfPayRatio',
      align: 'right',
      render: (_, r) => ratio(r.inpatientInScopeSelfPayFen, r.inpatientInScopeFen),
    },
  ];
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          options={GROUPS}
          value={groupBy}
          onChange={(e) => setGroupBy(e.target.value as TLedgerGroup)}
        />
        <DatePicker.RangePicker
          allowClear={false}
          value={range}
          onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            void exportLedger(query)
              .then(({ blob, filename }) => saveBlob(blob, filename ?? '结算台账.xlsx'))
              .catch((error: unknown) => message.error(describeError(error)))
          }
        >
          导出
        </Button>
      </Space>
      <ErrorAlert message={ledger.error ? describeError(ledger.error) : null} />
      <Table
        rowKey="key"
        size="small"
        loading={ledger.isLoading}
        columns={columns}
        dataSource={ledger.data ?? []}
        pagination={false}
        scroll={{ x: 1700 }}
        locale={{ emptyText: <Empty description="所选期间内没有已结算的单据" /> }}
      />
    </Card>
  );
}
