import { describe, expect, it } from 'vitest';
import type { TRegionNode } from './region-api.ts';
import { buildRegionTree, isRegionCode, toPathCodes, toRootNode } from './region-tree.ts';

const node = (code: string, level: TRegionNode['level'], hasChildren = true): TRegionNode => ({
  code,
  name: `区划${code.slice(-3)}`,
  level,
  hasChildren,
});

const COUNTY = node('130321000000', 'county');
const TOWN_A = node('130321100000', 'township');
const TOWN_B = node('130321101000', 'township');
const VILLAGE = node('130321100201', 'village', false);

type TItem = { value: string; isLeaf: boolean; children: TItem[] | undefined };
const toItem = (n: TRegionNode, children: TItem[] | undefined): TItem => ({
  value: n.code,
  isLeaf: !n.hasChildren,
  children,
});

describe('buildRegionTree', () => {
  it('leaves unloaded levels as undefined children so they load on demand', () => {
    expect(buildRegionTree([COUNTY], new Map(), toItem)).toEqual([
      { value: COUNTY.code, isLeaf: false, children: undefined },
    ]);
  });

  it('nests every loaded level under its parent', () => {
    const childrenByCode = new Map([
      [COUNTY.code, [TOWN_A, TOWN_B]],
      [TOWN_A.code, [VILLAGE]],
    ]);
    expect(buildRegionTree([COUNTY], childrenByCode, toItem)).toEqual([
      {
        value: COUNTY.code,
        isLeaf: false,
        children: [
          {
            value: TOWN_A.code,
            isLeaf: false,
            children: [{ value: VILLAGE.code, isLeaf: true, children: undefined }],
          },
          { value: TOWN_B.code, isLeaf: false, children: undefined },
        ],
      },
    ]);
  });

  it('keeps an empty loaded level as an empty list', () => {
    expect(buildRegionTree([TOWN_B], new Map([[TOWN_B.code, []]]), toItem)[0]?.children).toEqual([]);
  });
});

describe('toPathCodes', () => {
  const path = [
    { code: COUNTY.code, name: '县', level: 'county' as const },
    { code: TOWN_A.code, name: '镇', level: 'township' as const },
  ];

  it('uses the path when it ends with the region itself', () => {
    expect(toPathCodes({ code: TOWN_A.code, path })).toEqual([COUNTY.code, TOWN_A.code]);
  });

  it('appends the region when the path stops at its parent', () => {
    expect(toPathCodes({ code: VILLAGE.code, path })).toEqual([COUNTY.code, TOWN_A.code, VILLAGE.code]);
  });
});

describe('region codes and roots', () => {
  it.each([
    ['130321000000', true],
    ['13032100000', false],
    ['1303210000001', false],
    ['13032100000a', false],
    [null, false],
  ])('isRegionCode(%s) is %s', (value, expected) => {
    expect(isRegionCode(value)).toBe(expected);
  });

  it('treats a village scope as a leaf and any other scope as expandable', () => {
    expect(toRootNode({ ...VILLAGE, path: [] }).hasChildren).toBe(false);
    expect(toRootNode({ ...COUNTY, path: [] }).hasChildren).toBe(true);
  });
});
