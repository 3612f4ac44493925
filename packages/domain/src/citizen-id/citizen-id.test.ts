import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from '../calendar/index.ts';
import { PROVINCE_CODES } from '../region-code/index.ts';
import {
  buildCitizenId,
  computeIdCheckChar,
  convertId15To18,
  normalizeIdInput,
  parseCitizenId,
} from './citizen-id.ts';

const TODAY = '2026-11-23';
const OPTIONS = { today: TODAY };

/** Half-width → full-width (as typed with a Chinese IME in full-width mode). */
const toFullWidth = (text: string) =>
  text.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

describe('computeIdCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['13032119900101127', 'X'],
    ['13032120000229124', '8'],
    ['00000000000000000', '1'],
  ])('%s → %s', (first17, expected) => {
    expect(computeIdCheckChar(first17)).toBe(expected);
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100X'])('rejects %j', (first17) => {
    expect(() => computeIdCheckChar(first17)).toThrow('应为17位数字');
  });
});

describe('normalizeIdInput', () => {
  it.each([
    ['13032119900101127x', '13032119900101127X'],
    [' 130321 19900101 127X\t', '13032119900101127X'],
    ['１３０３２１１９９００１０１１２７ｘ', '13032119900101127X'],
    ['130321\u3000199001011\u200B27X', '13032119900101127X'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeIdInput(raw)).toBe(expected);
  });
});

