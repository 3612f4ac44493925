import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from './iso-date.ts';
import { excelSerialToIsoDate, parseLooseDate } from './parse-loose-date.ts';

describe('parseLooseDate (text)', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024/03/05', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024年03月05日', '2024-03-05'],
    ['2024年3月5', '2024-03-05'],
    ['2024年3月5号', '2024-03-05'],
    ['  2024-3-5 ', '2024-03-05'],
    ['２０２４年３月５日', '2024-03-05'],
    ['２０２４－０３－０５', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['2024/2/29', '2024-02-29'],
  ])('%j → %s', (raw, expected) => {
    expect(parseLooseDate(raw)).toBe(expected);
  });

  it.each([
    '',
    'abc',
    '2023/2/29',
    '2024-13-01',
    '2024-3/5',
    '2024.03-05',
    '2024035',
    '202403051',
    '24-03-05',
    '2024/3/5/',
    '2024年13月1日',
    '3/5/2024',
    '45000',
  ])('rejects %j', (raw) => {
    expect(parseLooseDate(raw)).toBeNull();
  });

  it('reads back every ISO date and its slash form', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('1000-01-01'), max: toEpochDay('9999-12-31') }).map(fromEpochDay),
        (date) => {
          const [year, month, day] = date.split('-').map(Number);
          expect(parseLooseDate(date)).toBe(date);
          expect(parseLooseDate(`${year}/${month}/${day}`)).toBe(date);
          expect(parseLooseDate(date.replaceAll('-', ''))).toBe(date);
        },
      ),
    );
  });
});

describe('Excel serial dates (1900 date system)', () => {
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [25_569, '1970-01-01'],
    [45_000, '2023-03-15'],
    [45_000.75, '2023-03-15'],
    [45_351, '2024-02-29'],
    [45_352, '2024-03-01'],
    [2_958_465, '9999-12-31'],
  ])('serial %d → %s', (serial, expected) => {
    expect(parseLooseDate(serial)).toBe(expected);
    expect(excelSerialToIsoDate(serial)).toBe(expected);
  });

  it.each([
    0,
    60,
    60.5,
    -1,
    2_958_466,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ])('serial %d → null', (serial) => {
    expect(parseLooseDate(serial)).toBeNull();
  });

  it('consecutive serials after 60 are consecutive days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_464 }), (serial) => {
        const today = excelSerialToIsoDate(serial);
        const tomorrow = excelSerialToIsoDate(serial + 1);
        expect(today).not.toBeNull();
        expect(toEpochDay(tomorrow ?? '') - toEpochDay(today ?? '')).toBe(1);
      }),
    );
  });
});
