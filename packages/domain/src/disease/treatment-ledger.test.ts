import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/iso-date.ts';
import {
  daysInCurrentStatus,
  daysWaited,
  isTerminalTreatmentStatus,
  isTreatmentReasonRequired,
  openTreatmentCase,
  TERMINAL_TREATMENT_STATUSES,
  TREATMENT_OUTCOMES,
  TREATMENT_STATUSES,
  TREATMENT_TRANSITIONS,
  type TreatmentStatus,
  type TTreatmentCase,
  type TTreatmentChange,
  transitionTreatmentCase,
  treatmentRateOf,
  ZTreatmentCaseDetails,
} from './treatment-ledger.ts';

const OPENED = '2026-03-01';

function apply(current: TTreatmentCase, change: TTreatmentChange): TTreatmentCase {
  const result = transitionTreatmentCase(current, change);
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.value;
}

/** A case moved through `path` one day at a time, with a reason and outcome where required. */
function caseThrough(...path: TreatmentStatus[]): TTreatmentCase {
  return path.reduce((current, to, index) => {
    const reason = isTreatmentReasonRequired(current.status, to) ? '原因' : undefined;
    return apply(current, {
      to,
      date: addDays(OPENED, index + 1),
      ...(reason === undefined ? {} : { reason }),
      ...(to === 'treated' ? { outcome: 'improved' as const } : {}),
    });
  }, openTreatmentCase(OPENED));
}

describe('treatment status machine', () => {
  it('opens a case in 待救治 with one history event', () => {
    expect(openTreatmentCase(OPENED)).toEqual({
      status: 'waiting',
      statusDate: OPENED,
      reason: null,
      outcome: null,
      history: [{ status: 'waiting', date: OPENED, reason: null, outcome: null }],
    });
    expect(() => openTreatmentCase('2026-02-30')).toThrow('救治台账建档日期“2026-02-30”无效');
  });

  it('follows 待救治 → 救治中 → 已救治 and keeps the full history', () => {
    const treated = caseThrough('treating', 'treated');
    expect(treated).toMatchObject({ status: 'treated', statusDate: '2026-03-03', outcome: 'improved' });
    expect(treated.history.map((event) => event.status)).toEqual(['waiting', 'treating', 'treated']);
  });

  it.each<[TreatmentStatus, TreatmentStatus, boolean]>([
    ['waiting', 'treating', false],
    ['waiting', 'treated', false],
    ['waiting', 'not_ready', true],
    ['waiting', 'abandoned', true],
    ['waiting', 'dead', true],
    ['waiting', 'moved_out', true],
    ['treating', 'treated', false],
    ['treating', 'not_ready', true],
    ['treating', 'abandoned', true],
    ['treating', 'dead', true],
    ['treating', 'moved_out', true],
    ['treated', 'treating', true],
    ['treated', 'dead', true],
    ['treated', 'moved_out', true],
    ['not_ready', 'waiting', false],
    ['not_ready', 'treating', false],
    ['not_ready', 'abandoned', true],
    ['abandoned', 'waiting', false],
    ['abandoned', 'treating', false],
    ['abandoned', 'dead', true],
  ])('allows %s → %s (reason required: %s)', (from, to, isReasonRequired) => {
    const path: TreatmentStatus[] =
      from === 'waiting' ? [] : from === 'treated' ? ['treating', 'treated'] : [from];
    const current = caseThrough(...path);
    const change = { to, date: '2026-04-01', ...(to === 'treated' ? { outcome: 'cured' as const } : {}) };
    const withoutReason = transitionTreatmentCase(current, change);
    if (isReasonRequired) {
      expect(withoutReason).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
      expect(transitionTreatmentCase(current, { ...change, reason: '   ' }).ok).toBe(false);
      const withReason = apply(current, { ...change, reason: '  患者家属拒绝  ' });
      expect(withReason).toMatchObject({ status: to, reason: '患者家属拒绝', statusDate: '2026-04-01' });
    } else {
      expect(withoutReason).toMatchObject({ ok: true, value: { status: to, reason: null } });
    }
  });

  it.each<[TreatmentStatus[], TreatmentStatus, string]>([
    [[], 'waiting', '救治状态已是“待救治”，无需变更'],
    [['treating'], 'waiting', '救治状态：不能从“救治中”变更为“待救治”'],
    [['treating', 'treated'], 'waiting', '救治状态：不能从“已救治”变更为“待救治”'],
    [['treating', 'treated'], 'not_ready', '救治状态：不能从“已救治”变更为“暂不具备救治条件”'],
    [['not_ready'], 'treated', '救治状态：不能从“暂不具备救治条件”变更为“已救治”'],
    [['dead'], 'treating', '救治状态：不能从“死亡”变更为“救治中”'],
    [['dead'], 'moved_out', '救治状态：不能从“死亡”变更为“迁出”'],
    [['moved_out'], 'waiting', '救治状态：不能从“迁出”变更为“待救治”'],
  ])('after %j refuses → %s with a Chinese message', (path, to, message) => {
    const result = transitionTreatmentCase(caseThrough(...path), { to, date: '2026-04-01', reason: '原因' });
    expect(result).toMatchObject({ ok: false, error: { message } });
  });

  it('refuses bad dates, a date before the last change, and misplaced outcomes', () => {
    const treating = caseThrough('treating');
    expect(
      transitionTreatmentCase(treating, { to: 'treated', date: '2026/04/01', outcome: 'cured' }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_DATE',
        message: '救治状态变更日期“2026/04/01”无效：应为 YYYY-MM-DD 格式的有效日期',
      },
    });
    expect(
      transitionTreatmentCase(treating, { to: 'treated', date: '2026-03-01', outcome: 'cured' }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'DATE_BEFORE_PREVIOUS',
        message: '救治状态变更日期2026-03-01早于上一状态“救治中”的日期2026-03-02',
      },
    });
    expect(transitionTreatmentCase(treating, { to: 'treated', date: '2026-03-02' })).toMatchObject({
      ok: false,
      error: { code: 'OUTCOME_REQUIRED', message: '救治结果：变更为“已救治”时必须填写救治结果' },
    });
    expect(
      transitionTreatmentCase(treating, {
        to: 'abandoned',
        date: '2026-03-02',
        reason: '拒绝',
        outcome: 'cured',
      }),
    ).toMatchObject({ ok: false, error: { code: 'OUTCOME_NOT_ALLOWED' } });
  });

  it('has 死亡 and 迁出 as its only terminal statuses', () => {
    expect(TERMINAL_TREATMENT_STATUSES).toEqual(['dead', 'moved_out']);
    expect(isTerminalTreatmentStatus('dead')).toBe(true);
    expect(isTerminalTreatmentStatus('treated')).toBe(false);
  });
});

