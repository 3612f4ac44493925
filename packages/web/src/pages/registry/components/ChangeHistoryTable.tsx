import { Table, type TableColumnsType, Tag } from 'antd';
import dayjs from 'dayjs';
import type { TChange } from '../api.ts';
import { changeFieldLabel, REASON_TYPE_LABELS } from '../labels.ts';

const REASON_COLORS: Record<TChange['reasonType'], string> = {
  import: 'blue',
  verification: 'green',
  manual: 'orange',
  system: 'default',
};

/** Change history (变更记录): who, when, old → new, why. */
export function ChangeHistoryTable({ history }: { history: TChange[] }) {
  const columns: TableColumnsType<TChange> = [
    {
      title: '时间',
      dataIndex: 'changedAt',
      width: 150,
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
    },
    { title: '项目', dataIndex: 'field', render: (v: string) => changeFieldLabel(v) },
    { title: '原值', dataIndex: 'oldValue', render: (v: string | null) => v ?? '—' },
    { title: '新值', dataIndex: 'newValue', render: (v: string | null) => v ?? '—' },
    {
      title: '原因',
      key: 'reason',
      render: (_, row) => (
        <>
          <Tag color={REASON_COLORS[row.reasonType]}>{REASON_TYPE_LABELS[row.reasonType]}</Tag>
          {row.reasonRef}
        </>
      ),
    },
    { title: '操作人', dataIndex: 'changedBy', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <Table<TChange>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={history}
      pagination={history.length > 20 ? { pageSize: 20 } : false}
      locale={{ emptyText: '暂无变更记录' }}
      scroll={{ x: 'max-content' }}
    />
  );
}
