import { type IsoDate, yearOf } from '../calendar/iso-date.ts';
import { type Bp, divRoundHalfUp, ratioBp } from '../money/fen.ts';
import { SCREENING_RULES } from './eligibility.ts';
import {
  SCREENING_PROGRAMME_LABELS,
  type ScreeningProgramme,
  TARGET_BASIS_LABELS,
  type TargetBasis,
} from './vocabulary.ts';

/**
 * Completion of the screening programmes (domain.md §8): completion rate = screened ÷ target × 100 %.
 *
 * - Screened: persons, not tests. Of one subject's records in one programme and calendar year only the
 *   earliest valid one counts (a re-test, recall or second record is kept but not counted again).
 * - Target: set per township and year (a task number handed down, or the live births of the year for
 *   newborn programmes). A period inside one year is measured against that year's target (progress
 *   "截至X月底"); a period spanning years against the sum of their targets.
 */

export type CountableRecord = { id: number; screenedOn: IsoDate; isVoided: boolean };

/**
 * The records of ONE subject in ONE programme that count toward completion: per calendar year, the
 * earliest non-voided record (ties by id). Order-independent and idempotent.
 */
export function countedRecordIds(records: readonly CountableRecord[]): Set<number> {
  const firstByYear = new Map<number, CountableRecord>();
  for (const r of records) {
    if (r.isVoided) {
      continue;
    }
    const year = yearOf(r.screenedOn);
    const current = firstByYear.get(year);
    if (
      !current ||
      r.screenedOn < current.screenedOn ||
      (r.screenedOn === current.screenedOn && r.id < current.id)
    ) {
      firstByYear.set(year, r);
    }
  }
  return new Set([...firstByYear.values()].map((r) => r.id));
}

/** Calendar years touched by [from, to]. */
export function yearsOfPeriod(from: IsoDate, to: IsoDate): number[] {
  const years: number[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y += 1) {
    years.push(y);
  }
  return years;
}

export type YearTarget = { year: number; count: number };

/** The target a period is measured against: the sum of the yearly targets of the years it touches. */
export function targetForPeriod(targets: readonly YearTarget[], from: IsoDate, to: IsoDate): number {
  const years = new Set(yearsOfPeriod(from, to));
  return targets.filter((t) => years.has(t.year)).reduce((sum, t) => sum + t.count, 0);
}

/** Completion in basis points (screened ÷ target), half-up; null when there is no target. */
export function completionRateBp(screened: number, target: number): Bp | null {
  return ratioBp(screened, target);
}

/** A task set as a share of a population (e.g. 33 % of 低保 women aged 35–64), half-up. */
export function taskFromShare(population: number, shareBp: Bp): number {
  if (!Number.isSafeInteger(population) || population < 0) {
    throw new RangeError(`人数“${population}”必须是非负整数`);
  }
  return divRoundHalfUp(population * shareBp, 10_000);
}

export type TargetInput = {
  programme: ScreeningProgramme;
  year: number;
  basis: TargetBasis;
  count: number;
};

export const TARGET_YEAR_RANGE = { min: 2015, max: 2100 } as const;
export const TARGET_MAX_COUNT = 1_000_000;

/** Validation of one yearly target; messages name the programme and the reason. */
export function validateTarget(input: TargetInput): string[] {
  const name = SCREENING_PROGRAMME_LABELS[input.programme];
  const problems: string[] = [];
  if (
    !Number.isInteger(input.year) ||
    input.year < TARGET_YEAR_RANGE.min ||
    input.year > TARGET_YEAR_RANGE.max
  ) {
    problems.push(`${name}：年度“${input.year}”无效（${TARGET_YEAR_RANGE.min}–${TARGET_YEAR_RANGE.max}）`);
  }
  if (!Number.isInteger(input.count) || input.count < 0 || input.count > TARGET_MAX_COUNT) {
    problems.push(`${name}：目标数“${input.count}”应为0到${TARGET_MAX_COUNT}之间的整数`);
  }
  const expected = SCREENING_RULES[input.programme].targetBasis;
  if (input.basis !== expected) {
    problems.push(
      `${name}的目标应按${TARGET_BASIS_LABELS[expected]}下达，不能按${TARGET_BASIS_LABELS[input.basis]}`,
    );
  }
  return problems;
}
