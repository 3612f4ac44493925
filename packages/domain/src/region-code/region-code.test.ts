import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ancestorRegionCodes,
  countyCodeOf,
  isProvinceCode,
  isRegionWithin,
  isValidRegionCode,
  normalizeRegionCode,
  PROVINCE_CODES,
  parentRegionCode,
  REGION_LEVEL_LABELS,
  REGION_LEVELS,
  type RegionLevel,
  regionLevelOf,
  regionScopePrefix,
  significantRegionCode,
} from './region-code.ts';

/** Real codes from the 2023 division data: 河北省 › 秦皇岛市 › 青龙满族自治县 › 青龙镇 › 领秀城社区, and 东莞市 (no counties). */
const HEBEI = '130000000000';
const QINHUANGDAO = '130300000000';
const QINGLONG = '130321000000';
const QINGLONG_TOWN = '130321001000';
const LINGXIUCHENG = '130321001001';
const DONGGUAN = '441900000000';
const DONGCHENG_DG = '441900003000';
const DONGCHENG_DG_VILLAGE = '441900003001';

describe('REGION_LEVEL_LABELS', () => {
  it('labels every level in Chinese', () => {
    expect(REGION_LEVELS.map((level) => REGION_LEVEL_LABELS[level])).toEqual([
      '省',
      '市',
      '县',
      '乡镇',
      '村',
    ]);
  });
});

describe('isProvinceCode', () => {
  it.each([
    '11',
    '15',
    '21',
    '23',
    '31',
    '37',
    '41',
    '46',
    '50',
    '54',
    '61',
    '65',
    '71',
    '81',
    '82',
  ])('%s is a province', (code) => {
    expect(isProvinceCode(code)).toBe(true);
  });

  it.each([
    '00',
    '10',
    '16',
    '20',
    '24',
    '30',
    '38',
    '47',
    '55',
    '60',
    '66',
    '72',
    '80',
    '83',
    '90',
    '99',
    '1',
  ])('%s is not a province', (code) => {
    expect(isProvinceCode(code)).toBe(false);
  });

  it('lists 34 province-level divisions', () => {
    expect(PROVINCE_CODES).toHaveLength(34);
  });
});

describe('normalizeRegionCode', () => {
  it.each([
    ['13', HEBEI],
    ['1303', QINHUANGDAO],
    ['130321', QINGLONG],
    ['130321001', QINGLONG_TOWN],
    ['130321001001', LINGXIUCHENG],
    [QINGLONG, QINGLONG],
    ['１３０３２１', QINGLONG],
    [' 1303 21 001 ', QINGLONG_TOWN],
    ['4419', DONGGUAN],
    ['441900', DONGGUAN],
    ['441900003', DONGCHENG_DG],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeRegionCode(raw)).toBe(expected);
  });

  it.each([
    '',
    '1',
    '130',
    '13032',
    '1303210',
    '13032100',
    '1303210010',
    '13032100100',
    '1303210010010',
    '13032a',
    '-13032',
    '99',
    '00',
    '130021',
    '130321000001',
  ])('rejects %j', (raw) => {
    expect(normalizeRegionCode(raw)).toBeNull();
  });
});

describe('isValidRegionCode', () => {
  it.each([
    [HEBEI, true],
    [QINHUANGDAO, true],
    [QINGLONG, true],
    [QINGLONG_TOWN, true],
    [LINGXIUCHENG, true],
    [DONGGUAN, true],
    [DONGCHENG_DG, true],
    [DONGCHENG_DG_VILLAGE, true],
    ['000000000000', false],
    ['990000000000', false],
    ['130021000000', false],
    ['130021001000', false],
    ['130321000001', false],
    ['130300000001', false],
    ['130000001000', false],
    ['13032100100', false],
    ['1303210010010', false],
    ['13032100100a', false],
  ])('%s → %s', (code, expected) => {
    expect(isValidRegionCode(code)).toBe(expected);
  });
});

describe('levels, parents and short forms', () => {
  it.each<[string, RegionLevel, string | null, string, string | null]>([
    [HEBEI, 'province', null, '13', null],
    [QINHUANGDAO, 'city', HEBEI, '1303', null],
    [QINGLONG, 'county', QINHUANGDAO, '130321', '130321'],
    [QINGLONG_TOWN, 'township', QINGLONG, '130321001', '130321'],
    [LINGXIUCHENG, 'village', QINGLONG_TOWN, '130321001001', '130321'],
    [DONGGUAN, 'city', '440000000000', '4419', null],
    [DONGCHENG_DG, 'township', DONGGUAN, '441900003', '441900'],
    [DONGCHENG_DG_VILLAGE, 'village', DONGCHENG_DG, '441900003001', '441900'],
  ])('%s: %s, parent %s, short %s, county %s', (code, level, parent, short, county) => {
    expect(regionLevelOf(code)).toBe(level);
    expect(parentRegionCode(code)).toBe(parent);
    expect(significantRegionCode(code)).toBe(short);
    expect(regionScopePrefix(code)).toBe(short);
    expect(countyCodeOf(code)).toBe(county);
  });

  it('lists ancestors root first', () => {
    expect(ancestorRegionCodes(LINGXIUCHENG)).toEqual([HEBEI, QINHUANGDAO, QINGLONG, QINGLONG_TOWN]);
    expect(ancestorRegionCodes(DONGCHENG_DG_VILLAGE)).toEqual(['440000000000', DONGGUAN, DONGCHENG_DG]);
    expect(ancestorRegionCodes(HEBEI)).toEqual([]);
  });

  it.each([
    regionLevelOf,
    parentRegionCode,
    significantRegionCode,
    countyCodeOf,
    ancestorRegionCodes,
  ])('%o rejects an invalid code, naming it', (fn) => {
    expect(() => fn('130321')).toThrow('区划代码“130321”无效');
  });
});

