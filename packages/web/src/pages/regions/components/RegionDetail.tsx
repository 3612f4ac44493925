import { Alert, Breadcrumb, Button, Descriptions, Skeleton } from 'antd';
import { describeError } from '../../../app/api/api-error.ts';
import { fetchRegion } from '../../../app/region/region-api.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { RegionLevelTag } from '../../../components/RegionLevelTag.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';

/** Details of one region, with a button to make it the region all pages work on. */
export function RegionDetail({ code }: { code: string }) {
  const { data: region, error, isLoading } = useAsync(() => fetchRegion(code), code);
  const { regionCode, setRegionCode } = useCurrentRegion();

  if (error) {
    return <Alert type="error" showIcon title={describeError(error)} />;
  }
  if (isLoading || !region) {
    return <Skeleton active />;
  }
  return (
    <>
      <Descriptions
        column={1}
        bordered
        size="small"
        items={[
          { key: 'name', label: '名称', children: region.name },
          { key: 'code', label: '区划代码', children: region.code },
          { key: 'level', label: '级别', children: <RegionLevelTag level={region.level} /> },
          { key: 'parent', label: '上级代码', children: region.parentCode ?? '—' },
          {
            key: 'path',
            label: '层级路径',
            children: (
              <Breadcrumb items={region.path.map((item) => ({ key: item.code, title: item.name }))} />
            ),
          },
        ]}
      />
      <Button
        type="primary"
        style={{ marginTop: 16 }}
        disabled={region.code === regionCode}
        onClick={() => setRegionCode(region.code)}
      >
        设为当前区划
      </Button>
    </>
  );
}
