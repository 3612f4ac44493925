/**
 * 问题整改率 and 清零 of a region, computed from its problems (the SQL source of the indicator catalogue's
 * `rectification_rate` computes the same figures; the int tests compare both on a fixture).
 *
 * - Period semantics: a problem belongs to the period in which it was found ([from, to]); it counts as
 *   rectified when it was closed (已销号) on or before `to`. A problem found in the period and closed
 *   after `to` is open for that period.
 * - 清零 is a state on `to`: no problem found on or before `to` (in any period) is still open on `to`.
 */
import type { IsoDate } from '../calendar/iso-date.ts';
import { type Bp, ratioBp } from '../money/fen.ts';

export type TProblemFacts = { foundOn: IsoDate; closedOn: IsoDate | null; deadline: IsoDate };

export const CLEARANCE_STATUSES = ['cleared', 'not_cleared', 'no_problems'] as const;
export type ClearanceStatus = (typeof CLEARANCE_STATUSES)[number];
export const CLEARANCE_LABELS: Readonly<Record<ClearanceStatus, string>> = {
  cleared: '已清零',
  not_cleared: '未清零',
  no_problems: '未发现问题',
};

export type TRectificationSummary = {
  /** Problems found in [from, to] (the rate's denominator). */
  found: number;
  /** Of those, closed on or before `to` (the numerator). */
  closed: number;
  /** 问题整改率 in basis points; null when nothing was found. */
  rateBp: Bp | null;
  /** Problems found on or before `to` (any period) still open on `to`. */
  open: number;
  /** Of the open ones, those past their deadline on `to`. */
  overdue: number;
  clearance: ClearanceStatus;
};

function isOpenOn(problem: TProblemFacts, date: IsoDate): boolean {
  return problem.foundOn <= date && (problem.closedOn === null || problem.closedOn > date);
}

export function summarizeRectification(
  problems: Iterable<TProblemFacts>,
  period: { from: IsoDate; to: IsoDate },
): TRectificationSummary {
  let found = 0;
  let closed = 0;
  let open = 0;
  let overdue = 0;
  let everFound = 0;
  for (const problem of problems) {
    if (problem.foundOn <= period.to) {
      everFound += 1;
    }
    if (problem.foundOn >= period.from && problem.foundOn <= period.to) {
      found += 1;
      if (problem.closedOn !== null && problem.closedOn <= period.to) {
        closed += 1;
      }
    }
    if (isOpenOn(problem, period.to)) {
      open += 1;
      if (problem.deadline < period.to) {
        overdue += 1;
      }
    }
  }
  return {
    found,
    closed,
    rateBp: ratioBp(closed, found),
    open,
    overdue,
    clearance: open > 0 ? 'not_cleared' : everFound > 0 ? 'cleared' : 'no_problems',
  };
}
