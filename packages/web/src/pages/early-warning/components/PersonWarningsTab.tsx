import { formatFen } from '@healthaid/domain/money';
import { Alert, Empty, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useAsync } from '../../../hooks/useAsync.ts';
import {
  listMeasures,
  listWarnings,
  RULE_COLORS,
  RULE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  type TMeasureRecord,
  type TRuleCode,
  type TWarning,
  type TWarningStatus,
} from '../api.ts';

/** 一人一档 tab: relapse-risk warnings of the person and of the household, and the assistance measures taken. */
export function PersonWarningsTab({ personId }: { personId: number }) {
  const warnings = useAsync(
    () => listWarnings({ personId, page: 1, pageSize: 50 }),
    `person-warnings:${personId}`,
  );
  const measures = useAsync(() => listMeasures({ personId }), `person-measures:${personId}`);
  const error = warnings.error ?? measures.error;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error ? <Alert type="error" showIcon title={describeError(error)} /> : null}
      <Table<TWarning>
        rowKey="id"
        size="small"
        loading={warnings.isLoading}
        pagination={false}
        dataSource={warnings.data?.items ?? []}
        locale={{ emptyText: <Empty description="该人员及其家庭暂无返贫致贫风险预警" /> }}
        columns={[
          { title: '预警日期', dataIndex: 'raisedOn', width: 110 },
          {
            title: '预警规则',
            dataIndex: 'ruleCode',
            render: (code: TRuleCode) => <Tag color={RULE_COLORS[code]}>{RULE_LABELS[code]}</Tag>,
          },
          { title: '对象', key: 'subject', render: (_, w) => (w.subjectType === 'person' ? '本人' : '家庭') },
          { title: '预警内容', dataIndex: 'message' },
          {
            title: '处置',
            dataIndex: 'status',
            render: (s: TWarningStatus, w) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATUS_COLORS[s]}>{STATUS_LABELS[s]}</Tag>
                {w.reason && <Typography.Text type="secondary">{w.reason}</Typography.Text>}
              </Space>
            ),
          },
        ]}
      />
      <Typography.Text strong>帮扶措施</Typography.Text>
      <Table<TMeasureRecord>
        rowKey="id"
        size="small"
        loading={measures.isLoading}
        pagination={false}
        dataSource={measures.data ?? []}
        locale={{ emptyText: <Empty description="暂无登记的帮扶措施" /> }}
        columns={[
          { title: '日期', dataIndex: 'date', width: 110 },
          { title: '措施', dataIndex: 'measureLabel' },
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
      <Link to="/early-warning/warnings">前往风险预警</Link>
    </Space>
  );
}
