import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay, toEpochDay } from '../calendar/iso-date.ts';
import {
  applyCallOutcome,
  assessRisk,
  type CallState,
  INITIAL_CALL_STATE,
  isHiddenOn,
  type OverdueCandidate,
  rankOverdue,
  summariseFollowUps,
} from './overdue-list.ts';

describe('assessRisk', () => {
  const NO_HISTORY = { hasStrokeOrHeartAttack: false };

  it.each([
    [{ systolic: 179, diastolic: 109 }, NO_HISTORY, []],
    [{ systolic: 180, diastolic: 100 }, NO_HISTORY, ['bp_very_high']],
    [{ systolic: 150, diastolic: 110 }, NO_HISTORY, ['bp_very_high']],
    [{ systolic: 139, diastolic: 89 }, { hasStrokeOrHeartAttack: true }, []],
    [{ systolic: 140, diastolic: 80 }, { hasStrokeOrHeartAttack: true }, ['cardiovascular_bp_high']],
    [{ systolic: 130, diastolic: 90 }, { hasStrokeOrHeartAttack: true }, ['cardiovascular_bp_high']],
    [{ systolic: 140, diastolic: 90 }, NO_HISTORY, []],
    [
      { systolic: 185, diastolic: 100 },
      { hasStrokeOrHeartAttack: true },
      ['bp_very_high', 'cardiovascular_bp_high'],
    ],
    [
      { fastingGlucoseTenths: 70 },
      { ...NO_HISTORY, earlierVisits: [{ fastingGlucoseTenths: 70 }] },
      ['glucose_uncontrolled'],
    ],
    [{ fastingGlucoseTenths: 70 }, { ...NO_HISTORY, earlierVisits: [{ fastingGlucoseTenths: 69 }] }, []],
    [{ fastingGlucoseTenths: 69 }, { ...NO_HISTORY, earlierVisits: [{ fastingGlucoseTenths: 90 }] }, []],
    [{ fastingGlucoseTenths: 90 }, NO_HISTORY, []],
    [
      { fastingGlucoseTenths: 80 },
      { ...NO_HISTORY, earlierVisits: [{ systolic: 130, diastolic: 80 }, { fastingGlucoseTenths: 75 }] },
      ['glucose_uncontrolled'],
    ],
    [{ fastingGlucoseTenths: 166 }, NO_HISTORY, []],
    [{ fastingGlucoseTenths: 167 }, NO_HISTORY, ['glucose_very_high']],
  ] as const)('%o with %o → %o', (lastVisit, history, reasons) => {
    expect(assessRisk(lastVisit, history)).toEqual({ isHighRisk: reasons.length > 0, reasons });
  });

  it('no visit yet is not high risk', () => {
    expect(assessRisk(null, { hasStrokeOrHeartAttack: true })).toEqual({ isHighRisk: false, reasons: [] });
  });
});

describe('applyCallOutcome and isHiddenOn', () => {
  const CALLED_ON = '2025-03-01';

  it.each([
    ['agreed_to_visit', 6, true],
    ['agreed_to_visit', 7, false],
    ['remind_later', 29, true],
    ['remind_later', 30, false],
    ['unreachable', 0, false],
    ['unreachable', 1, false],
  ] as const)('%s: day +%i hidden=%s', (outcome, offset, isHidden) => {
    const state = applyCallOutcome({ outcome, calledOn: CALLED_ON });
    expect(isHiddenOn(state, addDays(CALLED_ON, offset))).toBe(isHidden);
  });

  it('records the hiding window as an exclusive end date', () => {
    expect(applyCallOutcome({ outcome: 'agreed_to_visit', calledOn: CALLED_ON }).hiddenUntil).toBe(
      '2025-03-08',
    );
    expect(applyCallOutcome({ outcome: 'remind_later', calledOn: CALLED_ON }).hiddenUntil).toBe('2025-03-31');
  });

  it('counts consecutive unreachable calls and resets when reached', () => {
    const first = applyCallOutcome({ outcome: 'unreachable', calledOn: '2025-03-01' });
    const second = applyCallOutcome({ outcome: 'unreachable', calledOn: '2025-03-02', previous: first });
    expect(second).toEqual({
      ...INITIAL_CALL_STATE,
      unreachableAttempts: 2,
      lastOutcome: 'unreachable',
      lastCalledOn: '2025-03-02',
    });
    const reached = applyCallOutcome({ outcome: 'remind_later', calledOn: '2025-03-03', previous: second });
    expect(reached.unreachableAttempts).toBe(0);
  });

  it('an unreachable call ends an earlier hiding window', () => {
    const agreed = applyCallOutcome({ outcome: 'agreed_to_visit', calledOn: '2025-03-01' });
    const unreachable = applyCallOutcome({
      outcome: 'unreachable',
      calledOn: '2025-03-03',
      previous: agreed,
    });
    expect(isHiddenOn(unreachable, '2025-03-04')).toBe(false);
  });

  it.each([
    ['moved', 'moved'],
    ['dead', 'death'],
  ] as const)('%s ends management for good', (outcome, endReason) => {
    const ended = applyCallOutcome({ outcome, calledOn: CALLED_ON });
    expect(ended).toMatchObject({ isManagementEnded: true, endReason, hiddenUntil: null });
    expect(isHiddenOn(ended, '2030-01-01')).toBe(true);
    const later = applyCallOutcome({ outcome: 'agreed_to_visit', calledOn: '2025-04-01', previous: ended });
    expect(later).toMatchObject({ isManagementEnded: true, endReason });
  });

  it('no call state is never hidden', () => {
    expect(isHiddenOn(null, CALLED_ON)).toBe(false);
    expect(isHiddenOn(undefined, CALLED_ON)).toBe(false);
  });
});

