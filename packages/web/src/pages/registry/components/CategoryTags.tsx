import { REGISTRY_CATEGORY_LABELS, type RegistryCategory } from '@healthaid/domain/registry';
import { Tag } from 'antd';

const COLORS: Record<RegistryCategory, string> = {
  poor_registered: 'red',
  poverty_exited: 'green',
  dibao: 'blue',
  tekun: 'purple',
  severe_disability: 'magenta',
  monitored: 'orange',
  dibao_edge: 'cyan',
};

export function CategoryTags({ categories }: { categories: readonly RegistryCategory[] }) {
  if (categories.length === 0) {
    return <>—</>;
  }
  return (
    <>
      {categories.map((c) => (
        <Tag key={c} color={COLORS[c]}>
          {REGISTRY_CATEGORY_LABELS[c]}
        </Tag>
      ))}
    </>
  );
}
