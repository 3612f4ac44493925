import { Tag } from 'antd';
import { REGION_LEVEL_LABELS, type TRegionLevel } from '../locales/zh-CN/labels.ts';

const LEVEL_COLORS: Record<TRegionLevel, string> = {
  province: 'magenta',
  city: 'purple',
  county: 'blue',
  township: 'cyan',
  village: 'green',
};

export function RegionLevelTag({ level }: { level: TRegionLevel }) {
  return (
    <Tag color={LEVEL_COLORS[level]} style={{ marginInlineEnd: 0 }}>
      {REGION_LEVEL_LABELS[level] ?? level}
    </Tag>
  );
}
