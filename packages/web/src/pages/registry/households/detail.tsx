import { formatFen } from '@healthaid/domain/money';
import {
  EXIT_STATUS_LABELS,
  MONITORING_TYPE_LABELS,
  PERSON_STATUS_LABELS,
  POVERTY_ATTRIBUTE_LABELS,
  RISK_STATUS_LABELS,
} from '@healthaid/domain/registry';
import { Card, Descriptions, Result, Table, Tabs, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { HouseholdIllness } from '../../diseases/components/HouseholdIllness.tsx';
import { HouseholdSupportTab } from '../../household-support/components/HouseholdSupportTab.tsx';
import { getHousehold, type TPerson } from '../api.ts';
import { CategoryTags } from '../components/CategoryTags.tsx';
import { ChangeHistoryTable } from '../components/ChangeHistoryTable.tsx';
import { SEX_LABELS } from '../labels.ts';

/** 户档案详情: the household, its members, incomes by year and history. */
export default function HouseholdDetailPage() {
  const { id = '' } = useParams();
  const state = useAsync(() => getHousehold(id), id);
  if (state.isLoading) {
    return <PageLoading />;
  }
  const h = state.data;
  if (!h) {
    return (
      <Result
        status="404"
        title="未找到该户"
        subTitle={describeError(state.error)}
        extra={<Link to="/households">返回户档案</Link>}
      />
    );
  }
  return (
    <PageContainer title={`户档案：${h.householdNo}`}>
      <Card>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} bordered size="small">
          <Descriptions.Item label="户编号">{h.householdNo}</Descriptions.Item>
          <Descriptions.Item label="户主">{h.headName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="所在村">{h.villageName}</Descriptions.Item>
          <Descriptions.Item label="地址" span={3}>
            {h.address ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="贫困户属性">
            {h.povertyAttribute ? POVERTY_ATTRIBUTE_LABELS[h.povertyAttribute] : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="致贫原因">
            {[h.mainCause, ...h.otherCauses].filter(Boolean).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="识别年度">{h.registeredYear ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="脱贫状态">{`${EXIT_STATUS_LABELS[h.exitStatus]}${h.exitYear ? `（${h.exitYear}年）` : ''}`}</Descriptions.Item>
          <Descriptions.Item label="监测类型">
            {h.monitoringType ? MONITORING_TYPE_LABELS[h.monitoringType] : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="风险状态">
            {h.riskStatus ? RISK_STATUS_LABELS[h.riskStatus] : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'members',
              label: `家庭成员（${h.members.length}）`,
              children: (
                <Table<TPerson>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={h.members}
                  locale={{ emptyText: '暂无成员' }}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    {
                      title: '姓名',
                      dataIndex: 'name',
                      render: (n: string, p) => <Link to={`/persons/${p.id}`}>{n}</Link>,
                    },
                    { title: '与户主关系', dataIndex: 'relation', render: (v: string | null) => v ?? '—' },
                    { title: '身份证号', dataIndex: 'idNumberMasked' },
                    { title: '性别', dataIndex: 'sex', render: (s: TPerson['sex']) => SEX_LABELS[s] },
                    { title: '出生日期', dataIndex: 'birthDate' },
                    {
                      title: '人员类别',
                      dataIndex: 'categories',
                      render: (c: TPerson['categories']) => <CategoryTags categories={c} />,
                    },
                    {
                      title: '状态',
                      dataIndex: 'status',
                      render: (s: TPerson['status']) => <Tag>{PERSON_STATUS_LABELS[s]}</Tag>,
                    },
                  ]}
                />
              ),
            },
            {
              key: 'incomes',
              label: '人均纯收入',
              children: (
                <Table
                  rowKey="year"
                  size="small"
                  pagination={false}
                  dataSource={h.incomes}
                  locale={{ emptyText: '暂无收入记录' }}
                  columns={[
                    { title: '年度', dataIndex: 'year' },
                    {
                      title: '人均纯收入（元）',
                      dataIndex: 'perCapitaNetIncomeFen',
                      render: (fen: number) => formatFen(fen, { grouping: true }),
                    },
                  ]}
                />
              ),
            },
            { key: 'support', label: '入户帮扶', children: <HouseholdSupportTab householdId={h.id} /> },
            { key: 'history', label: '变更记录', children: <ChangeHistoryTable history={h.history} /> },
          ]}
        />
      </Card>
      <HouseholdIllness householdId={h.id} />
    </PageContainer>
  );
}
