import { Flex, Typography } from 'antd';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { RegionCascader } from '../../components/RegionCascader.tsx';

/** Header picker of the region all pages work on (kept in `?region=`). */
export function RegionSwitcher({ isCompact }: { isCompact: boolean }) {
  const { regionCode, setRegionCode } = useCurrentRegion();
  return (
    <Flex align="center" gap={8} style={{ minWidth: 0, flex: isCompact ? 1 : undefined }}>
      {!isCompact && <Typography.Text type="secondary">当前区划</Typography.Text>}
      <RegionCascader
        aria-label="当前区划"
        value={regionCode}
        onChange={(code) => {
          if (code) {
            setRegionCode(code);
          }
        }}
        allowClear={false}
        isCompact={isCompact}
        style={{ width: isCompact ? '100%' : 320 }}
      />
    </Flex>
  );
}
