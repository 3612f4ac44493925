import { Select, Spin } from 'antd';
import { useEffect } from 'react';
import { useDebouncedSearch } from '../../../hooks/useDebouncedSearch.ts';
import { searchPersons, type TPersonBrief } from '../api.ts';

/** Searches residents in the caller's scope by name or ID-number prefix (masked in the list). */
export function PersonPicker({
  value,
  onChange,
  region,
  onPick,
  size,
}: {
  value?: number;
  onChange?: (value: number | undefined) => void;
  region?: string;
  onPick?: (person: TPersonBrief | undefined) => void;
  size?: 'large' | 'middle';
}) {
  const { options, isLoading, search } = useDebouncedSearch<TPersonBrief>((text) =>
    searchPersons(text, region).then((page) => page.items),
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: load the first page once per region
  useEffect(() => {
    search('');
  }, [region]);

  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      size={size}
      value={value}
      placeholder="输入姓名或身份证号前几位查找"
      notFoundContent={isLoading ? <Spin size="small" /> : '没有找到居民'}
      options={options.map((p) => ({
        value: p.id,
        label: `${p.name}（${p.sex === 'M' ? '男' : '女'}，${p.birthDate}，${p.villageName}，${p.idNumberMasked}）`,
      }))}
      onChange={(id) => {
        onChange?.(id);
        onPick?.(options.find((p) => p.id === id));
      }}
      style={{ width: '100%' }}
    />
  );
}
