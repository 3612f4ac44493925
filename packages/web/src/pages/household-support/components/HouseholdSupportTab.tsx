import { formatFen } from '@healthaid/domain/money';
import { Empty, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { getHouseholdSupport, type TKit, type TVisit } from '../api.ts';
import { SurveyResultTag, VisitContactTag } from './VisitTags.tsx';

/** 户档案 tab: the household's 大走访 visits (with policy-awareness results) and health kits. */
export function HouseholdSupportTab({ householdId }: { householdId: number | string }) {
  const state = useAsync(() => getHouseholdSupport(householdId), `support:${householdId}`);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ErrorAlert message={state.error ? describeError(state.error) : null} />
      <Typography.Title level={5} style={{ margin: 0 }}>
        入户走访
      </Typography.Title>
      <Table<TVisit>
        rowKey="id"
        size="small"
        loading={state.isLoading}
        dataSource={state.data?.visits ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无走访记录" /> }}
        columns={[
          { title: '日期', dataIndex: 'visitedOn', key: 'date' },
          {
            title: '活动',
            key: 'campaign',
            render: (_, v) => <Link to={`/support/campaigns/${v.campaignId}`}>{v.campaignName}</Link>,
          },
          { title: '走访人', key: 'visitor', render: (_, v) => `${v.visitorName}（${v.visitorRoleLabel}）` },
          {
            title: '入户',
            key: 'contact',
            render: (_, v) => <VisitContactTag visit={v} />,
          },
          {
            title: '走访发现',
            dataIndex: 'findings',
            key: 'findings',
            render: (v: string | null) => v ?? '—',
          },
          { title: '帮扶措施', dataIndex: 'actions', key: 'actions', render: (v: string | null) => v ?? '—' },
          {
            title: '政策知晓',
            key: 'survey',
            render: (_, v) => <SurveyResultTag survey={v.survey} />,
          },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        爱心保健箱
      </Typography.Title>
      <Table<TKit>
        rowKey="id"
        size="small"
        loading={state.isLoading}
        dataSource={state.data?.kits ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="暂未发放保健箱" /> }}
        columns={[
          { title: '日期', dataIndex: 'distributedOn', key: 'date' },
          {
            title: '类型',
            key: 'kind',
            render: (_, k) => (
              <Space size={4}>
                <Tag color={k.kind === 'new' ? 'blue' : 'default'}>{k.kindLabel}</Tag>
                {k.isVoided && <Tag color="red">已作废</Tag>}
              </Space>
            ),
          },
          { title: '数量', dataIndex: 'kitCount', key: 'count' },
          { title: '价值（元）', key: 'value', render: (_, k) => formatFen(k.valueFen) },
          { title: '物品', key: 'contents', render: (_, k) => k.contents.join('、') },
          { title: '领取人', dataIndex: 'recipientName', key: 'recipient' },
        ]}
      />
    </Space>
  );
}
