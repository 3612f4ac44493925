import { describe, expect, it } from 'vitest';
import { type TDiseaseCatalog, ZDiseaseCatalog } from './catalog.schema.ts';
import {
  isCatalogInRegion,
  regionPrefixOf,
  selectCatalogsValidOn,
  selectSeriesVersionOn,
} from './catalog-versions.ts';
import {
  CHILD_AGE_RULE,
  CHRONIC4_2017,
  CHRONIC6_2017,
  DISEASE_CATALOGS,
  HEBEI_OUTPATIENT_SPECIAL_2019,
  NATIONAL_MAJOR_2017,
  NATIONAL_MAJOR_2018,
  NATIONAL_MAJOR_2019,
  NATIONAL_MAJOR_2020,
  NATIONAL_SEVERE_2017,
  YANCHENG_MAJOR_2021,
} from './catalogs/index.ts';
import { checkDiseaseCatalogs, DiseaseCatalogError, resolveCatalogItems } from './resolve-catalog-items.ts';

const countOf = (catalog: TDiseaseCatalog) => resolveCatalogItems(catalog, DISEASE_CATALOGS).length;
const codesOf = (catalog: TDiseaseCatalog) =>
  resolveCatalogItems(catalog, DISEASE_CATALOGS).map((item) => item.code);

