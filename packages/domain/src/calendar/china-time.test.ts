import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHINA_UTC_OFFSET_MS, chinaDateOf, chinaStartOfDay } from './china-time.ts';
import { addDays, fromEpochDay, MS_PER_DAY, toEpochDay } from './iso-date.ts';

describe('chinaDateOf', () => {
  it.each([
    ['2026-11-22T16:00:00.000Z', '2026-11-23'],
    ['2026-11-22T15:59:59.999Z', '2026-11-22'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
    ['1969-12-31T16:00:00.000Z', '1970-01-01'],
    ['2026-07-01T12:00:00+08:00', '2026-07-01'],
  ])('%s → %s', (instant, expected) => {
    expect(chinaDateOf(new Date(instant))).toBe(expected);
  });

  it('rejects an invalid Date', () => {
    expect(() => chinaDateOf(new Date(Number.NaN))).toThrow('时间无效');
  });
});

describe('chinaStartOfDay', () => {
  it.each([
    ['2026-11-23', '2026-11-22T16:00:00.000Z'],
    ['2024-03-01', '2024-02-29T16:00:00.000Z'],
    ['1970-01-01', '1969-12-31T16:00:00.000Z'],
  ])('%s starts at %s', (date, expected) => {
    expect(chinaStartOfDay(date).toISOString()).toBe(expected);
  });

  it('every instant of a China day maps back to that day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('1992-01-01'), max: toEpochDay('2100-12-31') }).map(fromEpochDay),
        fc.integer({ min: 0, max: MS_PER_DAY - 1 }),
        (date, offsetMs) => {
          const start = chinaStartOfDay(date).getTime();
          expect(chinaDateOf(new Date(start + offsetMs))).toBe(date);
          expect(chinaStartOfDay(addDays(date, 1)).getTime() - start).toBe(MS_PER_DAY);
        },
      ),
    );
  });

  it('uses a fixed UTC+8 offset', () => {
    expect(CHINA_UTC_OFFSET_MS).toBe(28_800_000);
  });
});
