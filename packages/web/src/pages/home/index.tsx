import { ROLE_LABELS } from '@healthaid/domain/access';
import { Card, Descriptions, Typography } from 'antd';
import { useCurrentUser } from '../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { ROLE_DESCRIPTIONS } from '../../locales/zh-CN/labels.ts';

/**
 * Welcome card: the account's role, what it is for, and its regions. The side menu lists the
 * pages the role may use; the dashboard of aggregates is its own page.
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
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          欢迎，{user.displayName}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{ROLE_DESCRIPTIONS[user.role]}</Typography.Paragraph>
        <Descriptions column={1} items={items} />
      </Card>
    </PageContainer>
  );
}
