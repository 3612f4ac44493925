import { Card, Input, Select, Space, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { useFollowRegion } from '../../../hooks/useFollowRegion.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import {
  LINE_LABELS,
  listIllPersons,
  type TDiseaseLine,
  type TIllPerson,
  type TIllPersonFilters,
} from '../api.ts';
import { DiseaseTags } from '../components/DiseaseTags.tsx';

/** 患病人员: by township, village and household, who is ill with what (every disease, line and ledger status). */
export default function IllPersonsPage() {
  const { regionCode } = useCurrentRegion();
  const list = usePagedList(listIllPersons, { region: regionCode } as TIllPersonFilters);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);
  const columns: TableColumnsType<TIllPerson> = [
    { title: '乡镇', dataIndex: 'townshipName', key: 'township' },
    { title: '村', dataIndex: 'villageName', key: 'village' },
    {
      title: '户',
      key: 'household',
      render: (_, p) =>
        p.householdId ? <Link to={`/households/${p.householdId}`}>{p.householdNo}</Link> : '—',
    },
    { title: '姓名', key: 'name', render: (_, p) => <Link to={`/persons/${p.personId}`}>{p.name}</Link> },
    { title: '出生日期', dataIndex: 'birthDate', key: 'birth' },
    {
      title: '所患疾病（三个一批 · 救治状态）',
      key: 'diseases',
      render: (_, p) => <DiseaseTags diseases={p.diseases} />,
    },
  ];
  return (
    <PageContainer title="患病人员">
      <Card>
        <Space wrap>
          <Input.Search
            placeholder="姓名或户编号"
            allowClear
            onSearch={(q) => applyFilters({ ...filters, q })}
            style={{ width: 220 }}
          />
          <Select
            placeholder="全部分类"
            allowClear
            options={(Object.entries(LINE_LABELS) as [TDiseaseLine, string][]).map(([value, label]) => ({
              value,
              label,
            }))}
            style={{ width: 200 }}
            onChange={(line?: TDiseaseLine) => applyFilters({ ...filters, line })}
          />
        </Space>
      </Card>
      <Card>
        <PagedTable<TIllPerson>
          list={list}
          emptyText="本区域没有登记诊断的人员"
          rowKey="personId"
          columns={columns}
        />
      </Card>
    </PageContainer>
  );
}
