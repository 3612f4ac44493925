/**
 * Spreadsheet-formula injection guard for exports: a text cell starting with = + - @ (or a tab /
 * carriage return) would be run as a formula by Excel/WPS. Such text is prefixed with an apostrophe
 * so it shows literally. Numbers are left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function sanitizeSpreadsheetCell<T>(value: T): T | string {
  if (typeof value === 'string' && FORMULA_START.test(value)) {
    return `'${value}`;
  }
  return value;
}
