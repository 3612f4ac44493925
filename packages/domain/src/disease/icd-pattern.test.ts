import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeIcdCode } from './icd-code.ts';
import { findMatchingPattern, isValidIcdPattern, matchesIcdPattern, parseIcdPattern } from './icd-pattern.ts';

function matches(code: string, pattern: string): boolean {
  const parsed = parseIcdPattern(pattern);
  const normalized = normalizeIcdCode(code);
  if (parsed === null || normalized === null) {
    throw new Error(`bad test input ${code} / ${pattern}`);
  }
  return matchesIcdPattern(normalized, parsed);
}

describe('parseIcdPattern', () => {
  it.each([
    ['C15', { kind: 'category', category: 'C15' }],
    ['Q21.0', { kind: 'subcategory', category: 'Q21', detailPrefix: '0' }],
    ['E11.900', { kind: 'subcategory', category: 'E11', detailPrefix: '900' }],
    ['C18-C20', { kind: 'range', from: 'C18', to: 'C20' }],
    ['C00-D09', { kind: 'range', from: 'C00', to: 'D09' }],
    ['I60-I60', { kind: 'range', from: 'I60', to: 'I60' }],
  ])('parses %s', (text, expected) => {
    expect(parseIcdPattern(text)).toEqual(expected);
  });

  it.each([
    'c15',
    'C1',
    'C15.',
    'C15.x',
    'C15.0000',
    'C20-C18',
    'I60.0-I60.9',
    'C15 ',
    'M9500/3',
    '',
  ])('rejects %j', (text) => {
    expect(parseIcdPattern(text)).toBeNull();
    expect(isValidIcdPattern(text)).toBe(false);
  });
});

describe('matchesIcdPattern', () => {
  it.each([
    ['C15.900', 'C15', true],
    ['C15', 'C15', true],
    ['C16.900', 'C15', false],
    ['Q21.000', 'Q21.0', true],
    ['Q21.0', 'Q21.0', true],
    ['Q21.001x002', 'Q21.0', true],
    ['Q21.100', 'Q21.0', false],
    ['Q21', 'Q21.0', false],
    ['Q21.x00', 'Q21.0', false],
    ['C17.900', 'C18-C20', false],
    ['C18.000', 'C18-C20', true],
    ['C19.x00', 'C18-C20', true],
    ['C20.x00', 'C18-C20', true],
    ['C21.000', 'C18-C20', false],
    ['I64.x00', 'I60-I64', true],
    ['I65.200', 'I60-I64', false],
    ['D05.900', 'C00-D09', true],
    ['D10.000', 'C00-D09', false],
    ['N18.500', 'N18.5', true],
    ['N18.400', 'N18.5', false],
  ])('%s against %s → %s', (code, pattern, expected) => {
    expect(matches(code, pattern)).toBe(expected);
  });

  it('a one-category range behaves like the category pattern', () => {
    const codeArb = fc
      .tuple(
        fc.constantFrom(...'ACEIJNQZ'),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(
        ([letter, n, detail]) => `${letter}${String(n).padStart(2, '0')}.${String(detail).padStart(3, '0')}`,
      );
    fc.assert(
      fc.property(codeArb, codeArb, (code, other) => {
        const category = other.slice(0, 3);
        expect(matches(code, `${category}-${category}`)).toBe(matches(code, category));
      }),
    );
  });
});

describe('findMatchingPattern', () => {
  it('returns the first matching pattern text in list order', () => {
    expect(findMatchingPattern('N18.500', ['N18.5', 'N18.0', 'Z49'])).toBe('N18.5');
    expect(findMatchingPattern('Z49.100', ['N18.5', 'N18.0', 'Z49'])).toBe('Z49');
    expect(findMatchingPattern('N18.400', ['N18.5', 'N18.0', 'Z49'])).toBeNull();
  });

  it('skips invalid patterns', () => {
    expect(findMatchingPattern('C15.900', ['c15', 'C15'])).toBe('C15');
  });
});
