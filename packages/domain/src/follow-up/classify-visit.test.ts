import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyDiabetesVisit,
  classifyHypertensionVisit,
  classifyMentalVisit,
  hypertensionTargetForAge,
} from './classify-visit.ts';
import { FOLLOW_UP_POLICY } from './follow-up-policy.ts';

const NO_FLAGS = { hasAdverseReaction: false, hasNewComplication: false };

describe('classifyHypertensionVisit', () => {
  it.each([
    [139, 89, 50, 'satisfactory'],
    [140, 89, 50, 'unsatisfactory'],
    [139, 90, 50, 'unsatisfactory'],
    [140, 90, 50, 'unsatisfactory'],
    [179, 109, 50, 'unsatisfactory'],
    [180, 110, 50, 'unsatisfactory'],
    [149, 89, 65, 'satisfactory'],
    [149, 89, 64, 'unsatisfactory'],
    [150, 89, 65, 'unsatisfactory'],
    [149, 90, 65, 'unsatisfactory'],
    [139, 89, 64, 'satisfactory'],
    [139, 89, 90, 'satisfactory'],
  ] as const)('%i/%i at age %i → %s', (systolic, diastolic, age, expected) => {
    expect(classifyHypertensionVisit({ systolic, diastolic, age, ...NO_FLAGS })).toBe(expected);
  });

  it.each([
    [120, 80, true, false, 'adverse_reaction'],
    [160, 95, true, false, 'adverse_reaction'],
    [120, 80, false, true, 'complication'],
    [160, 95, true, true, 'complication'],
  ] as const)('%i/%i adverse=%s complication=%s → %s (most serious first)', (s, d, adverse, complication, expected) => {
    expect(
      classifyHypertensionVisit({
        systolic: s,
        diastolic: d,
        age: 50,
        hasAdverseReaction: adverse,
        hasNewComplication: complication,
      }),
    ).toBe(expected);
  });

  it('uses the elderly target from 65', () => {
    expect(hypertensionTargetForAge(64)).toEqual({ systolic: 140, diastolic: 90 });
    expect(hypertensionTargetForAge(65)).toEqual({ systolic: 150, diastolic: 90 });
  });

  it('follows a county policy override', () => {
    const policy = {
      ...FOLLOW_UP_POLICY,
      hypertension: { ...FOLLOW_UP_POLICY.hypertension, elderlyFromAge: 60 },
    };
    expect(classifyHypertensionVisit({ systolic: 145, diastolic: 85, age: 62, ...NO_FLAGS }, policy)).toBe(
      'satisfactory',
    );
  });

  it('is monotone: a higher BP is never better controlled', () => {
    const bp = fc.record({
      systolic: fc.integer({ min: 60, max: 300 }),
      diastolic: fc.integer({ min: 30, max: 200 }),
    });
    fc.assert(
      fc.property(
        bp,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 35, max: 100 }),
        (low, dSys, dDia, age) => {
          const high = { systolic: low.systolic + dSys, diastolic: low.diastolic + dDia };
          const isLowOk = classifyHypertensionVisit({ ...low, age, ...NO_FLAGS }) === 'satisfactory';
          const isHighOk = classifyHypertensionVisit({ ...high, age, ...NO_FLAGS }) === 'satisfactory';
          expect(!isHighOk || isLowOk).toBe(true);
        },
      ),
    );
  });

  it('is monotone in age: turning 65 never makes a visit less controlled', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 60, max: 300 }),
        fc.integer({ min: 30, max: 200 }),
        (systolic, diastolic) => {
          const at64 = classifyHypertensionVisit({ systolic, diastolic, age: 64, ...NO_FLAGS });
          const at65 = classifyHypertensionVisit({ systolic, diastolic, age: 65, ...NO_FLAGS });
          expect(at64 !== 'satisfactory' || at65 === 'satisfactory').toBe(true);
        },
      ),
    );
  });
});

describe('classifyDiabetesVisit', () => {
  it.each([
    [69, 'satisfactory'],
    [70, 'unsatisfactory'],
    [39, 'satisfactory'],
    [40, 'satisfactory'],
    [166, 'unsatisfactory'],
    [167, 'unsatisfactory'],
  ] as const)('fasting glucose %i tenths → %s', (fastingGlucoseTenths, expected) => {
    expect(classifyDiabetesVisit({ fastingGlucoseTenths, ...NO_FLAGS })).toBe(expected);
  });

  it.each([
    [60, true, false, 'adverse_reaction'],
    [80, false, true, 'complication'],
  ] as const)('glucose %i adverse=%s complication=%s → %s', (g, adverse, complication, expected) => {
    expect(
      classifyDiabetesVisit({
        fastingGlucoseTenths: g,
        hasAdverseReaction: adverse,
        hasNewComplication: complication,
      }),
    ).toBe(expected);
  });
});

describe('classifyMentalVisit', () => {
  it.each([
    [0, 'stable'],
    [1, 'basically_stable'],
    [2, 'basically_stable'],
    [3, 'unstable'],
    [4, 'unstable'],
    [5, 'unstable'],
  ] as const)('danger grade %i → %s', (dangerGrade, expected) => {
    expect(classifyMentalVisit({ dangerGrade })).toBe(expected);
  });

  it.each([
    [{ hasObviousSymptoms: true }, 'unstable'],
    [{ insight: 'absent' }, 'unstable'],
    [{ hasSevereAdverseReaction: true }, 'unstable'],
    [{ hasSevereSomaticDisease: true }, 'unstable'],
    [{ hasResidualSymptoms: true }, 'basically_stable'],
    [{ insight: 'incomplete' }, 'basically_stable'],
    [{ hasPoorSocialFunction: true }, 'basically_stable'],
    [{ insight: 'complete', hasPoorSocialFunction: false }, 'stable'],
  ] as const)('grade 0 with %o → %s', (facts, expected) => {
    expect(classifyMentalVisit({ dangerGrade: 0, ...facts })).toBe(expected);
  });

  it.each([-1, 6, 2.5])('rejects danger grade %d', (dangerGrade) => {
    expect(() => classifyMentalVisit({ dangerGrade })).toThrow(`危险性评估“${dangerGrade}”应为0–5级的整数`);
  });
});
