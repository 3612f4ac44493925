import { Select, Spin } from 'antd';
import { useEffect } from 'react';
import { useDebouncedSearch } from '../../../hooks/useDebouncedSearch.ts';
import { searchInstitutions, type TInstitutionLevel, type TInstitutionOption } from '../api.ts';

/** Active institutions by name or code (any region: reference data), higher levels first. */
export function InstitutionSelect({
  value,
  onChange,
  level,
  placeholder = '输入机构名称或编码查找',
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  level?: TInstitutionLevel;
  placeholder?: string;
}) {
  const { options, isLoading, search } = useDebouncedSearch<TInstitutionOption>((text) =>
    searchInstitutions(text, level),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: first page once per level
  useEffect(() => {
    search('');
  }, [level]);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      placeholder={placeholder}
      notFoundContent={isLoading ? <Spin size="small" /> : '没有匹配的医疗机构'}
      options={options.map((o) => ({ value: o.code, label: `${o.name}（${o.levelLabel}，${o.code}）` }))}
      onChange={onChange}
      style={{ width: '100%' }}
    />
  );
}
