import { Select, Spin } from 'antd';
import { useEffect } from 'react';
import { useDebouncedSearch } from '../../../hooks/useDebouncedSearch.ts';
import { searchIcd, searchPersons, type TIcdHit, type TPersonOption } from '../api.ts';

/** ICD-10 search by code, Chinese name or pinyin initials (e.g. “gxy” → 高血压). */
export function IcdSelect({
  value,
  onChange,
}: {
  value?: string;
  onChange?: (value: string | undefined, hit?: TIcdHit) => void;
}) {
  const { options, isLoading, search } = useDebouncedSearch((text) =>
    text === '' ? Promise.resolve([]) : searchIcd(text),
  );
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      placeholder="输入编码、中文名或拼音首字母，如 I10、高血压、gxy"
      notFoundContent={isLoading ? <Spin size="small" /> : '没有匹配的ICD编码'}
      options={options.map((hit) => ({ value: hit.code, label: `${hit.code} ${hit.name}` }))}
      onChange={(code) =>
        onChange?.(
          code,
          options.find((hit) => hit.code === code),
        )
      }
      style={{ width: '100%' }}
    />
  );
}

/** Residents in the caller's scope, by name or ID-number prefix (masked). */
export function PersonSelect({
  value,
  onChange,
  region,
}: {
  value?: number;
  onChange?: (value: number | undefined) => void;
  region?: string;
}) {
  const { options, isLoading, search } = useDebouncedSearch<TPersonOption>((text) =>
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
      value={value}
      placeholder="输入姓名或身份证号前几位查找"
      notFoundContent={isLoading ? <Spin size="small" /> : '没有找到居民'}
      options={options.map((p) => ({
        value: p.id,
        label: `${p.name}（${p.sex === 'M' ? '男' : '女'}，${p.birthDate}，${p.villageName}，${p.idNumberMasked}）`,
      }))}
      onChange={onChange}
      style={{ width: '100%' }}
    />
  );
}
