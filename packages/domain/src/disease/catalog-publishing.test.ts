import { describe, expect, it } from 'vitest';
import type { TDiseaseCatalog } from './catalog.schema.ts';
import {
  deepFreeze,
  deriveCatalogDraft,
  publishCatalogDraft,
  removeCatalogItem,
  reviseCatalogDraft,
  upsertCatalogItem,
} from './catalog-publishing.ts';
import { DISEASE_CATALOGS, NATIONAL_MAJOR_2020, YANCHENG_MAJOR_2021 } from './catalogs/index.ts';
import { resolveCatalogItems } from './resolve-catalog-items.ts';

const PUBLISH = { publishedOn: '2026-11-23', publishedBy: 'county-admin' };

function localDraft(): TDiseaseCatalog {
  return {
    code: 'qinglong-major-2027',
    name: '青龙满族自治县大病专项救治病种',
    kind: 'major',
    version: '2027',
    effectiveFrom: '2027-01-01',
    regionCode: '130321000000',
    extends: NATIONAL_MAJOR_2020.code,
    status: 'draft',
    items: [{ code: 'pancreatic-cancer', name: '胰腺癌', icdPatterns: ['C25'] }],
  };
}

function publishedValue(result: ReturnType<typeof publishCatalogDraft>): TDiseaseCatalog {
  if (!result.ok) {
    throw new Error(result.error.messages.join('\n'));
  }
  return result.value;
}

describe('publishCatalogDraft', () => {
  it('returns a new, deeply frozen published version and leaves the draft unchanged', () => {
    const draft = localDraft();
    const published = publishedValue(publishCatalogDraft(draft, DISEASE_CATALOGS, PUBLISH));
    expect(published).not.toBe(draft);
    expect(published).toMatchObject({
      status: 'published',
      publishedOn: '2026-11-23',
      publishedBy: 'county-admin',
    });
    expect(draft.status).toBe('draft');
    expect(draft.publishedOn).toBeUndefined();
    expect(Object.isFrozen(published)).toBe(true);
    expect(Object.isFrozen(published.items)).toBe(true);
    expect(Object.isFrozen(published.items[0])).toBe(true);
    expect(Object.isFrozen(published.items[0]?.icdPatterns)).toBe(true);
    expect(() => {
      (published.items[0]?.icdPatterns as string[]).push('C26');
    }).toThrow(TypeError);
    expect(resolveCatalogItems(published, [...DISEASE_CATALOGS, published])).toHaveLength(31);
  });

  it('does not share arrays with the draft', () => {
    const draft = localDraft();
    const published = publishedValue(publishCatalogDraft(draft, DISEASE_CATALOGS, PUBLISH));
    draft.items[0]?.icdPatterns.push('C26');
    expect(published.items[0]?.icdPatterns).toEqual(['C25']);
  });

  it('refuses to publish a published version again', () => {
    const result = publishCatalogDraft(NATIONAL_MAJOR_2020, DISEASE_CATALOGS, PUBLISH);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'CATALOG_NOT_DRAFT',
        messages: ['目录“农村贫困人口大病专项救治病种目录（2020版，30种）”（2020版）已发布，不能重复发布'],
      },
    });
  });

  it.each([
    [
      'a code already published',
      { code: 'national-major-2020' },
      '目录编码“national-major-2020”已被已发布的目录使用',
    ],
    [
      'an unpublished base',
      { extends: 'national-major-2099' },
      '继承的目录“national-major-2099”不存在或尚未发布',
    ],
    ['a base of another kind', { extends: 'chronic4-2017' }, '只能继承同类型目录，“chronic4-2017”类型不同'],
    [
      'an effective date not after the series’ latest version',
      { regionCode: undefined, effectiveFrom: '2020-01-01' },
      '生效日期2020-01-01必须晚于同系列最新已发布版本',
    ],
    [
      'an invalid ICD pattern',
      { items: [{ code: 'x', name: '某病', icdPatterns: ['C2'] }] },
      'ICD匹配规则格式无效',
    ],
    ['an empty name', { name: ' ' }, '目录名称不能为空'],
  ])('refuses %s with a Chinese message', (_label, changes, message) => {
    const result = publishCatalogDraft({ ...localDraft(), ...changes }, DISEASE_CATALOGS, PUBLISH);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CATALOG_INVALID');
      expect(result.error.messages.join('\n')).toContain(message);
      expect(result.error.messages.every((line) => line.startsWith('目录“'))).toBe(true);
    }
  });

  it('refuses an invalid publication date or an empty publisher', () => {
    const result = publishCatalogDraft(localDraft(), DISEASE_CATALOGS, {
      publishedOn: '2026-02-30',
      publishedBy: ' ',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.messages.join('\n')).toContain('发布日期“2026-02-30”无效');
      expect(result.error.messages.join('\n')).toContain('发布人不能为空');
    }
  });

  it('accepts the next version of a local series after its latest one', () => {
    const next = deriveCatalogDraft(YANCHENG_MAJOR_2021, {
      code: 'yancheng-major-2022',
      version: '2022',
      effectiveFrom: '2022-01-01',
    });
    expect(publishedValue(publishCatalogDraft(next, DISEASE_CATALOGS, PUBLISH)).regionCode).toBe(
      '320900000000',
    );
    const backdated = { ...next, effectiveFrom: '2021-01-01' };
    expect(publishCatalogDraft(backdated, DISEASE_CATALOGS, PUBLISH).ok).toBe(false);
  });
});

