import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/iso-date.ts';
import { summarizeRectification, type TProblemFacts } from './rectification.ts';

const p = (foundOn: string, closedOn: string | null, deadline = addDays(foundOn, 30)): TProblemFacts => ({
  foundOn,
  closedOn,
  deadline,
});
const Q1 = { from: '2026-01-01', to: '2026-03-31' };

describe('问题整改率 and 清零', () => {
  it('counts problems found in the period and closed by its end', () => {
    const problems = [
      p('2026-01-05', '2026-01-20'), // found and closed in Q1
      p('2026-02-10', '2026-03-31'), // closed on the last day: counts
      p('2026-03-01', '2026-04-02'), // closed after Q1: open for Q1
      p('2026-03-15', null, '2026-03-20'), // open and overdue on 03-31
      p('2025-12-20', '2026-01-10'), // found before the period: not in the rate
    ];
    expect(summarizeRectification(problems, Q1)).toEqual({
      found: 4,
      closed: 2,
      rateBp: 5_000,
      open: 2,
      overdue: 1,
      clearance: 'not_cleared',
    });
  });

  it('is cleared when nothing found up to the end of the period is still open', () => {
    const problems = [p('2025-11-01', '2025-12-01'), p('2026-02-01', '2026-02-20')];
    expect(summarizeRectification(problems, Q1)).toMatchObject({
      open: 0,
      clearance: 'cleared',
      rateBp: 10_000,
    });
  });

  it('keeps an old open problem against 清零 though it is outside the period', () => {
    const summary = summarizeRectification([p('2025-10-01', null, '2025-10-31')], Q1);
    expect(summary).toEqual({
      found: 0,
      closed: 0,
      rateBp: null,
      open: 1,
      overdue: 1,
      clearance: 'not_cleared',
    });
  });

  it('has no rate and no clearance without problems', () => {
    expect(summarizeRectification([], Q1)).toEqual({
      found: 0,
      closed: 0,
      rateBp: null,
      open: 0,
      overdue: 0,
      clearance: 'no_problems',
    });
    // A problem found after the period does not exist yet on its last day.
    expect(summarizeRectification([p('2026-04-01', null)], Q1).clearance).toBe('no_problems');
  });

  it('never closes more than it found, and sums over regions (property)', () => {
    const day = fc.integer({ min: 0, max: 200 }).map((n) => addDays('2025-12-01', n));
    const problem = fc
      .tuple(day, fc.option(fc.integer({ min: 0, max: 120 })), fc.integer({ min: 0, max: 60 }))
      .map(([foundOn, closedAfter, days]) =>
        p(foundOn, closedAfter === null ? null : addDays(foundOn, closedAfter), addDays(foundOn, days)),
      );
    fc.assert(
      fc.property(fc.array(problem), fc.array(problem), (a, b) => {
        const all = summarizeRectification([...a, ...b], Q1);
        const sa = summarizeRectification(a, Q1);
        const sb = summarizeRectification(b, Q1);
        expect(all.closed).toBeLessThanOrEqual(all.found);
        expect(all.overdue).toBeLessThanOrEqual(all.open);
        expect([all.found, all.closed, all.open]).toEqual([
          sa.found + sb.found,
          sa.closed + sb.closed,
          sa.open + sb.open,
        ]);
        expect(all.clearance === 'not_cleared').toBe(
          sa.clearance === 'not_cleared' || sb.clearance === 'not_cleared',
        );
      }),
    );
  });
});
