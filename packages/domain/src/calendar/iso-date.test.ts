import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  compareIsoDates,
  daysInMonth,
  diffDays,
  fromEpochDay,
  insuranceYearBounds,
  isIsoDate,
  isLeapYear,
  MS_PER_DAY,
  toCivilDate,
  toEpochDay,
  yearOf,
} from './iso-date.ts';

const MIN_DAY = toEpochDay('0000-01-01');
const MAX_DAY = toEpochDay('9999-12-31');
const anyIsoDate = fc.integer({ min: MIN_DAY, max: MAX_DAY }).map(fromEpochDay);
/** Years ≥ 100 so that Date.UTC (which maps 0–99 to 1900–1999) can serve as a reference. */
const modernIsoDate = fc.integer({ min: toEpochDay('0100-01-01'), max: MAX_DAY }).map(fromEpochDay);

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-28', true],
    ['0000-01-01', true],
    ['9999-12-31', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-1-05', false],
    ['20240105', false],
    ['2024-01-05T00:00:00Z', false],
    [' 2024-01-05', false],
    ['', false],
    [20240105, false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('leap years and month lengths', () => {
  it.each([
    [2024, true],
    [2023, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
  ])('isLeapYear(%i) = %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [2023, 4, 30],
    [2023, 12, 31],
    [2023, 13, 0],
  ])('daysInMonth(%i, %i) = %i', (year, month, expected) => {
    expect(daysInMonth(year, month)).toBe(expected);
  });
});

describe('epoch days', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2000-03-01', 11_017],
    ['2026-11-23', 20_780],
    ['1900-01-01', -25_567],
    ['0000-03-01', -719_468],
  ])('toEpochDay(%s) = %i', (date, day) => {
    expect(toEpochDay(date)).toBe(day);
    expect(fromEpochDay(day)).toBe(date);
  });

  it('agrees with Date.UTC for every date from year 100 on', () => {
    fc.assert(
      fc.property(modernIsoDate, (date) => {
        const { year, month, day } = toCivilDate(date);
        expect(toEpochDay(date)).toBe(Date.UTC(year, month - 1, day) / MS_PER_DAY);
      }),
    );
  });

  it('round-trips every day in 0000–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_DAY, max: MAX_DAY }), (day) => {
        const date = fromEpochDay(day);
        expect(isIsoDate(date)).toBe(true);
        expect(toEpochDay(date)).toBe(day);
      }),
    );
  });

  it('rejects days outside 0000–9999 and non-integers', () => {
    expect(() => fromEpochDay(MAX_DAY + 1)).toThrow(RangeError);
    expect(() => fromEpochDay(MIN_DAY - 1)).toThrow(RangeError);
    expect(() => fromEpochDay(1.5)).toThrow('必须是整数');
  });

  it('names the bad value when a date is invalid', () => {
    expect(() => toEpochDay('2023-02-29')).toThrow('日期“2023-02-29”无效');
  });
});

describe('addDays / diffDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2024-03-10', 0, '2024-03-10'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(diffDays(date, expected)).toBe(days);
  });

  it('diffDays is b − a', () => {
    expect(diffDays('2024-01-01', '2024-03-01')).toBe(60);
    expect(diffDays('2024-03-01', '2024-01-01')).toBe(-60);
  });

  it('rejects fractional day counts', () => {
    expect(() => addDays('2024-01-01', 0.5)).toThrow('天数“0.5”必须是整数');
  });

  it('addDays then diffDays gives the count back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('1800-01-01'), max: toEpochDay('2200-12-31') }).map(fromEpochDay),
        fc.integer({ min: -100_000, max: 100_000 }),
        (date, days) => {
          expect(diffDays(date, addDays(date, days))).toBe(days);
        },
      ),
    );
  });
});

describe('addMonths / addYears', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-11-15', 2, '2025-01-15'],
    ['2024-01-15', -1, '2023-12-15'],
    ['2024-05-20', 0, '2024-05-20'],
    ['2024-05-20', -25, '2022-04-20'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2024-02-29', -1, '2023-02-28'],
    ['2023-06-30', 10, '2033-06-30'],
  ])('addYears(%s, %i) = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });

  it('keeps the day of month unless the target month is shorter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2100-12-31') }).map(fromEpochDay),
        fc.integer({ min: -1200, max: 1200 }),
        (date, months) => {
          const source = toCivilDate(date);
          const target = toCivilDate(addMonths(date, months));
          expect(target.year * 12 + target.month - (source.year * 12 + source.month)).toBe(months);
          expect(target.day).toBe(Math.min(source.day, daysInMonth(target.year, target.month)));
        },
      ),
    );
  });
});

describe('compareIsoDates / yearOf', () => {
  it.each([
    ['2024-01-01', '2024-01-02', -1],
    ['2024-01-02', '2024-01-01', 1],
    ['2024-01-01', '2024-01-01', 0],
    ['1999-12-31', '2000-01-01', -1],
  ])('compareIsoDates(%s, %s) = %i', (a, b, expected) => {
    expect(compareIsoDates(a, b)).toBe(expected);
  });

  it('orders like the strings do', () => {
    fc.assert(
      fc.property(anyIsoDate, anyIsoDate, (a, b) => {
        expect(compareIsoDates(a, b)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it('sorts an array', () => {
    expect(['2024-03-01', '2023-12-31', '2024-01-15'].sort(compareIsoDates)).toEqual([
      '2023-12-31',
      '2024-01-15',
      '2024-03-01',
    ]);
  });

  it('reads the year', () => {
    expect(yearOf('2026-11-23')).toBe(2026);
  });
});

describe('ageOn', () => {
  it.each([
    ['1990-06-15', '2024-06-14', 33],
    ['1990-06-15', '2024-06-15', 34],
    ['1990-06-15', '2024-12-31', 34],
    ['2024-02-10', '2024-02-10', 0],
    ['2000-02-29', '2023-02-28', 22],
    ['2000-02-29', '2023-03-01', 23],
    ['2000-02-29', '2024-02-28', 23],
    ['2000-02-29', '2024-02-29', 24],
    ['1964-01-01', '2028-12-31', 64],
  ])('born %s, on %s → %i', (birth, on, expected) => {
    expect(ageOn(birth, on)).toBe(expected);
  });

  it('rejects a date before birth', () => {
    expect(() => ageOn('2020-05-01', '2020-04-30')).toThrow('早于出生日期');
  });

  it('is n on the n-th anniversary, except 02-29 births in non-leap years (one day short)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('1880-01-01'), max: toEpochDay('2100-12-31') }).map(fromEpochDay),
        fc.integer({ min: 0, max: 120 }),
        (birth, years) => {
          const anniversary = addYears(birth, years);
          const isShifted = birth.endsWith('-02-29') && !anniversary.endsWith('-02-29');
          expect(ageOn(birth, anniversary)).toBe(isShifted ? years - 1 : years);
          expect(ageOn(birth, addDays(anniversary, 1))).toBe(years);
        },
      ),
    );
  });
});

describe('insuranceYearBounds', () => {
  it('spans the calendar year', () => {
    expect(insuranceYearBounds(2024)).toEqual({ from: '2024-01-01', to: '2024-12-31' });
  });

  it.each([1.5, -1, 10_000])('rejects year %s', (year) => {
    expect(() => insuranceYearBounds(year)).toThrow(RangeError);
  });
});
