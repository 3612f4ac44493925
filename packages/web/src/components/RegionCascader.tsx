import { Cascader } from 'antd';
import { type CSSProperties, useEffect, useMemo, useState } from 'react';
import { fetchRegion } from '../app/region/region-api.ts';
import { buildRegionTree, toPathCodes, toRootNode } from '../app/region/region-tree.ts';
import { useRegionChildren } from '../app/region/useRegionChildren.ts';
import { useRegionScope } from '../app/region/useRegionScope.ts';
import { useAsync } from '../hooks/useAsync.ts';

type TRegionOption = {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: TRegionOption[] | undefined;
};

type TRegionCascaderProps = {
  id?: string;
  /** Selected region code (12 digits). */
  value?: string | undefined;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Show only the selected region's name instead of the whole path (narrow screens). */
  isCompact?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
};

/**
 * Region picker rooted at the caller's scope; each level's children are fetched when the
 * level is opened. Any region along the way can be picked (not only villages). Works as a
 * controlled antd Form control (`value` / `onChange`, `id` for the label).
 */
export function RegionCascader({
  value,
  onChange,
  placeholder = '请选择行政区划',
  allowClear = true,
  isCompact = false,
  ...rest
}: TRegionCascaderProps) {
  const scope = useRegionScope();
  const { childrenByCode, loadChildren } = useRegionChildren();
  const [pickedPath, setPickedPath] = useState<string[]>([]);
  const resolved = useAsync(() => fetchRegion(value ?? ''), value ?? null);

  const resolvedPath = useMemo(() => (resolved.data ? toPathCodes(resolved.data) : null), [resolved.data]);

  // Open the tree down to a region set from outside (URL, form initial value).
  useEffect(() => {
    if (resolvedPath) {
      loadChildren(resolvedPath.slice(0, -1)).catch(() => undefined);
    }
  }, [resolvedPath, loadChildren]);

  const options = useMemo(
    () =>
      scope
        ? buildRegionTree<TRegionOption>([toRootNode(scope)], childrenByCode, (node, children) => ({
            value: node.code,
            label: node.name,
            isLeaf: !node.hasChildren,
            children,
          }))
        : [],
    [scope, childrenByCode],
  );

  const selectedPath = !value ? [] : pickedPath.at(-1) === value ? pickedPath : (resolvedPath ?? []);

  return (
    <Cascader<TRegionOption>
      {...rest}
      options={options}
      value={selectedPath}
      placeholder={placeholder}
      allowClear={allowClear}
      changeOnSelect
      loading={!scope}
      loadData={(picked) => {
        const last = picked.at(-1);
        if (last) {
          loadChildren([last.value]).catch(() => undefined);
        }
      }}
      displayRender={(labels) => (isCompact ? labels.at(-1) : labels.join(' / '))}
      onChange={(codes) => {
        const path = (codes ?? []).map(String);
        setPickedPath(path);
        onChange?.(path.at(-1));
      }}
    />
  );
}