describe('treatment status machine: property', () => {
  const attempt = fc.record({
    to: fc.constantFrom(...TREATMENT_STATUSES),
    dayStep: fc.integer({ min: -3, max: 30 }),
    reason: fc.constantFrom(undefined, '', '  ', '病情需要'),
    outcome: fc.constantFrom(undefined, ...TREATMENT_OUTCOMES),
    badDate: fc.boolean(),
  });

  it('never reaches an invalid state, and terminal states stay terminal', () => {
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 40 }), (attempts) => {
        let current = openTreatmentCase(OPENED);
        for (const { to, dayStep, reason, outcome, badDate } of attempts) {
          const before = current;
          const change: TTreatmentChange = {
            to,
            date: badDate ? '2026-13-01' : addDays(current.statusDate, dayStep),
            ...(reason === undefined ? {} : { reason }),
            ...(outcome === undefined ? {} : { outcome }),
          };
          const result = transitionTreatmentCase(current, change);
          if (isTerminalTreatmentStatus(before.status)) {
            expect(result.ok).toBe(false);
          }
          if (!result.ok) {
            expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
            continue;
          }
          current = result.value;
          expect(TREATMENT_TRANSITIONS[before.status]).toContain(current.status);
          expect(current.statusDate >= before.statusDate).toBe(true);
          expect(current.history).toHaveLength(before.history.length + 1);
          if (isTreatmentReasonRequired(before.status, current.status)) {
            expect(current.reason?.trim()).toBeTruthy();
          }
          expect(current.outcome !== null).toBe(current.status === 'treated');
        }
        // The whole history is a valid walk of the machine with non-decreasing dates.
        const { history } = current;
        expect(history[0]?.status).toBe('waiting');
        expect(history.at(-1)).toEqual({
          status: current.status,
          date: current.statusDate,
          reason: current.reason,
          outcome: current.outcome,
        });
        history.slice(1).forEach((event, index) => {
          const previous = history[index];
          expect(previous && TREATMENT_TRANSITIONS[previous.status]).toContain(event.status);
          expect(previous && event.date >= previous.date).toBe(true);
        });
        const terminalAt = history.findIndex((event) => isTerminalTreatmentStatus(event.status));
        expect(terminalAt === -1 || terminalAt === history.length - 1).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('daysWaited never exceeds the days since the case was opened', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ to: fc.constantFrom(...TREATMENT_STATUSES), dayStep: fc.nat(20) }), {
          maxLength: 12,
        }),
        fc.nat(100),
        (steps, extraDays) => {
          let current = openTreatmentCase(OPENED);
          for (const { to, dayStep } of steps) {
            const result = transitionTreatmentCase(current, {
              to,
              date: addDays(current.statusDate, dayStep),
              reason: '原因',
              ...(to === 'treated' ? { outcome: 'cured' as const } : {}),
            });
            current = result.ok ? result.value : current;
          }
          const asOf = addDays(current.statusDate, extraDays);
          const waited = daysWaited(current, asOf);
          expect(waited).toBeGreaterThanOrEqual(0);
          expect(waited).toBeLessThanOrEqual(daysInCurrentStatus(openTreatmentCase(OPENED), asOf));
        },
      ),
    );
  });
});

