import { fromEpochDay, type IsoDate, MS_PER_DAY, toEpochDay } from './iso-date.ts';

/**
 * China Standard Time is UTC+8 all year: there has been no daylight saving time since 1991.
 * (Instants in the summers of 1986–1991, when China did observe DST, are treated as UTC+8 too;
 * the registry stores dates, not instants, for that period.)
 */
export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

function instantMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError('时间无效：不是有效的时刻');
  }
  return ms;
}

/** The calendar date in Asia/Shanghai at an instant: 2026-11-22T16:00:00Z → '2026-11-23'. */
export function chinaDateOf(instant: Date): IsoDate {
  return fromEpochDay(Math.floor((instantMs(instant) + CHINA_UTC_OFFSET_MS) / MS_PER_DAY));
}

/** The instant at which a date begins in China (00:00 UTC+8 = 16:00 UTC the day before). */
export function chinaStartOfDay(date: IsoDate): Date {
  return new Date(toEpochDay(date) * MS_PER_DAY - CHINA_UTC_OFFSET_MS);
}
