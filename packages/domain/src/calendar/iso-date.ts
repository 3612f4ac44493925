/**
 * Calendar dates as 'YYYY-MM-DD' strings (proleptic Gregorian, years 0000–9999).
 *
 * All arithmetic goes through an integer "epoch day" (days since 1970-01-01) using
 * Howard Hinnant's days-from-civil / civil-from-days algorithms, so nothing here depends
 * on the process time zone or on a clock.
 */
export type IsoDate = string;

export type CivilDate = { year: number; month: number; day: number };

export const MS_PER_DAY = 86_400_000;

const MIN_YEAR = 0;
const MAX_YEAR = 9999;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_PER_ERA = 146_097;
/** Days from 0000-03-01 (start of the algorithm's era 0) to 1970-01-01. */
const EPOCH_SHIFT = 719_468;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) {
    return 29;
  }
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** True when the parts form a real calendar date in the supported year range. */
export function isCivilDate({ year, month, day }: CivilDate): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function parseIsoParts(value: string): CivilDate | null {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) {
    return null;
  }
  const civil = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isCivilDate(civil) ? civil : null;
}

/** True for a 'YYYY-MM-DD' string naming a real calendar date (leap years included). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseIsoParts(value) !== null;
}

/** Split an IsoDate into numbers; throws a RangeError naming the value when it is not a real date. */
export function toCivilDate(date: IsoDate): CivilDate {
  const civil = parseIsoParts(date);
  if (!civil) {
    throw new RangeError(`日期“${date}”无效：应为真实存在的 YYYY-MM-DD 日期`);
  }
  return civil;
}

/** Build an IsoDate from numbers; throws a RangeError when they do not form a real date. */
export function fromCivilDate(civil: CivilDate): IsoDate {
  if (!isCivilDate(civil)) {
    throw new RangeError(`日期 ${civil.year}-${civil.month}-${civil.day} 无效或超出 0000–9999 年范围`);
  }
  const pad = (n: number, width: number) => n.toString().padStart(width, '0');
  return `${pad(civil.year, 4)}-${pad(civil.month, 2)}-${pad(civil.day, 2)}`;
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = toCivilDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

/** Inverse of toEpochDay; throws a RangeError outside years 0000–9999. */
export function fromEpochDay(epochDay: number): IsoDate {
  if (!Number.isSafeInteger(epochDay)) {
    throw new RangeError(`天数“${epochDay}”必须是整数`);
  }
  const z = epochDay + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return fromCivilDate({ year, month, day });
}

function assertWholeNumber(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what}“${value}”必须是整数`);
  }
}

export function addDays(date: IsoDate, days: number): IsoDate {
  assertWholeNumber(days, '天数');
  return fromEpochDay(toEpochDay(date) + days);
}

/** Add calendar months, clamping to the last day of the target month: 2024-01-31 + 1 month = 2024-02-29. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  assertWholeNumber(months, '月数');
  const { year, month, day } = toCivilDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return fromCivilDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/** Add calendar years, clamping 02-29 to 02-28 in non-leap target years. */
export function addYears(date: IsoDate, years: number): IsoDate {
  assertWholeNumber(years, '年数');
  return addMonths(date, years * 12);
}

/** b − a in whole days (positive when b is later). */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** -1, 0 or 1; usable as an Array.prototype.sort comparator. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  return Math.sign(diffDays(b, a)) as -1 | 0 | 1;
}

export function yearOf(date: IsoDate): number {
  return toCivilDate(date).year;
}

/**
 * Age in completed years on a given date.
 * Rule: a birthday is reached when (month, day) of onDate is not before (month, day) of birthDate.
 * Hence someone born on 02-29 becomes a year older on 03-01 in non-leap years (02-28 is still
 * before 02-29), and on 02-29 itself in leap years.
 */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  const birth = toCivilDate(birthDate);
  const on = toCivilDate(onDate);
  if (diffDays(birthDate, onDate) < 0) {
    throw new RangeError(`计算年龄的日期${onDate}早于出生日期${birthDate}`);
  }
  const hasHadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hasHadBirthday ? 0 : 1);
}

/** The medical-insurance year is the calendar year: { from: 'YYYY-01-01', to: 'YYYY-12-31' }. */
export function insuranceYearBounds(year: number): { from: IsoDate; to: IsoDate } {
  return {
    from: fromCivilDate({ year, month: 1, day: 1 }),
    to: fromCivilDate({ year, month: 12, day: 31 }),
  };
}
