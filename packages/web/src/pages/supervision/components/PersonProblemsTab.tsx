import { Alert, Empty, Table, Tag } from 'antd';
import { describeError } from '../../../app/api/api-error.ts';
import { useAsync } from '../../../hooks/useAsync.ts';
import {
  CATEGORY_LABELS,
  listProblems,
  STATUS_COLORS,
  STATUS_LABELS,
  type TProblem,
  type TProblemCategory,
  type TProblemStatus,
} from '../api.ts';

/** 一人一档 tab: supervision findings that concern the person (问题清单 rows naming the person). */
export function PersonProblemsTab({ personId }: { personId: number }) {
  const problems = useAsync(
    () => listProblems({ personId, page: 1, pageSize: 50 }),
    `person-problems:${personId}`,
  );
  return (
    <>
      {problems.error ? <Alert type="error" showIcon title={describeError(problems.error)} /> : null}
      <Table<TProblem>
        rowKey="id"
        size="small"
        loading={problems.isLoading}
        pagination={false}
        dataSource={problems.data?.items ?? []}
        locale={{ emptyText: <Empty description="督导检查未发现涉及该人员的问题" /> }}
        columns={[
          { title: '问题编号', dataIndex: 'problemNo' },
          { title: '类别', dataIndex: 'category', render: (c: TProblemCategory) => CATEGORY_LABELS[c] },
          { title: '问题描述', dataIndex: 'description' },
          { title: '发现日期', dataIndex: 'foundOn' },
          { title: '整改时限', dataIndex: 'deadline' },
          {
            title: '整改状态',
            dataIndex: 'status',
            render: (s: TProblemStatus, p) => (
              <Tag
                color={p.isOverdue ? 'red' : STATUS_COLORS[s]}
              >{`${STATUS_LABELS[s]}${p.isOverdue ? '（逾期）' : ''}`}</Tag>
            ),
          },
        ]}
      />
    </>
  );
}