describe('shipped catalogues', () => {
  it.each([
    { catalog: NATIONAL_MAJOR_2017, count: 9 },
    { catalog: NATIONAL_MAJOR_2018, count: 21 },
    { catalog: NATIONAL_MAJOR_2019, count: 25 },
    { catalog: NATIONAL_MAJOR_2020, count: 30 },
    { catalog: YANCHENG_MAJOR_2021, count: 22 },
    { catalog: CHRONIC4_2017, count: 4 },
    { catalog: CHRONIC6_2017, count: 6 },
    { catalog: HEBEI_OUTPATIENT_SPECIAL_2019, count: 25 },
    { catalog: NATIONAL_SEVERE_2017, count: 6 },
  ])('$catalog.code resolves to $count diseases', ({ catalog, count }) => {
    expect(countOf(catalog)).toBe(count);
    expect(new Set(codesOf(catalog)).size).toBe(count);
  });

  it('form a usable, schema-valid, published set', () => {
    expect(checkDiseaseCatalogs(DISEASE_CATALOGS)).toEqual([]);
    for (const catalog of DISEASE_CATALOGS) {
      expect(ZDiseaseCatalog.safeParse(catalog).success).toBe(true);
      expect(catalog.status).toBe('published');
      expect(catalog.publishedOn).toBeDefined();
    }
  });

  it('are deeply frozen', () => {
    expect(Object.isFrozen(DISEASE_CATALOGS)).toBe(true);
    expect(Object.isFrozen(NATIONAL_MAJOR_2019)).toBe(true);
    expect(Object.isFrozen(NATIONAL_MAJOR_2019.items[0]?.icdPatterns)).toBe(true);
    expect(() => {
      (NATIONAL_MAJOR_2019 as { name: string }).name = 'x';
    }).toThrow(TypeError);
    expect(() => {
      (NATIONAL_MAJOR_2018.items as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('grow 2017 → 2020 by the documented additions, keeping stable item codes', () => {
    const added = (from: TDiseaseCatalog, to: TDiseaseCatalog) =>
      codesOf(to).filter((code) => !codesOf(from).includes(code));
    expect(added(NATIONAL_MAJOR_2018, NATIONAL_MAJOR_2019)).toEqual(['mdr-tb', 'stroke', 'copd', 'aids-oi']);
    expect(added(NATIONAL_MAJOR_2019, NATIONAL_MAJOR_2020)).toEqual([
      'bladder-cancer',
      'ovarian-cancer',
      'kidney-cancer',
      'severe-psychosis',
      'rheumatic-heart-disease',
    ]);
    for (const code of ['oesophageal-cancer', 'gastric-cancer', 'colon-cancer', 'rectal-cancer', 'esrd']) {
      expect(codesOf(NATIONAL_MAJOR_2017)).toContain(code);
      expect(codesOf(NATIONAL_MAJOR_2020)).toContain(code);
    }
  });

  it('give every 儿童 item the 0–14 age rule', () => {
    const children = DISEASE_CATALOGS.flatMap((catalog) =>
      resolveCatalogItems(catalog, DISEASE_CATALOGS),
    ).filter((item) => item.name.startsWith('儿童') && item.code !== 'childhood-autism');
    expect(children.length).toBeGreaterThanOrEqual(7);
    for (const item of children) {
      expect(item.ageRule).toEqual(CHILD_AGE_RULE);
    }
    expect(CHILD_AGE_RULE).toEqual({ minAge: 0, maxAge: 14 });
  });

  it('make 盐城 a local extension of a national version', () => {
    expect(YANCHENG_MAJOR_2021.extends).toBe(NATIONAL_MAJOR_2018.code);
    expect(YANCHENG_MAJOR_2021.regionCode).toBe('320900000000');
    expect(codesOf(YANCHENG_MAJOR_2021).slice(0, 21)).toEqual(codesOf(NATIONAL_MAJOR_2018));
    expect(codesOf(YANCHENG_MAJOR_2021)).toContain('organ-bone-marrow-transplant');
  });
});

describe('resolveCatalogItems', () => {
  const base: TDiseaseCatalog = {
    code: 'base',
    name: '基础',
    kind: 'major',
    version: '1',
    effectiveFrom: '2020-01-01',
    status: 'published',
    publishedOn: '2020-01-01',
    items: [
      { code: 'a', name: '甲', icdPatterns: ['C15'] },
      { code: 'b', name: '乙', icdPatterns: ['C16'], ageRule: { maxAge: 14 } },
    ],
  };

  it('replaces an inherited item with the same code in place', () => {
    const local: TDiseaseCatalog = {
      ...base,
      code: 'local',
      regionCode: '320900000000',
      extends: 'base',
      items: [
        { code: 'c', name: '丙', icdPatterns: ['C20'] },
        { code: 'b', name: '乙（放宽年龄）', icdPatterns: ['C16'], ageRule: { maxAge: 17 } },
      ],
    };
    expect(resolveCatalogItems(local, [base, local]).map((item) => item.name)).toEqual([
      '甲',
      '乙（放宽年龄）',
      '丙',
    ]);
  });

  it('throws a Chinese DiseaseCatalogError for unknown bases and cycles', () => {
    const orphan = { ...base, code: 'orphan', extends: 'missing' };
    expect(() => resolveCatalogItems(orphan, [orphan])).toThrow(DiseaseCatalogError);
    expect(() => resolveCatalogItems(orphan, [orphan])).toThrow('继承的目录“missing”不存在');
    const x = { ...base, code: 'x', extends: 'y' };
    const y = { ...base, code: 'y', extends: 'x' };
    expect(() => resolveCatalogItems(x, [x, y])).toThrow('目录继承关系存在循环：x → y → x');
  });

  it('reports problems of a catalogue set in Chinese', () => {
    const duplicate = { ...base, version: '2' };
    const wrongKind = {
      ...base,
      code: 'chronic',
      kind: 'chronic4' as const,
      extends: 'base',
      effectiveFrom: '2021-01-01',
    };
    const problems = checkDiseaseCatalogs([base, duplicate, wrongKind]);
    expect(problems).toContain('目录编码“base”重复');
    expect(problems).toContain('目录“base”与同系列的另一版本生效日期相同（2020-01-01）');
    expect(problems).toContain('目录“chronic”只能继承同类型目录，“base”类型不同');
  });
});

describe('catalogue versions by date', () => {
  const majorSeries = [NATIONAL_MAJOR_2017, NATIONAL_MAJOR_2018, NATIONAL_MAJOR_2019, NATIONAL_MAJOR_2020];

  it.each([
    ['2016-06-30', '2017'],
    ['2017-02-01', '2017'],
    ['2017-12-31', '2017'],
    ['2018-01-01', '2018'],
    ['2018-12-31', '2018'],
    ['2019-01-01', '2019'],
    ['2020-01-01', '2020'],
    ['2026-11-23', '2020'],
  ])('on %s uses the %s major list', (date, version) => {
    expect(selectSeriesVersionOn(majorSeries, date)?.version).toBe(version);
  });

  it('returns null when the series has expired or is empty', () => {
    expect(
      selectSeriesVersionOn([{ ...NATIONAL_MAJOR_2017, effectiveTo: '2017-12-31' }], '2018-01-01'),
    ).toBeNull();
    expect(selectSeriesVersionOn([], '2018-01-01')).toBeNull();
  });

  it('applies a series before its first version only when asked', () => {
    expect(
      selectSeriesVersionOn([YANCHENG_MAJOR_2021], '2020-12-31', { appliesBeforeFirstVersion: false }),
    ).toBeNull();
    expect(
      selectSeriesVersionOn([YANCHENG_MAJOR_2021], '2021-01-01', { appliesBeforeFirstVersion: false }),
    ).toBe(YANCHENG_MAJOR_2021);
    const on2016 = selectCatalogsValidOn(DISEASE_CATALOGS, '2016-01-01').map((catalog) => catalog.code);
    expect(on2016).toContain('national-major-2017');
    expect(on2016).not.toContain('yancheng-major-2021');
    expect(on2016).not.toContain('hebei-outpatient-special-2019');
  });

  it('picks one version per series (kind + region)', () => {
    const valid = selectCatalogsValidOn(DISEASE_CATALOGS, '2019-05-01').map((catalog) => catalog.code);
    expect(valid).toEqual(
      expect.arrayContaining([
        'national-major-2019',
        'chronic4-2017',
        'chronic6-2017',
        'hebei-outpatient-special-2019',
        'national-severe-2017',
      ]),
    );
    expect(valid).toHaveLength(5);
    expect(selectCatalogsValidOn(DISEASE_CATALOGS, '2021-01-01').map((catalog) => catalog.code)).toContain(
      'yancheng-major-2021',
    );
  });

  it('applies local lists only inside their region', () => {
    expect(regionPrefixOf('130000000000')).toBe('13');
    expect(regionPrefixOf('320900000000')).toBe('3209');
    expect(regionPrefixOf('130321100201')).toBe('130321100201');
    expect(isCatalogInRegion(YANCHENG_MAJOR_2021, '320921100201')).toBe(true);
    expect(isCatalogInRegion(YANCHENG_MAJOR_2021, '130321100201')).toBe(false);
    expect(isCatalogInRegion(HEBEI_OUTPATIENT_SPECIAL_2019, '130321100201')).toBe(true);
    expect(isCatalogInRegion(NATIONAL_MAJOR_2020, '320921100201')).toBe(true);
  });
});
