import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTenths, parseTenths } from './measurement.ts';

describe('parseTenths', () => {
  it.each([
    ['6.9', 69],
    ['7', 70],
    ['7.0', 70],
    ['16.7', 167],
    [' 3.9 ', 39],
    ['０.５', 5],
    ['33.3', 333],
  ])('%s → %i', (text, expected) => {
    expect(parseTenths(text)).toBe(expected);
  });

  it.each(['', '6.95', '-1', '7.', '.5', 'abc', '1e2', '6,9'])('rejects %j', (text) => {
    expect(parseTenths(text)).toBeNull();
  });
});

describe('formatTenths', () => {
  it.each([
    [69, '6.9'],
    [70, '7.0'],
    [5, '0.5'],
    [167, '16.7'],
    [-15, '-1.5'],
  ])('%i → %s', (value, expected) => {
    expect(formatTenths(value)).toBe(expected);
  });

  it('rejects a non-integer with a Chinese message', () => {
    expect(() => formatTenths(6.9)).toThrow('测量值“6.9”必须是以0.1为单位的整数');
  });

  it('round-trips every value a form can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (tenths) => {
        expect(parseTenths(formatTenths(tenths))).toBe(tenths);
      }),
    );
  });
});