describe('isRegionWithin', () => {
  it.each([
    [LINGXIUCHENG, QINGLONG, true],
    [LINGXIUCHENG, LINGXIUCHENG, true],
    [LINGXIUCHENG, HEBEI, true],
    [QINGLONG, QINGLONG, true],
    [QINGLONG, LINGXIUCHENG, false],
    ['130322001001', QINGLONG, false],
    ['130321101001', QINGLONG_TOWN, false],
    ['130321001010', LINGXIUCHENG, false],
    [QINGLONG, '130300000000', true],
    ['133021000000', '130300000000', false],
    [DONGCHENG_DG_VILLAGE, DONGGUAN, true],
    [DONGCHENG_DG, '440000000000', true],
    [DONGCHENG_DG, HEBEI, false],
    ['441901000000', DONGGUAN, true],
  ])('%s within %s → %s', (code, scope, expected) => {
    expect(isRegionWithin(code, scope)).toBe(expected);
  });

  it('rejects an invalid scope', () => {
    expect(() => isRegionWithin(QINGLONG, '13')).toThrow('区划代码“13”无效');
  });
});

const segment = (width: number) =>
  fc.integer({ min: 1, max: 10 ** width - 1 }).map((n) => n.toString().padStart(width, '0'));

/** Any structurally valid code, including townships and villages under county-less cities. */
const anyRegionCode = fc
  .record({
    province: fc.constantFrom(...PROVINCE_CODES),
    city: segment(2),
    county: segment(2),
    township: segment(3),
    village: segment(3),
    depth: fc.integer({ min: 1, max: 5 }),
    isCountySkipped: fc.boolean(),
  })
  .map(({ province, city, county, township, village, depth, isCountySkipped }) => {
    const parts = [province, city, isCountySkipped && depth > 3 ? '00' : county, township, village];
    return parts.slice(0, depth).join('').padEnd(12, '0');
  });

describe('region code properties', () => {
  it('every generated code is valid and survives normalize(significant(code))', () => {
    fc.assert(
      fc.property(anyRegionCode, (code) => {
        expect(isValidRegionCode(code)).toBe(true);
        expect(normalizeRegionCode(significantRegionCode(code))).toBe(code);
      }),
    );
  });

  it('a code is within its parent, all its ancestors and its province, and not the reverse', () => {
    fc.assert(
      fc.property(anyRegionCode, (code) => {
        const ancestors = ancestorRegionCodes(code);
        const parent = parentRegionCode(code);
        expect(parent).toBe(ancestors.at(-1) ?? null);
        expect(ancestors[0] ?? code).toBe(code.slice(0, 2).padEnd(12, '0'));
        expect(isRegionWithin(code, code.slice(0, 2).padEnd(12, '0'))).toBe(true);
        for (const [i, ancestor] of ancestors.entries()) {
          expect(isRegionWithin(code, ancestor)).toBe(true);
          expect(isRegionWithin(ancestor, code)).toBe(false);
          expect(REGION_LEVELS.indexOf(regionLevelOf(ancestor))).toBeLessThan(
            REGION_LEVELS.indexOf(regionLevelOf(code)),
          );
          for (const outer of ancestors.slice(0, i)) {
            expect(isRegionWithin(ancestor, outer)).toBe(true);
          }
        }
      }),
    );
  });

  it('containment matches the ancestor chain exactly', () => {
    fc.assert(
      fc.property(anyRegionCode, anyRegionCode, (code, scope) => {
        const isAncestorOrSelf = code === scope || ancestorRegionCodes(code).includes(scope);
        expect(isRegionWithin(code, scope)).toBe(isAncestorOrSelf);
        expect(code.startsWith(regionScopePrefix(scope))).toBe(isAncestorOrSelf);
      }),
    );
  });

  it('the county key is the first 6 digits from county level down', () => {
    fc.assert(
      fc.property(anyRegionCode, (code) => {
        const depth = REGION_LEVELS.indexOf(regionLevelOf(code));
        expect(countyCodeOf(code)).toBe(depth >= 2 ? code.slice(0, 6) : null);
      }),
    );
  });
});