describe('parseCitizenId: valid numbers', () => {
  it.each([
    ['11010519491231002X', '110105', '1949-12-31', '002', 'F'],
    ['440524188001010014', '440524', '1880-01-01', '001', 'M'],
    ['13032119900101127X', '130321', '1990-01-01', '127', 'M'],
    ['130321200002291248', '130321', '2000-02-29', '124', 'F'],
    ['320902198507150351', '320902', '1985-07-15', '035', 'M'],
  ])('%s', (idNumber, addressCode, birthDate, sequence, sex) => {
    expect(parseCitizenId(idNumber, OPTIONS)).toEqual({
      ok: true,
      value: {
        idNumber,
        addressCode,
        countyCode: addressCode,
        provinceCode: addressCode.slice(0, 2),
        birthDate,
        sequence,
        sex,
      },
    });
  });

  it('accepts a person born today', () => {
    const id = buildCitizenId({ addressCode: '130321', birthDate: TODAY, sequence: 1 });
    expect(parseCitizenId(id, OPTIONS).ok).toBe(true);
  });

  it('converts a 15-digit legacy number and flags it', () => {
    const result = parseCitizenId('130321650315021', OPTIONS);
    expect(result).toEqual({
      ok: true,
      convertedFrom15: true,
      value: expect.objectContaining({ idNumber: '130321196503150217', birthDate: '1965-03-15', sex: 'M' }),
    });
  });

  it('does not flag an 18-character number', () => {
    expect(parseCitizenId('13032119900101127X', OPTIONS)).not.toHaveProperty('convertedFrom15');
  });

  it('rejects an invalid today', () => {
    expect(() => parseCitizenId('13032119900101127X', { today: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('parseCitizenId: each error has its own code and names the reason', () => {
  it.each([
    ['', 'ID_EMPTY', '身份证号不能为空'],
    ['   ', 'ID_EMPTY', '身份证号不能为空'],
    ['1303211990', 'ID_LENGTH', '身份证号应为18位（或15位旧号码），实际为10位'],
    ['1303211990010112701', 'ID_LENGTH', '身份证号应为18位（或15位旧号码），实际为19位'],
    ['13032119900101A27X', 'ID_CHARS', '身份证号第15位“A”无效：只能是数字，末位可以是X'],
    ['1303211990010112X7', 'ID_CHARS', '身份证号第17位“X”无效：只能是数字，末位可以是X'],
    ['13032119900101-27X', 'ID_CHARS', '身份证号第15位“-”无效：只能是数字，末位可以是X'],
    ['13032165031502X', 'ID_CHARS', '身份证号第15位“X”无效：15位旧号码只能是数字'],
    ['99032119900101127X', 'ID_ADDRESS', '地址码990321无效：省级代码“99”不存在（GB/T 2260）'],
    ['10032119900101127X', 'ID_ADDRESS', '地址码100321无效：省级代码“10”不存在（GB/T 2260）'],
    ['130321199002301230', 'ID_BIRTH_DATE', '出生日期19900230不是有效日期'],
    ['130321190002291230', 'ID_BIRTH_DATE', '出生日期19000229不是有效日期'],
    ['130321199013011230', 'ID_BIRTH_DATE', '出生日期19901301不是有效日期'],
    ['130321650230021', 'ID_BIRTH_DATE', '出生日期19650230不是有效日期'],
    ['130321202611241230', 'ID_BIRTH_FUTURE', '出生日期2026-11-24晚于今天（2026-11-23）'],
    ['130321187912311230', 'ID_BIRTH_TOO_OLD', '出生日期1879-12-31早于1880-01-01，不可能是在世人员'],
    ['130321199001011275', 'ID_CHECK_CHAR', '校验位应为X，实际为5'],
    ['11010519491231002０', 'ID_CHECK_CHAR', '校验位应为X，实际为0'],
    ['130321200002291240', 'ID_CHECK_CHAR', '校验位应为8，实际为0'],
  ])('%j → %s', (raw, code, message) => {
    expect(parseCitizenId(raw, OPTIONS)).toEqual({ ok: false, code, message });
  });
});

describe('buildCitizenId', () => {
  it.each([
    [{ addressCode: '110105', birthDate: '1949-12-31', sequence: 2 }, '11010519491231002X'],
    [{ addressCode: '110105', birthDate: '1949-12-31', sequence: '002' }, '11010519491231002X'],
    [{ addressCode: '440524', birthDate: '1880-01-01', sequence: 1 }, '440524188001010014'],
  ])('%j → %s', (parts, expected) => {
    expect(buildCitizenId(parts)).toBe(expected);
  });

  it.each([
    [{ addressCode: '13032', birthDate: '1990-01-01', sequence: 1 }, '地址码“13032”无效'],
    [{ addressCode: '130321', birthDate: '1990-02-30', sequence: 1 }, '出生日期“1990-02-30”无效'],
    [{ addressCode: '130321', birthDate: '1990-01-01', sequence: 1000 }, '顺序码“1000”无效'],
    [{ addressCode: '130321', birthDate: '1990-01-01', sequence: -1 }, '顺序码“-1”无效'],
    [{ addressCode: '130321', birthDate: '1990-01-01', sequence: '12' }, '顺序码“12”无效'],
  ])('rejects %j', (parts, message) => {
    expect(() => buildCitizenId(parts)).toThrow(message);
  });
});

describe('convertId15To18', () => {
  it('inserts 19 and appends the check character', () => {
    expect(convertId15To18('130321650315021')).toBe('130321196503150217');
  });

  it('rejects anything but 15 digits', () => {
    expect(() => convertId15To18('13032165031502')).toThrow('应为15位数字');
  });
});

const EARLIEST_DAY = toEpochDay('1880-01-01');
const TODAY_DAY = toEpochDay(TODAY);
const digits = (count: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: count, maxLength: count }).map((d) => d.join(''));

const anyIdParts = fc.record({
  addressCode: fc.tuple(fc.constantFrom(...PROVINCE_CODES), digits(4)).map(([p, rest]) => p + rest),
  birthDate: fc.integer({ min: EARLIEST_DAY, max: TODAY_DAY }).map(fromEpochDay),
  sequence: fc.integer({ min: 0, max: 999 }),
});
const anyValidId = anyIdParts.map(buildCitizenId);

describe('citizen ID properties', () => {
  it('build → parse round-trips address, birth date, sequence and sex', () => {
    fc.assert(
      fc.property(anyIdParts, (parts) => {
        const idNumber = buildCitizenId(parts);
        const result = parseCitizenId(idNumber, OPTIONS);
        expect(result.ok && result.value).toEqual({
          idNumber,
          addressCode: parts.addressCode,
          countyCode: parts.addressCode,
          provinceCode: parts.addressCode.slice(0, 2),
          birthDate: parts.birthDate,
          sequence: parts.sequence.toString().padStart(3, '0'),
          sex: parts.sequence % 2 === 1 ? 'M' : 'F',
        });
      }),
    );
  });

  it('changing any one character of a valid number is rejected', () => {
    const replacement = fc.constantFrom(...'0123456789X');
    fc.assert(
      fc.property(anyValidId, fc.integer({ min: 0, max: 17 }), replacement, (id, position, ch) => {
        fc.pre(id[position] !== ch);
        const changed = id.slice(0, position) + ch + id.slice(position + 1);
        expect(parseCitizenId(changed, OPTIONS).ok).toBe(false);
      }),
    );
  });

  it('accepts a lower-case x and stores it upper-case', () => {
    fc.assert(
      fc.property(anyValidId, (id) => {
        const result = parseCitizenId(id.toLowerCase(), OPTIONS);
        expect(result.ok && result.value.idNumber).toBe(id);
      }),
    );
  });

  it('full-width input with stray spaces parses the same as half-width', () => {
    fc.assert(
      fc.property(anyValidId, fc.integer({ min: 0, max: 18 }), (id, at) => {
        const typed = ` ${toFullWidth(id.slice(0, at))}\u3000${toFullWidth(id.slice(at))} `;
        expect(parseCitizenId(typed, OPTIONS)).toEqual(parseCitizenId(id, OPTIONS));
      }),
    );
  });

  it('an already clean number (fast path) parses exactly as the same number typed with stray characters', () => {
    const anyEighteen = fc
      .array(fc.constantFrom(...'0123456789X'), { minLength: 18, maxLength: 18 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(anyValidId, anyEighteen), (id) => {
        expect(parseCitizenId(id, OPTIONS)).toEqual(parseCitizenId(` ${id}\u200B`, OPTIONS));
      }),
    );
  });

  it('checks each call against its own today, whatever day the previous call used', () => {
    const id = buildCitizenId({ addressCode: '130321', birthDate: '2024-06-01', sequence: 1 });
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (afterBirth) => {
        for (const isAfter of afterBirth) {
          const today = isAfter ? '2024-06-02' : '2024-05-31';
          expect(parseCitizenId(id, { today }).ok).toBe(isAfter);
        }
      }),
    );
    parseCitizenId(id, { today: '2024-06-02' });
    expect(() => parseCitizenId(id, { today: '2024-02-30' })).toThrow('不是有效的 YYYY-MM-DD 日期');
  });

  it('a 15-digit number converts to 18 and parses as the same person', () => {
    const legacyParts = anyIdParts.filter((parts) => parts.birthDate.startsWith('19'));
    fc.assert(
      fc.property(legacyParts, (parts) => {
        const id18 = buildCitizenId(parts);
        const id15 = id18.slice(0, 6) + id18.slice(8, 17);
        expect(convertId15To18(id15)).toBe(id18);
        const result = parseCitizenId(id15, OPTIONS);
        expect(result).toEqual({
          ok: true,
          convertedFrom15: true,
          value: expect.objectContaining({ idNumber: id18 }),
        });
        expect(result).toEqual({ ...parseCitizenId(id18, OPTIONS), convertedFrom15: true });
      }),
    );
  });
});
