import { can } from '@healthaid/domain/access';
import { formatFen } from '@healthaid/domain/money';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Result,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import type { TPageParams } from '../../../app/api/types.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { VoidReasonModal } from '../../screenings/components/VoidReasonModal.tsx';
import {
  exportChecklist,
  exportVisits,
  getCampaign,
  listChecklist,
  listVisits,
  type TCampaignDetail,
  type TChecklistFilters,
  type TChecklistRow,
  type TChecklistStatus,
  type TVisit,
  type TVisitFilters,
  voidVisit,
} from '../api.ts';
import { CoverageBar, PHASE_COLORS } from '../components/CoverageBar.tsx';
import { VisitFormModal } from '../components/VisitFormModal.tsx';
import { SurveyResultTag, VisitContactTag } from '../components/VisitTags.tsx';

/** Re-runs `reload` when the region or version changes after the first render (the list loads itself first). */
function useFollow(region: string | undefined, version: number, follow: (isRegionChange: boolean) => void) {
  const seen = useRef({ region, version });
  useEffect(() => {
    if (seen.current.region === region && seen.current.version === version) {
      return;
    }
    const isRegionChange = seen.current.region !== region;
    seen.current = { region, version };
    follow(isRegionChange);
  });
}

const STATUS_TAGS: Record<TChecklistStatus, { color: string; label: string }> = {
  visited: { color: 'green', label: '已走访' },
  not_home: { color: 'orange', label: '家中无人待再访' },
  unvisited: { color: 'red', label: '未走访' },
};

