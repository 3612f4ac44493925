import { describe, expect, it } from 'vitest';
import { assessFollowUpVisit } from './assess-visit.ts';
import { ZFollowUpVisit } from './visit-forms.schema.ts';

/**
 * Worked table of the whole rule chain at every threshold the issue names: class, red alert, next due date,
 * reason and referral from the measured values of one visit on 2026-03-01 (2 weeks → 03-15, 3 months → 06-01).
 */
const VISIT_DATE = '2026-03-01';
const TWO_WEEKS = '2026-03-15';
const THREE_MONTHS = '2026-06-01';

const hypertension = (systolic: number, diastolic: number) =>
  ZFollowUpVisit.parse({
    disease: 'hypertension',
    visitDate: VISIT_DATE,
    method: 'clinic',
    doctorName: '李医生',
    outcome: 'continue',
    symptoms: ['none'],
    systolic,
    diastolic,
    hasAdverseReaction: false,
    adherence: 'regular',
  });

const diabetes = (fastingGlucoseTenths: number) =>
  ZFollowUpVisit.parse({
    disease: 'diabetes',
    visitDate: VISIT_DATE,
    method: 'clinic',
    doctorName: '李医生',
    outcome: 'continue',
    symptoms: ['none'],
    fastingGlucoseTenths,
    hasAdverseReaction: false,
    adherence: 'regular',
  });

const summary = (a: ReturnType<typeof assessFollowUpVisit>) => [
  a.classification,
  a.referral.isRedAlert,
  a.decision.nextDueDate,
  a.decision.reason,
  a.decision.shouldRefer,
];

describe('assessFollowUpVisit: blood pressure thresholds (age 50, first visit)', () => {
  it.each([
    [139, 89, 'satisfactory', false, THREE_MONTHS, 'controlled', false],
    [140, 89, 'unsatisfactory', false, TWO_WEEKS, 'first_unsatisfactory', false],
    [139, 90, 'unsatisfactory', false, TWO_WEEKS, 'first_unsatisfactory', false],
    [140, 90, 'unsatisfactory', false, TWO_WEEKS, 'first_unsatisfactory', false],
    [179, 109, 'unsatisfactory', false, TWO_WEEKS, 'first_unsatisfactory', false],
    [180, 109, 'unsatisfactory', true, TWO_WEEKS, 'referred', true],
    [179, 110, 'unsatisfactory', true, TWO_WEEKS, 'referred', true],
    [180, 110, 'unsatisfactory', true, TWO_WEEKS, 'referred', true],
  ] as const)('%i/%i → %s, red alert %s, due %s (%s, refer %s)', (systolic, diastolic, ...expected) => {
    const assessment = assessFollowUpVisit(hypertension(systolic, diastolic), {
      age: 50,
      previousClassification: null,
      notifiedOn: null,
    });
    expect(summary(assessment)).toEqual(expected);
  });
});

describe('assessFollowUpVisit: the elderly target from age 65', () => {
  it.each([
    [64, 149, 89, 'unsatisfactory', TWO_WEEKS],
    [65, 149, 89, 'satisfactory', THREE_MONTHS],
    [65, 150, 89, 'unsatisfactory', TWO_WEEKS],
    [65, 149, 90, 'unsatisfactory', TWO_WEEKS],
    [64, 139, 89, 'satisfactory', THREE_MONTHS],
    [65, 180, 100, 'unsatisfactory', TWO_WEEKS],
  ] as const)('age %i, %i/%i → %s, due %s', (age, systolic, diastolic, classification, due) => {
    const assessment = assessFollowUpVisit(hypertension(systolic, diastolic), {
      age,
      previousClassification: null,
      notifiedOn: null,
    });
    expect([assessment.classification, assessment.decision.nextDueDate]).toEqual([classification, due]);
  });
});

describe('assessFollowUpVisit: fasting glucose thresholds', () => {
  it.each([
    [69, 'satisfactory', false, THREE_MONTHS, 'controlled', false],
    [70, 'unsatisfactory', false, TWO_WEEKS, 'first_unsatisfactory', false],
    [166, 'unsatisfactory', false, TWO_WEEKS, 'first_unsatisfactory', false],
    [167, 'unsatisfactory', true, TWO_WEEKS, 'referred', true],
    [40, 'satisfactory', false, THREE_MONTHS, 'controlled', false],
    [39, 'satisfactory', true, TWO_WEEKS, 'referred', true],
  ] as const)('%i tenths → %s, red alert %s, due %s (%s, refer %s)', (glucose, ...expected) => {
    const assessment = assessFollowUpVisit(diabetes(glucose), {
      age: 50,
      previousClassification: null,
      notifiedOn: null,
    });
    expect(summary(assessment)).toEqual(expected);
  });
});

describe('assessFollowUpVisit: history', () => {
  it.each([
    ['unsatisfactory', 150, 95, 'consecutive_uncontrolled', true],
    ['satisfactory', 150, 95, 'first_unsatisfactory', false],
    ['unsatisfactory', 139, 89, 'controlled', false],
  ] as const)('after %s, %i/%i → %s (refer %s)', (previous, systolic, diastolic, reason, shouldRefer) => {
    const assessment = assessFollowUpVisit(hypertension(systolic, diastolic), {
      age: 50,
      previousClassification: previous,
      notifiedOn: null,
    });
    expect([assessment.decision.reason, assessment.decision.shouldRefer]).toEqual([reason, shouldRefer]);
  });

  it('a tuberculosis first home visit is late after 72 hours', () => {
    const tb = (visitDate: string) =>
      ZFollowUpVisit.parse({
        disease: 'tuberculosis',
        visitDate,
        method: 'home',
        doctorName: '李医生',
        outcome: 'continue',
        visitKind: 'first_home',
        diagnosisDate: '2026-02-20',
        treatmentPhase: 'intensive',
        supervisor: 'family',
        dosesTaken: 0,
        dosesPlanned: 0,
        hasAdverseReaction: false,
      });
    const context = { age: 40, previousClassification: null, notifiedOn: '2026-02-25' };
    expect(assessFollowUpVisit(tb('2026-02-28'), context).isFirstVisitLate).toBe(false);
    expect(assessFollowUpVisit(tb('2026-03-01'), context).isFirstVisitLate).toBe(true);
    expect(assessFollowUpVisit(tb('2026-03-01'), context).decision.nextDueDate).toBe('2026-03-11');
  });
});
