import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask-identity.ts';

describe('maskIdNumber', () => {
  it.each([
    ['13032119900101123X', '130321********123X'],
    ['130321650315021', '130321*****5021'],
    ['12345678901', '123456*8901'],
    ['1234567890', '**********'],
    ['A123456', '*******'],
    ['', ''],
  ])('%j → %s', (id, expected) => {
    expect(maskIdNumber(id)).toBe(expected);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['0335-7012345', '033*****2345'],
    ['12345678', '123*5678'],
    ['1234567', '*******'],
    ['', ''],
  ])('%j → %s', (phone, expected) => {
    expect(maskPhone(phone)).toBe(expected);
  });
});

describe('maskName', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['张三', '张*'],
    ['王', '*'],
    ['欧阳娜娜', '欧**娜'],
    ['买买提·艾力', '买****力'],
    [' 李四 ', '李*'],
    ['𠮷祥', '𠮷*'],
    ['', ''],
  ])('%j → %s', (name, expected) => {
    expect(maskName(name)).toBe(expected);
  });
});

describe('masking properties', () => {
  it('keeps the length and never reveals the whole value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }), (text) => {
        for (const mask of [maskIdNumber, maskPhone]) {
          const masked = mask(text);
          expect(masked).toHaveLength(text.length);
          expect(masked).toContain('*');
        }
      }),
    );
  });
});