function Checklist({
  campaign,
  region,
  version,
  onVisit,
}: {
  campaign: TCampaignDetail;
  region: string | undefined;
  version: number;
  onVisit: (row: TChecklistRow) => void;
}) {
  const user = useCurrentUser();
  const canWrite = can(user.role, 'support.write') && campaign.phase !== 'not_started';
  const fetchPage = (params: TChecklistFilters & TPageParams) => listChecklist(campaign.id, params);
  const list = usePagedList(fetchPage, { status: 'unvisited', region } as TChecklistFilters);
  const { applyFilters, filters, reload } = list;
  useFollow(region, version, (isRegionChange) =>
    isRegionChange ? applyFilters({ ...filters, region }) : reload(),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<TChecklistStatus | 'all'>
          value={filters.status ?? 'all'}
          options={[
            { value: 'unvisited', label: '未走访' },
            { value: 'not_home', label: '家中无人' },
            { value: 'visited', label: '已走访' },
            { value: 'all', label: '全部' },
          ]}
          onChange={(v) => applyFilters({ ...filters, status: v === 'all' ? undefined : v })}
        />
        <Input.Search
          allowClear
          placeholder="户编号或户主"
          style={{ width: 200 }}
          onSearch={(q) => applyFilters({ ...filters, q: q || undefined })}
        />
        <ExportButton run={() => exportChecklist(campaign.id, filters)} fallbackName="走访清单.xlsx" />
      </Space>
      <Table<TChecklistRow>
        rowKey="householdId"
        size="small"
        loading={list.isLoading}
        dataSource={list.items}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty
              description={filters.status === 'unvisited' ? '应走访户已全部走访到' : '没有符合条件的户'}
            />
          ),
        }}
        columns={[
          { title: '乡镇', dataIndex: 'townshipName', key: 'township' },
          { title: '村', dataIndex: 'villageName', key: 'village' },
          {
            title: '户编号',
            key: 'no',
            render: (_, r) => <Link to={`/households/${r.householdId}`}>{r.householdNo}</Link>,
          },
          { title: '户主', dataIndex: 'headName', key: 'head' },
          { title: '地址', dataIndex: 'address', key: 'address' },
          {
            title: '状态',
            key: 'status',
            render: (_, r) => <Tag color={STATUS_TAGS[r.status].color}>{STATUS_TAGS[r.status].label}</Tag>,
          },
          {
            title: '最近走访',
            key: 'last',
            render: (_, r) => (r.lastVisitedOn ? `${r.lastVisitedOn} ${r.lastVisitorName ?? ''}` : '—'),
          },
          ...(canWrite
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  fixed: 'right' as const,
                  render: (_: unknown, r: TChecklistRow) => (
                    <Button type="link" size="small" onClick={() => onVisit(r)}>
                      登记走访
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

function Visits({
  campaign,
  region,
  version,
}: {
  campaign: TCampaignDetail;
  region?: string;
  version: number;
}) {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [voiding, setVoiding] = useState<TVisit | null>(null);
  const list = usePagedList(listVisits, { campaignId: campaign.id, region } as TVisitFilters);
  const { applyFilters, filters, reload } = list;
  useFollow(region, version, (isRegionChange) =>
    isRegionChange ? applyFilters({ ...filters, region }) : reload(),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder="户编号、户主或走访人"
          style={{ width: 220 }}
          onSearch={(q) => applyFilters({ ...filters, q: q || undefined })}
        />
        <ExportButton run={() => exportVisits(filters)} fallbackName="大走访走访记录.xlsx" />
      </Space>
      <PagedTable<TVisit>
        list={list}
        emptyText="还没有走访记录"
        rowKey="id"
        size="small"
        expandable={{
          expandedRowRender: (v) => (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="走访发现">{v.findings ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="帮扶措施">{v.actions ?? '—'}</Descriptions.Item>
            </Descriptions>
          ),
          rowExpandable: (v) => v.contact === 'met',
        }}
        columns={[
          { title: '走访日期', dataIndex: 'visitedOn', key: 'date' },
          { title: '村', dataIndex: 'villageName', key: 'village' },
          {
            title: '户',
            key: 'household',
            render: (_, v) => (
              <Link to={`/households/${v.householdId}`}>{`${v.householdNo} ${v.headName ?? ''}`}</Link>
            ),
          },
          { title: '走访人', key: 'visitor', render: (_, v) => `${v.visitorName}（${v.visitorRoleLabel}）` },
          {
            title: '入户',
            key: 'contact',
            render: (_, v) => <VisitContactTag visit={v} />,
          },
          {
            title: '帮扶需求',
            key: 'needs',
            render: (_, v) =>
              v.needLabels.length > 0 ? v.needLabels.map((n) => <Tag key={n}>{n}</Tag>) : '—',
          },
          {
            title: '政策知晓',
            key: 'survey',
            render: (_, v) => <SurveyResultTag survey={v.survey} />,
          },
          ...(can(user.role, 'support.write')
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, v: TVisit) =>
                    v.isVoided ? null : (
                      <Button type="link" size="small" danger onClick={() => setVoiding(v)}>
                        作废
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {voiding && (
        <VoidReasonModal
          title={`作废走访记录：${voiding.householdNo} ${voiding.visitedOn}`}
          placeholder="同时作废随本次走访登记的保健箱，政策知晓调查不再计入"
          onClose={() => setVoiding(null)}
          onSubmit={async (reason) => {
            await voidVisit(voiding.id, reason);
            setVoiding(null);
            message.success('走访记录已作废');
            reload();
          }}
        />
      )}
    </Space>
  );
}

/** One 大走访 campaign: coverage by region, needs found, kits and awareness, the 走访清单 and the visits. */
export default function CampaignDetailPage() {
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const [region, setRegion] = useState<string | undefined>(undefined);
  const [visiting, setVisiting] = useState<TChecklistRow | null>(null);
  const state = useAsync(() => getCampaign(id), `${id}:${version}`);
  const campaign = state.data;
  if (state.isLoading && !campaign) {
    return <PageLoading />;
  }
  if (!campaign) {
    return (
      <Result
        status="404"
        title="未找到该走访活动"
        subTitle={describeError(state.error)}
        extra={<Link to="/support/campaigns">返回大走访</Link>}
      />
    );
  }
  const c = campaign.coverage;
  return (
    <PageContainer title={`大走访：${campaign.name}`}>
      <Card>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="区域">{campaign.regionName}</Descriptions.Item>
          <Descriptions.Item label="期间">{`${campaign.startOn} 至 ${campaign.endOn}`}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color={PHASE_COLORS[campaign.phase]}>{campaign.phaseLabel}</Tag>
          </Descriptions.Item>
          {campaign.description && (
            <Descriptions.Item label="说明" span={3}>
              {campaign.description}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Row gutter={[16, 16]} style={{ marginTop: 8 }}>
          <Col xs={12} md={4}>
            <Statistic title={`应走访户（${campaign.scopeDate}）`} value={c.inScope} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="已走访户" value={c.visited} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="家中无人待再访" value={c.notHome} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="未走访户" value={c.unvisited} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="覆盖率" value={c.display} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title="政策知晓率"
              value={campaign.surveys.display}
              suffix={`（${campaign.surveys.surveyed}户）`}
            />
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title="各地区覆盖率" size="small">
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={campaign.children}
              scroll={{ y: 320 }}
              locale={{ emptyText: <Empty description="没有下级区域" /> }}
              columns={[
                {
                  title: '区划',
                  key: 'name',
                  render: (_, r) => (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setRegion(r.code)}>
                      {r.name}
                    </Button>
                  ),
                },
                { title: '应走访', key: 'inScope', align: 'right', render: (_, r) => r.coverage.inScope },
                { title: '已走访', key: 'visited', align: 'right', render: (_, r) => r.coverage.visited },
                {
                  title: '覆盖率',
                  key: 'rate',
                  width: 230,
                  render: (_, r) => <CoverageBar rateBp={r.coverage.rateBp} display={r.coverage.display} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title="走访发现的帮扶需求（户）" size="small">
            <Space wrap>
              {campaign.needs.map((n) => (
                <Tag
                  key={n.code}
                  color={n.households > 0 ? 'blue' : 'default'}
                >{`${n.label} ${n.households}`}</Tag>
              ))}
            </Space>
          </Card>
          <Card title="随走访发放的爱心保健箱" size="small" style={{ marginTop: 16 }}>
            <Space size="large">
              <Statistic title="保健箱（个）" value={campaign.kits.kits} />
              <Statistic title="价值（元）" value={formatFen(campaign.kits.valueFen)} />
            </Space>
          </Card>
        </Col>
      </Row>
      <Card
        title={
          region
            ? `走访清单：${campaign.children.find((r) => r.code === region)?.name ?? region}`
            : '走访清单'
        }
        extra={region && <Button onClick={() => setRegion(undefined)}>查看全部地区</Button>}
      >
        <Tabs
          items={[
            {
              key: 'checklist',
              label: '应走访户',
              children: (
                <Checklist campaign={campaign} region={region} version={version} onVisit={setVisiting} />
              ),
            },
            {
              key: 'visits',
              label: '走访记录',
              children: <Visits campaign={campaign} region={region} version={version} />,
            },
          ]}
        />
      </Card>
      {visiting && (
        <VisitFormModal
          campaign={campaign}
          household={visiting}
          onClose={() => setVisiting(null)}
          onSaved={(visit) => {
            setVisiting(null);
            message.success(visit.contact === 'met' ? '走访已登记' : '已登记家中无人，请安排再次走访');
            setVersion((v) => v + 1);
          }}
        />
      )}
    </PageContainer>
  );
}
