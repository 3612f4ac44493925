import { fromCivilDate, fromEpochDay, type IsoDate, isCivilDate } from './iso-date.ts';

/** Excel serial 25569 is 1970-01-01 (for serials from 61 on). */
const EXCEL_SERIAL_OF_EPOCH = 25_569;
/** Serial 60 is Excel's fictitious 1900-02-29 (kept for Lotus 1-2-3 compatibility). */
const EXCEL_PHANTOM_LEAP_DAY = 60;
/** 9999-12-31, the last date Excel can show. */
const EXCEL_MAX_SERIAL = 2_958_465;

/**
 * Excel serial day number (1900 date system) → IsoDate, or null when the serial names no real day.
 * Serial 1 = 1900-01-01, 59 = 1900-02-28, 60 does not exist (Excel's 1900-02-29 bug), 61 = 1900-03-01,
 * 45000 = 2023-03-15. A fractional part (time of day) is ignored.
 */
export function excelSerialToIsoDate(serial: number): IsoDate | null {
  if (!Number.isFinite(serial)) {
    return null;
  }
  const whole = Math.floor(serial);
  if (whole < 1 || whole === EXCEL_PHANTOM_LEAP_DAY || whole > EXCEL_MAX_SERIAL) {
    return null;
  }
  const shift = whole < EXCEL_PHANTOM_LEAP_DAY ? 1 : 0;
  return fromEpochDay(whole - EXCEL_SERIAL_OF_EPOCH + shift);
}

/** Accepted text forms, tried in order; each captures year, month and day. */
const LOOSE_DATE_PATTERNS: readonly RegExp[] = [
  /^(?<year>\d{4})(?<sep>[-/.])(?<month>\d{1,2})\k<sep>(?<day>\d{1,2})$/,
  /^(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})$/,
  /^(?<year>\d{4})年(?<month>\d{1,2})月(?<day>\d{1,2})[日号]?$/,
];

/**
 * Read a date as people and spreadsheets write it: '2024-03-05', '2024/3/5', '2024.3.5', '20240305',
 * '2024年3月5日' (full-width digits and spaces tolerated), or an Excel serial day number.
 * Returns null for anything that is not a real calendar date.
 */
export function parseLooseDate(raw: string | number): IsoDate | null {
  if (typeof raw === 'number') {
    return excelSerialToIsoDate(raw);
  }
  const text = raw.normalize('NFKC').replace(/\s+/gu, '');
  for (const pattern of LOOSE_DATE_PATTERNS) {
    const groups = pattern.exec(text)?.groups;
    if (groups) {
      const civil = { year: Number(groups.year), month: Number(groups.month), day: Number(groups.day) };
      return isCivilDate(civil) ? fromCivilDate(civil) : null;
    }
  }
  return null;
}
