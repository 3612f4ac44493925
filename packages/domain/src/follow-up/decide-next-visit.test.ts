import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffDays, fromEpochDay, toEpochDay } from '../calendar/iso-date.ts';
import {
  decideFirstTuberculosisVisit,
  decideNextVisit,
  isRegularTuberculosisMedication,
  type NextVisitInput,
} from './decide-next-visit.ts';
import {
  codesOf,
  MENTAL_STABILITY_LABELS,
  TB_PHASE_LABELS,
  TB_SUPERVISOR_LABELS,
  VISIT_CLASS_LABELS,
} from './vocabulary.ts';

const VISIT_DATE = '2025-03-10';

describe('decideNextVisit: hypertension, diabetes and generic chronic', () => {
  it.each([
    ['satisfactory', null, false, '2025-06-10', 'controlled', false],
    ['satisfactory', 'unsatisfactory', false, '2025-06-10', 'controlled', false],
    ['unsatisfactory', null, false, '2025-03-24', 'first_unsatisfactory', false],
    ['unsatisfactory', 'satisfactory', false, '2025-03-24', 'first_unsatisfactory', false],
    ['unsatisfactory', 'complication', false, '2025-03-24', 'first_unsatisfactory', false],
    ['unsatisfactory', 'unsatisfactory', false, '2025-03-24', 'consecutive_uncontrolled', true],
    ['adverse_reaction', null, false, '2025-03-24', 'adverse_reaction', false],
    ['adverse_reaction', 'adverse_reaction', false, '2025-03-24', 'consecutive_uncontrolled', true],
    ['unsatisfactory', 'adverse_reaction', false, '2025-03-24', 'consecutive_uncontrolled', true],
    ['complication', null, false, '2025-03-24', 'new_or_worse_complication', true],
    ['satisfactory', null, true, '2025-03-24', 'referred', true],
  ] as const)('class %s after %s, referred=%s → %s (%s, refer=%s)', (classification, previousClassification, isReferred, nextDueDate, reason, shouldRefer) => {
    for (const disease of ['hypertension', 'diabetes', 'chronic'] as const) {
      expect(
        decideNextVisit({
          disease,
          visitDate: VISIT_DATE,
          classification,
          previousClassification,
          isReferred,
        }),
      ).toEqual({ nextDueDate, reason, shouldRefer });
    }
  });
});

describe('decideNextVisit: severe mental disorders', () => {
  it.each([
    ['stable', false, '2025-06-10', 'mental_stable', false],
    ['basically_stable', false, '2025-03-24', 'mental_basically_stable', false],
    ['unstable', false, '2025-03-24', 'mental_unstable', true],
    ['stable', true, '2025-03-24', 'referred', true],
  ] as const)('%s, referred=%s → %s (%s)', (classification, isReferred, nextDueDate, reason, shouldRefer) => {
    expect(decideNextVisit({ disease: 'mental', visitDate: VISIT_DATE, classification, isReferred })).toEqual(
      {
        nextDueDate,
        reason,
        shouldRefer,
      },
    );
  });
});

describe('decideNextVisit: tuberculosis', () => {
  it.each([
    ['family', 'intensive', '2025-03-20', 'tb_intensive'],
    ['volunteer', 'intensive', '2025-03-20', 'tb_intensive'],
    ['self', 'intensive', '2025-03-20', 'tb_intensive'],
    ['family', 'continuation', '2025-04-10', 'tb_continuation'],
    ['doctor', 'intensive', '2025-04-10', 'tb_intensive'],
    ['doctor', 'continuation', '2025-04-10', 'tb_continuation'],
  ] as const)('%s-supervised, %s phase → %s', (supervisor, phase, nextDueDate, reason) => {
    expect(decideNextVisit({ disease: 'tuberculosis', visitDate: VISIT_DATE, phase, supervisor })).toEqual({
      nextDueDate,
      reason,
      shouldRefer: false,
    });
  });

  it('first home visit is due within 72 hours of the notification', () => {
    expect(decideFirstTuberculosisVisit('2025-12-30')).toEqual({
      nextDueDate: '2026-01-02',
      reason: 'tb_first_home_visit',
      shouldRefer: false,
    });
  });

  it.each([
    [54, 60, true],
    [53, 60, false],
    [9, 10, true],
    [0, 0, false],
    [60, 60, true],
  ])('%i of %i doses regular=%s', (dosesTaken, dosesPlanned, expected) => {
    expect(isRegularTuberculosisMedication({ dosesTaken, dosesPlanned })).toBe(expected);
  });
});

describe('decideNextVisit: properties', () => {
  const anyDate = fc
    .integer({ min: toEpochDay('2000-01-01'), max: toEpochDay('2099-12-31') })
    .map((day) => fromEpochDay(day));
  const anyInput: fc.Arbitrary<NextVisitInput> = fc.oneof(
    fc.record({
      disease: fc.constantFrom('hypertension' as const, 'diabetes' as const, 'chronic' as const),
      visitDate: anyDate,
      classification: fc.constantFrom(...codesOf(VISIT_CLASS_LABELS)),
      previousClassification: fc.option(fc.constantFrom(...codesOf(VISIT_CLASS_LABELS))),
      isReferred: fc.boolean(),
    }),
    fc.record({
      disease: fc.constant('mental' as const),
      visitDate: anyDate,
      classification: fc.constantFrom(...codesOf(MENTAL_STABILITY_LABELS)),
      isReferred: fc.boolean(),
    }),
    fc.record({
      disease: fc.constant('tuberculosis' as const),
      visitDate: anyDate,
      phase: fc.constantFrom(...codesOf(TB_PHASE_LABELS)),
      supervisor: fc.constantFrom(...codesOf(TB_SUPERVISOR_LABELS)),
      isReferred: fc.boolean(),
    }),
  );

  it('the next due date is after the visit and at most 92 days later', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const days = diffDays(input.visitDate, decideNextVisit(input).nextDueDate);
        expect(days).toBeGreaterThan(0);
        expect(days).toBeLessThanOrEqual(92);
      }),
    );
  });

  it('a referral always comes back within 14 days', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const decision = decideNextVisit(input);
        if (decision.shouldRefer) {
          expect(diffDays(input.visitDate, decision.nextDueDate)).toBeLessThanOrEqual(14);
        }
      }),
    );
  });
});
