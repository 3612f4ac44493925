import type { TRegionLevel } from '../../locales/zh-CN/labels.ts';
import type { TRegionDetail, TRegionNode, TRegionScope } from './region-api.ts';

/** Region codes are 12 digits (GB/T 2260 + township and village parts). */
export const REGION_CODE_PATTERN = /^\d{12}$/;

export function isRegionCode(value: string | null | undefined): value is string {
  return typeof value === 'string' && REGION_CODE_PATTERN.test(value);
}

/** Children loaded so far, by parent code. */
export type TChildrenByCode = ReadonlyMap<string, readonly TRegionNode[]>;

/**
 * Builds a nested tree (Cascader options, Tree data...) from the loaded part of the
 * region hierarchy. Nodes whose children are not loaded yet get `children: undefined`,
 * which the antd components read as "load on demand".
 */
export function buildRegionTree<T>(
  roots: readonly TRegionNode[],
  childrenByCode: TChildrenByCode,
  toItem: (node: TRegionNode, children: T[] | undefined) => T,
): T[] {
  return roots.map((node) => {
    const loaded = childrenByCode.get(node.code);
    return toItem(node, loaded ? buildRegionTree(loaded, childrenByCode, toItem) : undefined);
  });
}

const LEAF_LEVEL: TRegionLevel = 'village';

/** The scope region as the root node of a tree. */
export function toRootNode(scope: TRegionScope): TRegionNode {
  return { code: scope.code, name: scope.name, level: scope.level, hasChildren: scope.level !== LEAF_LEVEL };
}

/** Codes from the scope root down to the region itself, whether or not `path` repeats it. */
export function toPathCodes(region: Pick<TRegionDetail, 'code' | 'path'>): string[] {
  const codes = region.path.map((item) => item.code);
  return codes.at(-1) === region.code ? codes : [...codes, region.code];
}
