import { describe, expect, it } from 'vitest';
import { DISEASE_CATALOGS } from './catalogs/index.ts';
import { normalizeIcdCode } from './icd-code.ts';
import { findMatchingPattern } from './icd-pattern.ts';
import { ICD10_ENTRIES, lookupIcd10, pinyinInitialsOf, searchIcd10 } from './icd10.ts';

describe('ICD10_ENTRIES', () => {
  it('holds at least 250 entries, sorted, unique and already normalised', () => {
    const codes = ICD10_ENTRIES.map((entry) => entry.code);
    expect(codes.length).toBeGreaterThanOrEqual(250);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
    for (const code of codes) {
      expect(normalizeIcdCode(code)).toBe(code);
    }
  });

  it('has a Chinese name and initials for every entry', () => {
    for (const entry of ICD10_ENTRIES) {
      expect(entry.name).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.initials).toMatch(/^[a-z0-9]+$/);
    }
  });

  it('covers every pattern of every shipped catalogue', () => {
    const uncovered = DISEASE_CATALOGS.flatMap((catalog) =>
      catalog.items.flatMap((item) =>
        item.icdPatterns
          .filter((pattern) => !ICD10_ENTRIES.some((entry) => findMatchingPattern(entry.code, [pattern])))
          .map((pattern) => `${catalog.code}/${item.code}/${pattern}`),
      ),
    );
    expect(uncovered).toEqual([]);
  });

  it('computes pinyin initials', () => {
    expect(pinyinInitialsOf('高血压')).toBe('gxy');
    expect(pinyinInitialsOf('2型糖尿病')).toBe('2xtnb');
    expect(pinyinInitialsOf('弥漫大B细胞淋巴瘤')).toBe('mmdbxblbl');
  });
});

describe('lookupIcd10', () => {
  it.each([
    ['C16.900', 'C16.900', '胃恶性肿瘤'],
    ['  c16.900 ', 'C16.900', '胃恶性肿瘤'],
    ['I10', 'I10.x00', '高血压'],
    ['E11.9', 'E11.900', '2型糖尿病'],
    ['i10.x00x003', 'I10.x00x003', '高血压2级'],
  ])('%j → %s', (raw, code, name) => {
    expect(lookupIcd10(raw)).toMatchObject({ code, name });
  });

  it.each(['Z99.900', 'X00', 'not a code', ''])('returns null for %j', (raw) => {
    expect(lookupIcd10(raw)).toBeNull();
  });
});

describe('searchIcd10', () => {
  it('finds hypertension by pinyin initials, shortest name first', () => {
    const hits = searchIcd10('gxy', 5);
    expect(hits[0]).toMatchObject({ code: 'I10.x00', name: '高血压', matchKind: 'initials_prefix' });
    expect(hits.every((hit) => hit.initials.includes('gxy'))).toBe(true);
  });

  it('ranks an exact code before code prefixes', () => {
    const hits = searchIcd10('c16.900');
    expect(hits[0]).toMatchObject({ code: 'C16.900', matchKind: 'exact_code' });
    expect(hits).toHaveLength(1);
  });

  it('matches code prefixes with or without the dot, in code order', () => {
    const withDot = searchIcd10('E11.');
    const withoutDot = searchIcd10('e11');
    expect(withDot.map((hit) => hit.code)).toEqual(withoutDot.map((hit) => hit.code));
    expect(withoutDot[0]).toMatchObject({ code: 'E11.000', matchKind: 'code_prefix' });
    expect(searchIcd10('E119').map((hit) => hit.code)).toEqual(['E11.900', 'E11.900x001']);
  });

  it('ranks name prefix before initials and substring matches', () => {
    const hits = searchIcd10('高血压', 50);
    const kinds = hits.map((hit) => hit.matchKind);
    expect(hits[0]).toMatchObject({ code: 'I10.x00', matchKind: 'name_prefix' });
    expect(kinds.indexOf('name_substring')).toBeGreaterThan(kinds.lastIndexOf('name_prefix'));
    expect(hits.map((hit) => hit.name)).toContain('继发性高血压');
  });

  it('orders kinds exact code > code prefix > name prefix > initials > substring', () => {
    const rank = [
      'exact_code',
      'code_prefix',
      'name_prefix',
      'initials_prefix',
      'initials_substring',
      'name_substring',
    ];
    for (const query of ['I2', 'tnb', '白血病', 'gxy', 'C9', '癌', 'xzb']) {
      const ranks = searchIcd10(query, 100).map((hit) => rank.indexOf(hit.matchKind));
      expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    }
  });

  it('matches initials as a substring', () => {
    const hits = searchIcd10('tnb', 50);
    expect(hits.length).toBeGreaterThan(5);
    expect(hits[0]).toMatchObject({ name: '糖尿病', matchKind: 'initials_prefix' });
    expect(hits.slice(1).every((hit) => hit.matchKind === 'initials_substring')).toBe(true);
    expect(hits.map((hit) => hit.name)).toContain('2型糖尿病伴肾并发症');
  });

  it('matches Chinese substrings', () => {
    const hits = searchIcd10('白血病');
    expect(hits.map((hit) => hit.code)).toEqual(
      expect.arrayContaining(['C91.000', 'C92.400', 'C95.000', 'C91.100', 'C92.000']),
    );
    expect(hits.every((hit) => hit.name.includes('白血病'))).toBe(true);
  });

  it('accepts full-width input and respects the limit', () => {
    expect(searchIcd10('Ｃ１６', 2)).toHaveLength(2);
    expect(searchIcd10('C', 3)).toHaveLength(3);
  });

  it.each(['', '   ', 'zzzzzz'])('returns nothing for %j', (query) => {
    expect(searchIcd10(query)).toEqual([]);
  });

  it('returns nothing for a non-positive limit', () => {
    expect(searchIcd10('gxy', 0)).toEqual([]);
  });
});
