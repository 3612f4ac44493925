import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
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
  const [options, setOptions] = useState<TInstitutionOption[]>([]);
  const [isLoading, setIsLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = (text: string) => {
    if (timer.current) {
      clearTimeout(timer.current);
    }
    timer.current = setTimeout(() => {
      setIsLoading(true);
      searchInstitutions(text.trim(), level)
        .then(setOptions)
        .catch(() => setOptions([]))
        .finally(() => setIsLoading(false));
    }, 250);
  };
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
