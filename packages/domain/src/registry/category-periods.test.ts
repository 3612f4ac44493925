import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay, toEpochDay } from '../calendar/index.ts';
import {
  type CategoryPeriod,
  categoriesOnDate,
  findOverlappingPeriod,
  isPeriodActiveOn,
  periodsOverlap,
} from './category-periods.ts';

const p = (
  category: CategoryPeriod['category'],
  validFrom: string,
  validTo: string | null,
): CategoryPeriod => ({
  category,
  validFrom,
  validTo,
});

describe('isPeriodActiveOn', () => {
  it.each([
    ['2020-01-01', '2020-12-31', '2019-12-31', false],
    ['2020-01-01', '2020-12-31', '2020-01-01', true],
    ['2020-01-01', '2020-12-31', '2020-12-31', true],
    ['2020-01-01', '2020-12-31', '2021-01-01', false],
    ['2020-01-01', null, '2099-01-01', true],
  ])('[%s, %s] on %s → %s', (from, to, date, expected) => {
    expect(isPeriodActiveOn({ validFrom: from, validTo: to }, date)).toBe(expected);
  });
});

describe('categoriesOnDate', () => {
  const periods = [
    p('poor_registered', '2016-01-01', '2020-12-31'),
    p('poverty_exited', '2021-01-01', null),
    p('dibao', '2018-05-01', '2022-04-30'),
    p('dibao', '2023-01-01', null),
  ];

  it.each([
    ['2015-12-31', []],
    ['2016-01-01', ['poor_registered']],
    ['2020-12-31', ['poor_registered', 'dibao']],
    ['2021-01-01', ['poverty_exited', 'dibao']],
    ['2022-05-01', ['poverty_exited']],
    ['2023-01-01', ['poverty_exited', 'dibao']],
  ])('on %s', (date, expected) => {
    expect(categoriesOnDate(periods, date)).toEqual(expected);
  });
});

describe('periodsOverlap / findOverlappingPeriod', () => {
  it('touching inclusive bounds overlap, adjacent days do not', () => {
    expect(periodsOverlap(p('dibao', '2020-01-01', '2020-06-30'), p('dibao', '2020-06-30', null))).toBe(true);
    expect(periodsOverlap(p('dibao', '2020-01-01', '2020-06-30'), p('dibao', '2020-07-01', null))).toBe(
      false,
    );
    expect(periodsOverlap(p('dibao', '2020-01-01', null), p('dibao', '2030-01-01', null))).toBe(true);
  });

  it('only the same category conflicts, and the edited period is ignored', () => {
    const existing = [
      { id: 1, ...p('dibao', '2020-01-01', null) },
      { id: 2, ...p('tekun', '2020-01-01', null) },
    ];
    expect(findOverlappingPeriod(existing, p('severe_disability', '2021-01-01', null))).toBeNull();
    expect(findOverlappingPeriod(existing, p('dibao', '2021-01-01', null))?.id).toBe(1);
    expect(findOverlappingPeriod(existing, p('dibao', '2021-01-01', null), 1)).toBeNull();
  });

  it('property: overlap is symmetric and agrees with a shared active day', () => {
    const day = fc.integer({ min: toEpochDay('2000-01-01'), max: toEpochDay('2030-12-31') });
    const period = fc
      .tuple(day, fc.option(fc.integer({ min: 0, max: 800 })))
      .map(([start, length]) =>
        p('dibao', fromEpochDay(start), length === null ? null : addDays(fromEpochDay(start), length)),
      );
    fc.assert(
      fc.property(period, period, (a, b) => {
        const overlap = periodsOverlap(a, b);
        expect(periodsOverlap(b, a)).toBe(overlap);
        const laterStart = a.validFrom > b.validFrom ? a.validFrom : b.validFrom;
        expect(isPeriodActiveOn(a, laterStart) && isPeriodActiveOn(b, laterStart)).toBe(overlap);
      }),
    );
  });
});
