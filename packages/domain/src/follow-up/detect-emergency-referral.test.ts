import { describe, expect, it } from 'vitest';
import { detectEmergencyReferral, type EmergencyCheckInput } from './detect-emergency-referral.ts';
import { ZHypertensionVisit } from './visit-forms.schema.ts';

const codesOf = (visit: EmergencyCheckInput) => detectEmergencyReferral(visit).triggers.map((t) => t.code);

describe('detectEmergencyReferral: blood pressure', () => {
  it.each([
    [139, 89, []],
    [179, 109, []],
    [180, 109, ['bp_crisis']],
    [179, 110, ['bp_crisis']],
    [180, 110, ['bp_crisis']],
  ] as const)('%i/%i → %o', (systolic, diastolic, expected) => {
    expect(codesOf({ disease: 'hypertension', systolic, diastolic })).toEqual(expected);
  });

  it('labels the trigger in Chinese with the reading', () => {
    expect(detectEmergencyReferral({ disease: 'hypertension', systolic: 185, diastolic: 100 })).toEqual({
      isRedAlert: true,
      triggers: [{ code: 'bp_crisis', label: '血压≥180/110 mmHg（本次185/100 mmHg）' }],
    });
  });
});

describe('detectEmergencyReferral: glucose', () => {
  it.each([
    [38, ['glucose_low']],
    [39, ['glucose_low']],
    [40, []],
    [69, []],
    [70, []],
    [166, []],
    [167, ['glucose_high']],
  ] as const)('glucose %i tenths → %o', (fastingGlucoseTenths, expected) => {
    expect(codesOf({ disease: 'diabetes', fastingGlucoseTenths })).toEqual(expected);
  });

  it('labels glucose with one decimal', () => {
    expect(detectEmergencyReferral({ disease: 'diabetes', fastingGlucoseTenths: 35 }).triggers).toEqual([
      { code: 'glucose_low', label: '血糖≤3.9 mmol/L（本次3.5）' },
    ]);
  });
});

describe('detectEmergencyReferral: heart rate, temperature, pregnancy', () => {
  it.each([
    ['diabetes', 100, []],
    ['diabetes', 101, ['tachycardia']],
    ['hypertension', 120, []],
  ] as const)('%s heart rate %i → %o', (disease, heartRate, expected) => {
    expect(codesOf({ disease, heartRate })).toEqual(expected);
  });

  it.each([
    [390, []],
    [391, ['fever']],
  ] as const)('temperature %i tenths → %o', (temperatureTenths, expected) => {
    expect(codesOf({ disease: 'diabetes', temperatureTenths })).toEqual(expected);
  });

  it.each([
    [true, 140, 80, ['pregnancy_high_bp']],
    [true, 139, 89, []],
    [false, 150, 95, []],
    [true, 185, 95, ['bp_crisis', 'pregnancy_high_bp']],
  ] as const)('pregnant=%s at %i/%i → %o', (isPregnantOrBreastfeeding, systolic, diastolic, expected) => {
    expect(codesOf({ disease: 'hypertension', isPregnantOrBreastfeeding, systolic, diastolic })).toEqual(
      expected,
    );
  });

  it.each([
    [60, []],
    [61, ['pregnancy_high_glucose']],
  ] as const)('pregnant with glucose %i tenths → %o', (fastingGlucoseTenths, expected) => {
    expect(codesOf({ disease: 'diabetes', isPregnantOrBreastfeeding: true, fastingGlucoseTenths })).toEqual(
      expected,
    );
  });
});

describe('detectEmergencyReferral: danger signs', () => {
  it('reports signs in vocabulary order with their labels', () => {
    expect(
      detectEmergencyReferral({
        disease: 'diabetes',
        emergencySigns: ['acetone_breath', 'altered_consciousness'],
      }),
    ).toEqual({
      isRedAlert: true,
      triggers: [
        { code: 'altered_consciousness', label: '意识或行为改变' },
        { code: 'acetone_breath', label: '呼气有烂苹果样丙酮味' },
      ],
    });
  });

  it('is no alert for a quiet visit', () => {
    expect(
      detectEmergencyReferral({ disease: 'hypertension', systolic: 130, diastolic: 80, emergencySigns: [] }),
    ).toEqual({ isRedAlert: false, triggers: [] });
  });

  it('accepts a parsed visit as it is', () => {
    const visit = ZHypertensionVisit.parse({
      disease: 'hypertension',
      visitDate: '2025-03-01',
      method: 'clinic',
      doctorName: '王医生',
      outcome: 'continue',
      symptoms: ['headache_dizziness'],
      systolic: 190,
      diastolic: 100,
      hasAdverseReaction: false,
      adherence: 'regular',
      emergencySigns: ['cannot_lie_flat'],
    });
    expect(codesOf(visit)).toEqual(['bp_crisis', 'cannot_lie_flat']);
  });
});
