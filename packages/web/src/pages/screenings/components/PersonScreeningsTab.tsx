import { Empty, Table, Tag, Tooltip } from 'antd';
import { describeError } from '../../../app/api/api-error.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { listPersonScreenings, type TScreening } from '../api.ts';
import { ReferralTag, ResultTag } from './ReferralModal.tsx';

/** 一人一档 tab: the person's 两筛两癌 screenings with results and referral. */
export function PersonScreeningsTab({ personId }: { personId: number }) {
  const state = useAsync(() => listPersonScreenings(personId), `screenings:${personId}`);
  return (
    <>
      <ErrorAlert message={state.error ? describeError(state.error) : null} />
      <Table<TScreening>
        rowKey="id"
        size="small"
        loading={state.isLoading}
        dataSource={state.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无两筛两癌筛查记录" /> }}
        columns={[
          { title: '筛查日期', dataIndex: 'screenedOn' },
          { title: '项目', dataIndex: 'programmeLabel' },
          { title: '方法', dataIndex: 'methodLabel' },
          { title: '筛查机构', dataIndex: 'institution', render: (v: string | null) => v ?? '—' },
          {
            title: '结果',
            key: 'result',
            render: (_, r) => (
              <Tooltip title={r.resultDetail}>
                <span>
                  <ResultTag result={r.result} />
                </span>
              </Tooltip>
            ),
          },
          {
            title: '转诊',
            key: 'referral',
            render: (_, r) => (
              <Tooltip title={r.referralDiagnosis ?? r.referralInstitution}>
                <span>
                  <ReferralTag status={r.referralStatus} />
                </span>
              </Tooltip>
            ),
          },
          {
            title: '备注',
            key: 'note',
            render: (_, r) =>
              r.isVoided ? (
                <Tag>已作废：{r.voidReason}</Tag>
              ) : r.isCounted ? null : (
                <Tag>复查，不重复计入</Tag>
              ),
          },
        ]}
      />
    </>
  );
}
