import { describe, expect, it } from 'vitest';
import { sanitizeSpreadsheetCell } from './sanitize-cell.ts';

describe('sanitizeSpreadsheetCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+86 138', "'+86 138"],
    ['-1+1', "'-1+1"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['张三', '张三'],
    ['130321199001011234', '130321199001011234'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeSpreadsheetCell(input)).toBe(expected);
  });

  it('leaves numbers, null and dates untouched', () => {
    expect(sanitizeSpreadsheetCell(-12)).toBe(-12);
    expect(sanitizeSpreadsheetCell(null)).toBeNull();
  });
});