describe('rankOverdue', () => {
  const TODAY = '2025-06-30';
  const item = (id: string, name: string, dueDate: string, isHighRisk = false, callState?: CallState) => ({
    id,
    name,
    dueDate,
    isHighRisk,
    callState,
  });

  it('orders by high risk (≥30 days overdue), then days overdue, then name, then id', () => {
    const ranked = rankOverdue(
      [
        item('a', '王芳', '2025-06-20'),
        item('b', '李强', '2025-03-01'),
        item('c', '张伟', '2025-05-31', true),
        item('d', '赵敏', '2025-06-10', true),
        item('e', '陈静', '2025-05-01'),
        item('f', '安娜', '2025-05-01'),
        item('g', '安娜', '2025-05-01'),
        item('h', '刘洋', '2025-04-01', true),
      ],
      TODAY,
    );
    expect(ranked.map((r) => [r.id, r.daysOverdue, r.isHighRiskOverdue])).toEqual([
      ['h', 90, true],
      ['c', 30, true],
      ['b', 121, false],
      ['f', 60, false],
      ['g', 60, false],
      ['e', 60, false],
      ['d', 20, false],
      ['a', 10, false],
    ]);
  });

  it('breaks ties by name in code-point order (as SQL COLLATE "C"), then id', () => {
    const ranked = rankOverdue(
      [item('2', '李强', '2025-06-01'), item('1', '张伟', '2025-06-01'), item('0', '张伟', '2025-06-01')],
      TODAY,
    );
    // 张 U+5F20 < 李 U+674E (pinyin would put 李 first).
    expect(ranked.map((r) => r.id)).toEqual(['0', '1', '2']);
  });

  it('leaves out items not yet overdue, hidden by a call, or ended', () => {
    const agreed = applyCallOutcome({ outcome: 'agreed_to_visit', calledOn: '2025-06-25' });
    const expired = applyCallOutcome({ outcome: 'agreed_to_visit', calledOn: '2025-06-23' });
    const dead = applyCallOutcome({ outcome: 'dead', calledOn: '2025-06-01' });
    const ranked = rankOverdue(
      [
        item('due-today', '甲', TODAY),
        item('future', '乙', '2025-07-15'),
        item('hidden', '丙', '2025-05-01', true, agreed),
        item('back', '丁', '2025-05-01', false, expired),
        item('dead', '戊', '2025-05-01', false, dead),
      ],
      TODAY,
    );
    expect(ranked.map((r) => r.id)).toEqual(['back']);
  });

  it('keeps the caller fields and never breaks the order invariant', () => {
    const candidate = fc.record({
      id: fc.uuid(),
      name: fc.constantFrom('王芳', '李强', '张伟', '安娜'),
      dueDate: fc.integer({ min: toEpochDay('2025-01-01'), max: toEpochDay('2025-08-01') }).map(fromEpochDay),
      isHighRisk: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 30 }), (items: OverdueCandidate[]) => {
        const ranked = rankOverdue(items, TODAY);
        expect(ranked.every((r) => r.dueDate < TODAY)).toBe(true);
        for (let i = 1; i < ranked.length; i += 1) {
          const [prev, next] = [ranked[i - 1]!, ranked[i]!];
          const isHighRiskFirst = Number(prev.isHighRiskOverdue) >= Number(next.isHighRiskOverdue);
          const isDaysOrdered =
            prev.isHighRiskOverdue !== next.isHighRiskOverdue || prev.daysOverdue >= next.daysOverdue;
          expect(isHighRiskFirst && isDaysOrdered).toBe(true);
        }
      }),
    );
  });
});

describe('summariseFollowUps', () => {
  const NO_HISTORY = { hasStrokeOrHeartAttack: false };

  it('keeps the latest visit, the latest BP and glucose readings, and the risk of the latest visit', () => {
    const summary = summariseFollowUps(
      [
        { visitDate: '2026-05-01' },
        { visitDate: '2026-04-01', systolic: 182, diastolic: 100, fastingGlucoseTenths: 75 },
        { visitDate: '2026-03-01', systolic: 130, diastolic: 80, fastingGlucoseTenths: 72 },
      ],
      NO_HISTORY,
    );
    // The latest visit (a phone call) has no reading: BP risk needs it on the latest visit, while the
    // glucose rule skips visits without a reading (7.5 and 7.2 are the last two).
    expect(summary).toEqual({
      lastVisitDate: '2026-05-01',
      lastBp: { systolic: 182, diastolic: 100 },
      lastGlucoseTenths: 75,
      risk: { isHighRisk: true, reasons: ['glucose_uncontrolled'] },
    });
  });

  it('is the same assessment as assessRisk on the latest visit and the earlier ones', () => {
    const reading = fc.record({
      visitDate: fc.constant('2026-01-01'),
      systolic: fc.option(fc.integer({ min: 60, max: 300 })),
      diastolic: fc.option(fc.integer({ min: 30, max: 200 })),
      fastingGlucoseTenths: fc.option(fc.integer({ min: 10, max: 333 })),
    });
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 6 }), fc.boolean(), (visits, stroke) => {
        const [last, ...earlier] = visits;
        expect(summariseFollowUps(visits, { hasStrokeOrHeartAttack: stroke }).risk).toEqual(
          assessRisk(last ?? null, { hasStrokeOrHeartAttack: stroke, earlierVisits: earlier }),
        );
      }),
    );
  });

  it('no visit: nothing known, not high risk', () => {
    expect(summariseFollowUps([], { hasStrokeOrHeartAttack: true })).toEqual({
      lastVisitDate: null,
      lastBp: null,
      lastGlucoseTenths: null,
      risk: { isHighRisk: false, reasons: [] },
    });
  });
});
