import { formatFen } from '@healthaid/domain/money';
import { Button, Empty, Table, Tag } from 'antd';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { listSettlements, statementUrl, type TSettlement, type TSettlementFilters } from '../api.ts';

/** 结算记录 tab of the person file (一人一档): every settlement of the person, newest first. */
export function PersonSettlementsTab({ personId }: { personId: number }) {
  const list = usePagedList<TSettlement, TSettlementFilters>(listSettlements, { personId });
  const yuan = (fen: number) => formatFen(fen);
  return (
    <Table<TSettlement>
      rowKey="id"
      size="small"
      loading={list.isLoading}
      dataSource={list.items}
      pagination={list.pagination}
      scroll={{ x: 1000 }}
      locale={{ emptyText: <Empty description="该人员没有一站式结算记录" /> }}
      columns={[
        {
          title: '结算单号',
          dataIndex: 'claimNo',
          render: (no: string, r) => `${no}${r.revision > 1 ? `（第 ${r.revision} 版）` : ''}`,
        },
        { title: '医疗机构', dataIndex: 'institutionName' },
        { title: '出院日期', dataIndex: 'dischargeDate' },
        { title: '总费用', dataIndex: 'totalFen', align: 'right', render: yuan },
        { title: '基本医保', dataIndex: 'basicFen', align: 'right', render: yuan },
        { title: '大病保险', dataIndex: 'criticalFen', align: 'right', render: yuan },
        { title: '医疗救助', dataIndex: 'assistanceFen', align: 'right', render: yuan },
        { title: '个人自付', dataIndex: 'selfPayFen', align: 'right', render: yuan },
        {
          title: '状态',
          dataIndex: 'status',
          render: (status: TSettlement['status'], r) =>
            status === 'settled' ? (
              <Tag color="green">已结算</Tag>
            ) : (
              <Tag>{r.replacedById ? '已重算' : '已冲销'}</Tag>
            ),
        },
        {
          title: '',
          key: 'print',
          render: (_, r) => (
            <Button size="small" href={statementUrl(r.id)} target="_blank">
              结算单
            </Button>
          ),
        },
      ]}
    />
  );
}
