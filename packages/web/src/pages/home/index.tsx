import { ROLE_LABELS } from '@healthaid/domain';
import { Card, Descriptions, Typography } from 'antd';
import { useCurrentUser } from '../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../components/PageContainer.tsx';

/** Welcome card; the dashboard of aggregates comes with the indicators module. */
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
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          欢迎，{user.displayName}
        </Typography.Title>
        <Descriptions column={1} items={items} />
      </Card>
    </PageContainer>
  );
}