describe('days waited (dates passed in, no clock)', () => {
  it('counts days in 待救治 up to asOf while still waiting', () => {
    const waiting = openTreatmentCase(OPENED);
    expect(daysWaited(waiting, OPENED)).toBe(0);
    expect(daysWaited(waiting, '2026-03-31')).toBe(30);
    expect(daysInCurrentStatus(waiting, '2026-03-31')).toBe(30);
  });

  it('stops counting when treatment starts and sums repeated waiting periods', () => {
    const treating = apply(openTreatmentCase(OPENED), { to: 'treating', date: '2026-03-11' });
    expect(daysWaited(treating, '2026-12-31')).toBe(10);
    const notReady = apply(openTreatmentCase(OPENED), {
      to: 'not_ready',
      date: '2026-03-05',
      reason: '需控制血糖',
    });
    const backToWaiting = apply(notReady, { to: 'waiting', date: '2026-04-05' });
    expect(daysWaited(backToWaiting, '2026-04-15')).toBe(4 + 10);
    expect(daysInCurrentStatus(backToWaiting, '2026-04-15')).toBe(10);
  });

  it('crosses month and leap-year ends', () => {
    expect(daysWaited(openTreatmentCase('2028-02-28'), '2028-03-01')).toBe(2);
    expect(daysWaited(openTreatmentCase('2026-12-31'), '2027-01-01')).toBe(1);
  });

  it('refuses an asOf before the last change or not a date', () => {
    const treating = apply(openTreatmentCase(OPENED), { to: 'treating', date: '2026-03-11' });
    expect(() => daysWaited(treating, '2026-03-10')).toThrow(
      '统计日期2026-03-10早于救治状态最近一次变更日期2026-03-11',
    );
    expect(() => daysInCurrentStatus(treating, 'today')).toThrow('统计日期“today”无效');
  });
});

describe('treatmentRateOf (救治率)', () => {
  it('counts 救治中 and 已救治 over cases other than 死亡 and 迁出', () => {
    expect(
      treatmentRateOf([
        'treating',
        'treated',
        'treated',
        'waiting',
        'not_ready',
        'abandoned',
        'dead',
        'moved_out',
      ]),
    ).toEqual({ treated: 3, base: 6, rateBp: 5000 });
    expect(treatmentRateOf(['treated', 'treated', 'waiting'])).toEqual({ treated: 2, base: 3, rateBp: 6667 });
    expect(treatmentRateOf(Array.from({ length: 719 }, () => 'treated' as const)).rateBp).toBe(10_000);
    expect(treatmentRateOf(['dead'])).toEqual({ treated: 0, base: 0, rateBp: null });
  });
});

describe('ZTreatmentCaseDetails', () => {
  it('keeps the cost quota in integer fen', () => {
    const details = {
      designatedHospitalCode: 'H130321001',
      costQuotaFen: 3_000_000,
      clinicalPathway: '胃癌根治术',
    };
    expect(ZTreatmentCaseDetails.parse(details)).toEqual(details);
    const fractional = ZTreatmentCaseDetails.safeParse({ ...details, costQuotaFen: 10.5 });
    expect(fractional.success).toBe(false);
    expect(fractional.error?.issues[0]?.message).toBe('费用定额必须是以分为单位的整数');
    expect(ZTreatmentCaseDetails.safeParse({ designatedHospitalCode: ' ' }).error?.issues[0]?.message).toBe(
      '定点医院不能为空',
    );
  });
});
