import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactIcdCode,
  icdCategoryOf,
  icdDetailOf,
  isCodedDiagnosis,
  normalizeIcdCode,
} from './icd-code.ts';

describe('normalizeIcdCode', () => {
  it.each([
    ['i10', 'I10'],
    ['I10', 'I10'],
    ['E11.9', 'E11.9'],
    ['  c16.900 ', 'C16.900'],
    ['C16900', 'C16.900'],
    ['e119', 'E11.9'],
    ['I10.X00', 'I10.x00'],
    ['i10x00', 'I10.x00'],
    ['I10.x00X002', 'I10.x00x002'],
    ['Ｉ１０．ｘ００', 'I10.x00'],
    ['C16。900', 'C16.900'],
    ['I10.', 'I10'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeIcdCode(raw)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['高血压'],
    ['I1'],
    ['110'],
    ['I10.0000'],
    ['E11.9x001'],
    ['M9500/3'],
    ['C16.9 00'],
    ['II0'],
  ])('rejects %j', (raw) => {
    expect(normalizeIcdCode(raw)).toBeNull();
  });

  it('rejects null and undefined', () => {
    expect(normalizeIcdCode(null)).toBeNull();
    expect(normalizeIcdCode(undefined)).toBeNull();
  });

  it('is idempotent', () => {
    const codeArb = fc
      .tuple(
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdez'),
        fc.integer({ min: 0, max: 99 }),
        fc.option(fc.stringMatching(/^[0-9xX][0-9]{0,2}$/)),
      )
      .map(
        ([letter, n, detail]) =>
          `${letter}${String(n).padStart(2, '0')}${detail === null ? '' : `.${detail}`}`,
      );
    fc.assert(
      fc.property(codeArb, (raw) => {
        const once = normalizeIcdCode(raw);
        expect(once).not.toBeNull();
        expect(normalizeIcdCode(once)).toBe(once);
      }),
    );
  });
});

describe('code helpers', () => {
  it('detects coded diagnoses', () => {
    expect(isCodedDiagnosis('I10.x00')).toBe(true);
    expect(isCodedDiagnosis(' e11.9 ')).toBe(true);
    expect(isCodedDiagnosis(null)).toBe(false);
    expect(isCodedDiagnosis('')).toBe(false);
    expect(isCodedDiagnosis('糖尿病')).toBe(false);
  });

  it('splits category and detail', () => {
    expect(icdCategoryOf('C16.900')).toBe('C16');
    expect(icdDetailOf('C16.900')).toBe('900');
    expect(icdDetailOf('I10')).toBe('');
    expect(icdDetailOf('I10.x00x002')).toBe('x00x002');
  });

  it('compacts codes for prefix search', () => {
    expect(compactIcdCode('I10.x00')).toBe('i10x00');
    expect(compactIcdCode(' E11. 9')).toBe('e119');
  });
});
