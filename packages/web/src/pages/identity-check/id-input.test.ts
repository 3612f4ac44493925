import { describe, expect, it } from 'vitest';
import { extractIdList, normalizeScannedId } from './id-input.ts';

const ID = '130321195802030123';
const ID_X = '13032119580203012X';

describe('normalizeScannedId (card reader and typed input)', () => {
  it.each([
    [ID, ID],
    ['１３０３２１１９５８０２０３０１２３', ID],
    ['13032119580203012x', ID_X],
    ['13032119580203012ｘ', ID_X],
    ['13032119580203012Ｘ', ID_X],
    [' 1303 2119 5802 0301 23 ', ID],
    [`${ID}\r`, ID],
    [`\u0002${ID}\u0003`, ID],
    ['130321 19580203 012x\n', ID_X],
    [`身份证号：${ID}`, ID],
    [`张三,${ID},男`, ID],
    ['ID:13032119580203012x;', ID_X],
    ['\u200B130321195802030123\uFEFF', ID],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeScannedId(raw)).toBe(expected);
  });

  it('leaves input without exactly one ID number cleaned but otherwise as it is, for validation to explain', () => {
    expect(normalizeScannedId('12345')).toBe('12345');
    expect(normalizeScannedId('1303211958020301234')).toBe('1303211958020301234');
    expect(normalizeScannedId('abc')).toBe('ABC');
    expect(normalizeScannedId(`${ID} ${ID_X}`)).toBe(`${ID}${ID_X}`);
    expect(normalizeScannedId('')).toBe('');
  });

  it('is idempotent', () => {
    for (const raw of [ID, '１３０３２１１９５８０２０３０１２ｘ', `身份证：${ID_X}`, '12 34']) {
      const once = normalizeScannedId(raw);
      expect(normalizeScannedId(once)).toBe(once);
    }
  });
});

describe('extractIdList (pasted lists and uploaded files)', () => {
  it('takes one ID per line, or several per line among other columns, keeping order and duplicates', () => {
    const text = ['身份证号,姓名', `${ID},张三`, `李四,13032119580203012x`, '', ID, `${ID}\t${ID_X}`].join(
      '\r\n',
    );
    expect(extractIdList(text)).toEqual([ID, ID_X, ID, ID, ID_X]);
  });

  it('splits on commas, semicolons and Chinese punctuation, normalising each entry', () => {
    expect(extractIdList(`${ID}，１３０３２１１９５８０２０３０１２ｘ；1303211958020301`)).toEqual([
      ID,
      ID_X,
      '1303211958020301',
    ]);
    expect(extractIdList('12345、13032119580203012x')).toEqual([ID_X]);
    expect(extractIdList('12345、6789')).toEqual(['12345', '6789']);
  });

  it('skips the other columns of a file line that holds an ID number', () => {
    expect(extractIdList(`张三,${ID},13800000000,67`)).toEqual([ID]);
  });

  it('keeps mistyped entries (they get their own error) and skips header words', () => {
    expect(extractIdList('身份证号\n13032119580203\n\n姓名')).toEqual(['13032119580203']);
  });
});
