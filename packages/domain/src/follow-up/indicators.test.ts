import { describe, expect, it } from 'vitest';
import { type ControlVisit, isControlledAtLatestVisit, isStandardManaged } from './indicators.ts';

const YEAR_2025 = { from: '2025-01-01', to: '2025-12-31' };
const bp = (date: string, systolic: number, diastolic: number): ControlVisit => ({
  date,
  systolic,
  diastolic,
});
const glucose = (date: string, fastingGlucoseTenths: number): ControlVisit => ({
  date,
  fastingGlucoseTenths,
});

describe('isStandardManaged', () => {
  it.each([
    [['clinic', 'home', 'clinic', 'clinic'], true],
    [['phone', 'phone', 'phone', 'phone'], false],
    [['clinic', 'clinic', 'clinic', 'phone'], false],
  ] as const)('quarterly visits by %o → %s', (methods, expected) => {
    const visits = methods.map((method, i) => ({
      date: `2025-${String(i * 3 + 2).padStart(2, '0')}-10`,
      method,
    }));
    expect(
      isStandardManaged({ year: 2025, disease: 'diabetes', visits, checkups: [{ date: '2025-03-01' }] }),
    ).toBe(expected);
  });
});

describe('isControlledAtLatestVisit: blood pressure (KPI target <140/90 at every age)', () => {
  it.each([
    [139, 89, true],
    [140, 89, false],
    [139, 90, false],
    [149, 89, false],
  ])('latest %i/%i → %s', (systolic, diastolic, expected) => {
    const visits = [bp('2025-02-01', 120, 70), bp('2025-11-01', systolic, diastolic)];
    expect(isControlledAtLatestVisit({ disease: 'hypertension', period: YEAR_2025, visits })).toBe(expected);
  });

  it('uses the latest visit, not the best one, whatever the input order', () => {
    const visits = [bp('2025-11-01', 150, 95), bp('2025-03-01', 120, 70)];
    expect(isControlledAtLatestVisit({ disease: 'hypertension', period: YEAR_2025, visits })).toBe(false);
  });

  it('ignores visits outside the period', () => {
    const visits = [bp('2025-06-01', 130, 80), bp('2026-01-05', 160, 100)];
    expect(isControlledAtLatestVisit({ disease: 'hypertension', period: YEAR_2025, visits })).toBe(true);
  });

  it('skips a later visit without a reading', () => {
    const visits = [bp('2025-06-01', 130, 80), { date: '2025-09-01', outcome: 'continue' as const }];
    expect(isControlledAtLatestVisit({ disease: 'hypertension', period: YEAR_2025, visits })).toBe(true);
  });

  it('takes the last-listed visit among visits on the same date', () => {
    const visits = [bp('2025-06-01', 150, 90), bp('2025-06-01', 132, 84)];
    expect(isControlledAtLatestVisit({ disease: 'hypertension', period: YEAR_2025, visits })).toBe(true);
  });

  it.each([
    ['no visit in the period', [], undefined],
    ['only readings outside the period', [bp('2024-12-01', 120, 70)], undefined],
    ['the caller flags the patient lost', [bp('2025-06-01', 120, 70)], true],
    [
      'the latest visit records 暂时失访',
      [bp('2025-06-01', 120, 70), { date: '2025-10-01', outcome: 'temporarily_lost' as const }],
      undefined,
    ],
  ])('not controlled when %s', (_case, visits: ControlVisit[], isLostToFollowUp) => {
    expect(
      isControlledAtLatestVisit({ disease: 'hypertension', period: YEAR_2025, visits, isLostToFollowUp }),
    ).toBe(false);
  });
});

describe('isControlledAtLatestVisit: fasting glucose <7.0', () => {
  it.each([
    [69, true],
    [70, false],
    [39, true],
    [167, false],
  ])('latest %i tenths → %s', (tenths, expected) => {
    const visits = [glucose('2025-02-01', 100), glucose('2025-11-01', tenths)];
    expect(isControlledAtLatestVisit({ disease: 'diabetes', period: YEAR_2025, visits })).toBe(expected);
  });

  it('a BP-only visit is no glucose reading', () => {
    const visits = [glucose('2025-02-01', 65), bp('2025-11-01', 120, 70)];
    expect(isControlledAtLatestVisit({ disease: 'diabetes', period: YEAR_2025, visits })).toBe(true);
  });
});
