import { compareIsoDates, type IsoDate } from '../calendar/index.ts';
import type { RegistryCategory } from './vocabulary.ts';

/**
 * Effective-dated person categories. A period is valid from `validFrom` to `validTo`, both inclusive;
 * `validTo = null` means open-ended. "Which categories did this person have on date D" is
 * `categoriesOnDate(periods, D)`.
 */
export type CategoryPeriod = {
  category: RegistryCategory;
  validFrom: IsoDate;
  validTo: IsoDate | null;
};

/** True when the period covers `date` (bounds inclusive). */
export function isPeriodActiveOn(
  period: Pick<CategoryPeriod, 'validFrom' | 'validTo'>,
  date: IsoDate,
): boolean {
  return (
    compareIsoDates(period.validFrom, date) <= 0 &&
    (period.validTo === null || compareIsoDates(date, period.validTo) <= 0)
  );
}

/** The distinct categories active on `date`, in the order of first appearance. */
export function categoriesOnDate(periods: readonly CategoryPeriod[], date: IsoDate): RegistryCategory[] {
  const result: RegistryCategory[] = [];
  for (const period of periods) {
    if (isPeriodActiveOn(period, date) && !result.includes(period.category)) {
      result.push(period.category);
    }
  }
  return result;
}

/** Two inclusive date ranges share at least one day. */
export function periodsOverlap(
  a: Pick<CategoryPeriod, 'validFrom' | 'validTo'>,
  b: Pick<CategoryPeriod, 'validFrom' | 'validTo'>,
): boolean {
  const aStartsBeforeBEnds = b.validTo === null || compareIsoDates(a.validFrom, b.validTo) <= 0;
  const bStartsBeforeAEnds = a.validTo === null || compareIsoDates(b.validFrom, a.validTo) <= 0;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/**
 * The first existing period of the same category that overlaps `candidate` (a person cannot hold the
 * same category twice on one day), or null. Pass the candidate's own id as `ignoreId` when editing it.
 */
export function findOverlappingPeriod<T extends CategoryPeriod & { id?: number | string }>(
  existing: readonly T[],
  candidate: CategoryPeriod,
  ignoreId?: number | string,
): T | null {
  return (
    existing.find(
      (period) =>
        period.category === candidate.category &&
        (ignoreId === undefined || period.id !== ignoreId) &&
        periodsOverlap(period, candidate),
    ) ?? null
  );
}