describe('editing catalogues', () => {
  const refusal =
    '目录“农村贫困人口大病专项救治病种目录（2020版，30种）”（2020版）已发布，不能修改；如需调整，请以它为基础新建草稿版本并设置新的生效日期';

  it.each([
    ['reviseCatalogDraft', () => reviseCatalogDraft(NATIONAL_MAJOR_2020, { name: '改名' })],
    [
      'upsertCatalogItem',
      () => upsertCatalogItem(NATIONAL_MAJOR_2020, { code: 'x', name: '某病', icdPatterns: ['C25'] }),
    ],
    ['removeCatalogItem', () => removeCatalogItem(NATIONAL_MAJOR_2020, 'copd')],
  ])('%s refuses a published catalogue', (_name, edit) => {
    expect(edit()).toEqual({ ok: false, error: { code: 'CATALOG_PUBLISHED', messages: [refusal] } });
    expect(NATIONAL_MAJOR_2020.items).toHaveLength(5);
  });

  it('edits drafts without changing the input', () => {
    const draft = localDraft();
    const added = upsertCatalogItem(draft, {
      code: 'gallbladder-cancer',
      name: '胆囊癌',
      icdPatterns: ['C23'],
    });
    expect(added.ok && added.value.items.map((item) => item.code)).toEqual([
      'pancreatic-cancer',
      'gallbladder-cancer',
    ]);
    const replaced = upsertCatalogItem(draft, {
      code: 'pancreatic-cancer',
      name: '胰腺癌',
      icdPatterns: ['C25', 'C26'],
    });
    expect(replaced.ok && replaced.value.items).toEqual([
      { code: 'pancreatic-cancer', name: '胰腺癌', icdPatterns: ['C25', 'C26'] },
    ]);
    const removed = removeCatalogItem(draft, 'pancreatic-cancer');
    expect(removed.ok && removed.value.items).toEqual([]);
    const renamed = reviseCatalogDraft(draft, { name: '新名称', effectiveFrom: '2027-07-01' });
    expect(renamed.ok && renamed.value).toMatchObject({
      name: '新名称',
      effectiveFrom: '2027-07-01',
      status: 'draft',
    });
    expect(draft).toEqual(localDraft());
  });

  it('explains invalid edits in Chinese', () => {
    const draft = localDraft();
    const badItem = upsertCatalogItem(draft, { code: 'x', name: '某病', icdPatterns: [] });
    expect(badItem).toEqual({
      ok: false,
      error: { code: 'ITEM_INVALID', messages: ['病种“某病”的icdPatterns：病种至少需要一条ICD匹配规则'] },
    });
    const badAge = upsertCatalogItem(draft, {
      code: 'x',
      name: '某病',
      icdPatterns: ['C25'],
      ageRule: { minAge: 15, maxAge: 14 },
    });
    expect(!badAge.ok && badAge.error.messages[0]).toContain('最小年龄不能大于最大年龄');
    expect(removeCatalogItem(draft, 'nope')).toEqual({
      ok: false,
      error: {
        code: 'ITEM_NOT_FOUND',
        messages: ['目录“青龙满族自治县大病专项救治病种”（2027版）中没有病种编码“nope”'],
      },
    });
    const badDates = reviseCatalogDraft(draft, { effectiveTo: '2026-12-31' });
    expect(!badDates.ok && badDates.error.messages).toEqual(['effectiveTo：失效日期不能早于生效日期']);
  });

  it('derives a draft from a published version, dropping the publication stamp', () => {
    const draft = deriveCatalogDraft(NATIONAL_MAJOR_2020, {
      code: 'national-major-2021',
      version: '2021',
      effectiveFrom: '2021-01-01',
    });
    expect(draft).toMatchObject({ status: 'draft', extends: 'national-major-2019', kind: 'major' });
    expect(draft.publishedOn).toBeUndefined();
    expect(draft.publishedBy).toBeUndefined();
    expect(Object.isFrozen(draft.items)).toBe(false);
    expect(draft.items).toEqual(NATIONAL_MAJOR_2020.items);
    expect(draft.items[0]).not.toBe(NATIONAL_MAJOR_2020.items[0]);
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays and returns its argument', () => {
    const value = { a: [{ b: 1 }], c: { d: 'x' } };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(Object.isFrozen(value.c)).toBe(true);
  });
});
