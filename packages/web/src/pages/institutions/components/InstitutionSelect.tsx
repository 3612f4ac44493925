import { Select, Spin } from 'antd';
import { useEffect } from 'react';
import { useDebouncedSearch } from '../../../hooks/useDebouncedSearch.ts';
import { searchInstitutions, type TInstitutionLevel, type TInstitutionOption } from '../api.ts';

/**
 * Active institutions by name or code (any region: reference data), higher levels first; with `designatedFor`
 * only the designated hospitals (定点医院) of that disease-catalogue item.
 */
export function InstitutionSelect({
  value,
  onChange,
  level,
  designatedFor,
  placeholder = '输入机构名称或编码查找',
  id,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  level?: TInstitutionLevel;
  designatedFor?: string;
  placeholder?: string;
  /** Set by Form.Item, so the field's label names this select. */
  id?: string;
}) {
  const { options, isLoading, search } = useDebouncedSearch<TInstitutionOption>((text) =>
    searchInstitutions(text, level, designatedFor),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: first page once per level and disease
  useEffect(() => {
    search('');
  }, [level, designatedFor]);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      id={id}
      value={value}
      placeholder={placeholder}
      notFoundContent={
        isLoading ? <Spin size="small" /> : designatedFor ? '没有该病种的定点医院' : '没有匹配的医疗机构'
      }
      options={options.map((o) => ({ value: o.code, label: `${o.name}（${o.levelLabel}，${o.code}）` }))}
      onChange={onChange}
      style={{ width: '100%' }}
    />
  );
}
