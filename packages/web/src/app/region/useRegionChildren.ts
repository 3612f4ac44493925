import { useCallback, useState } from 'react';
import { fetchRegionChildren, type TRegionNode } from './region-api.ts';
import type { TChildrenByCode } from './region-tree.ts';

/** Lazily loaded children of the region tree, shared by the Cascader and the Tree. */
export function useRegionChildren(): {
  childrenByCode: TChildrenByCode;
  loadChildren: (codes: readonly string[]) => Promise<void>;
} {
  const [childrenByCode, setChildrenByCode] = useState<TChildrenByCode>(() => new Map());

  const loadChildren = useCallback(async (codes: readonly string[]) => {
    const loaded = await Promise.all(codes.map((code) => fetchRegionChildren(code)));
    setChildrenByCode((previous) => {
      const next = new Map<string, readonly TRegionNode[]>(previous);
      codes.forEach((code, index) => {
        next.set(code, loaded[index] ?? []);
      });
      return next;
    });
  }, []);

  return { childrenByCode, loadChildren };
}
