import { describe, expect, it } from 'vitest';
import {
  addInterval,
  FOLLOW_UP_POLICY,
  isBpAtLeast,
  isBpBelow,
  ZFollowUpPolicy,
} from './follow-up-policy.ts';

describe('FOLLOW_UP_POLICY', () => {
  it('is valid against its own schema', () => {
    expect(ZFollowUpPolicy.parse(FOLLOW_UP_POLICY)).toEqual(FOLLOW_UP_POLICY);
  });

  it('rejects an override with a Chinese message naming the field', () => {
    const result = ZFollowUpPolicy.safeParse({
      ...FOLLOW_UP_POLICY,
      overdue: { ...FOLLOW_UP_POLICY.overdue, agreedToVisitHideDays: 400 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('同意就诊后隐藏天数应在0–366 天之间');
  });
});

describe('addInterval', () => {
  it.each([
    ['2024-01-01', { unit: 'day', count: 14 }, '2024-01-15'],
    ['2024-12-25', { unit: 'day', count: 10 }, '2025-01-04'],
    ['2024-11-30', { unit: 'month', count: 3 }, '2025-02-28'],
    ['2024-01-31', { unit: 'month', count: 1 }, '2024-02-29'],
  ] as const)('%s + %o = %s', (date, interval, expected) => {
    expect(addInterval(date, interval)).toBe(expected);
  });
});

describe('blood-pressure limits', () => {
  const limit = { systolic: 140, diastolic: 90 };
  it.each([
    [139, 89, true, false],
    [140, 89, false, true],
    [139, 90, false, true],
    [null, 89, false, false],
    [141, null, false, true],
  ])('%s/%s: below=%s, atLeast=%s', (systolic, diastolic, isBelow, isAtLeast) => {
    expect(isBpBelow({ systolic, diastolic }, limit)).toBe(isBelow);
    expect(isBpAtLeast({ systolic, diastolic }, limit)).toBe(isAtLeast);
  });
});
