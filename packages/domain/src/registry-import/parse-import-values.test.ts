import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText } from './parse-import-values.ts';

/** The cleaning rule itself, without the shortcut for text that is already clean. */
const cleaned = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\uFEFF]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();

/** Any Unicode scalar value (surrogate code points excluded). */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff);

describe('cellText', () => {
  it('full-width characters, zero-width characters and whitespace runs are cleaned', () => {
    expect(cellText('  张\u3000三  ')).toBe('张 三');
    expect(cellText('１３８０００００００１')).toBe('13800000001');
    expect(cellText('低保\u200B')).toBe('低保');
    expect(cellText('\uF900')).toBe('\u8C48');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('是');
    expect(cellText(null)).toBe('');
  });

  it('gives the cleaning rule’s result for any text, already clean or not (property)', () => {
    const alphabet = fc.constantFrom(
      ...'aZ09-_,.X',
      '张',
      '三',
      '\u9fa5',
      '\u4e00',
      ' ',
      '\t',
      '\u3000',
      '\u00a0',
      '１',
      'Ａ',
      '\u200b',
      '\ufeff',
      '\uf900',
      '\u2f00',
      'é',
      'e\u0301',
      '㈱',
      '\u2163',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        expect(cellText(text)).toBe(cleaned(text));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.array(anyCodePoint, { maxLength: 20 }), (points) => {
        const text = String.fromCodePoint(...points);
        expect(cellText(text)).toBe(cleaned(text));
      }),
      { numRuns: 1000 },
    );
  });
});
