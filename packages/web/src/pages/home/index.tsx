import { ROLE_LABELS } from '@healthaid/domain/access';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Row,
  Skeleton,
  Statistic,
  Typography,
} from 'antd';
import { useNavigate } from 'react-router';
import { describeError } from '../../app/api/api-error.ts';
import { useCurrentUser } from '../../app/auth/useAuth.ts';
import { REGION_PARAM } from '../../app/region/current-region-context.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { ROLE_DESCRIPTIONS } from '../../locales/zh-CN/labels.ts';
import { getTodos, type TTodoItem } from './api.ts';

const OVERDUE_COLOR = '#cf1322';

/** The item's page, in the region being viewed (carried in the URL as the side menu carries it). */
function pathInRegion(path: string, region: string | undefined): string {
  if (!region) {
    return path;
  }
  const [page = '', search = ''] = path.split('?');
  const query = new URLSearchParams(search);
  query.set(REGION_PARAM, region);
  return `${page}?${query.toString()}`;
}

function TodoCard({ item, region }: { item: TTodoItem; region: string | undefined }) {
  const navigate = useNavigate();
  const isOverdue = (item.overdueCount ?? 0) > 0;
  return (
    <Card size="small" data-testid={`todo-${item.key}`}>
      <Statistic
        title={item.label}
        value={item.count}
        suffix="项"
        styles={isOverdue ? { content: { color: OVERDUE_COLOR } } : {}}
      />
      <Typography.Text type={isOverdue ? 'danger' : 'secondary'}>
        {item.overdueCount === undefined
          ? '\u00a0'
          : `其中逾期 ${item.overdueCount.toLocaleString('zh-CN')} 项`}
      </Typography.Text>
      <div style={{ marginTop: 8 }}>
        <Button
          type={item.count > 0 ? 'primary' : 'default'}
          size="small"
          aria-label={`去处理：${item.label}`}
          onClick={() => navigate(pathInRegion(item.path, region))}
        >
          去处理
        </Button>
      </div>
    </Card>
  );
}

/**
 * 我的待办: the caller's pending work, counted by the server in the caller's scope, or in the region being
 * viewed (当前查看区划) when that is not the caller's own.
 */
function Todos() {
  const user = useCurrentUser();
  const { regionCode } = useCurrentRegion();
  const region = regionCode === user.regionCode ? undefined : regionCode;
  const state = useAsync(() => getTodos(region), `todos:${region ?? ''}`);
  const title = (
    <span>
      我的待办
      {state.data && (
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12, fontWeight: 'normal' }}>
          统计日期 {state.data.asOf}
        </Typography.Text>
      )}
    </span>
  );
  let body: React.ReactNode;
  if (state.error) {
    body = <Alert type="error" showIcon role="alert" title={describeError(state.error)} />;
  } else if (state.isLoading || !state.data) {
    body = <Skeleton active paragraph={{ rows: 3 }} />;
  } else if (state.data.items.every((item) => item.count === 0)) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办事项" />;
  } else {
    body = (
      <Row gutter={[16, 16]}>
        {state.data.items.map((item) => (
          <Col key={item.key} xs={24} sm={12} lg={8} xl={6}>
            <TodoCard item={item} region={region} />
          </Col>
        ))}
      </Row>
    );
  }
  return <Card title={title}>{body}</Card>;
}

/**
 * 工作台: a compact welcome line with the account's role and regions, then the caller's pending work
 * (我的待办). The side menu lists the pages the role may use; the dashboard of aggregates is its own page.
 */
export default function HomePage() {
  const user = useCurrentUser();
  const { region, regionCode } = useCurrentRegion();
  const items = [
    { key: 'role', label: '角色', children: ROLE_LABELS[user.role] },
    { key: 'region', label: '所属区划', children: `${user.regionName}（${user.regionCode}）` },
    {
      key: 'current',
      label: '当前查看区划',
      children: region ? `${region.name}（${region.code}）` : regionCode,
    },
    ...(user.institutionCode
      ? [{ key: 'institution', label: '所属机构编码', children: user.institutionCode }]
      : []),
  ];
  return (
    <PageContainer title="首页">
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex wrap align="baseline" gap={12}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            欢迎，{user.displayName}
          </Typography.Title>
          <Typography.Text type="secondary">{ROLE_DESCRIPTIONS[user.role]}</Typography.Text>
        </Flex>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} items={items} style={{ marginTop: 8 }} />
      </Card>
      <Todos />
    </PageContainer>
  );
}
