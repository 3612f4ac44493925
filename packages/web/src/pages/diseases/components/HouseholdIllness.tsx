import { Card, Empty, Table } from 'antd';
import { Link } from 'react-router';
import { useAsync } from '../../../hooks/useAsync.ts';
import { listIllPersons, type TIllPerson } from '../api.ts';
import { DiseaseTags } from './DiseaseTags.tsx';

/** The household's members who are ill, with what (every disease, its line and ledger status). */
export function HouseholdIllness({ householdId }: { householdId: number }) {
  const state = useAsync(
    () => listIllPersons({ householdId, page: 1, pageSize: 50 }),
    `household-ill:${householdId}`,
  );
  return (
    <Card title="家庭成员患病情况">
      <Table<TIllPerson>
        rowKey="personId"
        size="small"
        loading={state.isLoading}
        dataSource={state.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="家庭成员没有登记诊断" /> }}
        columns={[
          {
            title: '姓名',
            key: 'name',
            render: (_, p) => <Link to={`/persons/${p.personId}`}>{p.name}</Link>,
          },
          { title: '出生日期', dataIndex: 'birthDate', key: 'birth' },
          { title: '所患疾病', key: 'diseases', render: (_, p) => <DiseaseTags diseases={p.diseases} /> },
        ]}
      />
    </Card>
  );
}
