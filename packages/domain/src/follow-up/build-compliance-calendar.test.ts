import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildComplianceCalendar, type ComplianceInput } from './build-compliance-calendar.ts';
import { FOLLOW_UP_POLICY } from './follow-up-policy.ts';
import type { VisitMethod } from './vocabulary.ts';

const clinic = (date: string) => ({ date, method: 'clinic' as const });
const home = (date: string) => ({ date, method: 'home' as const });
const phone = (date: string) => ({ date, method: 'phone' as const });
const QUARTERLY_CLINIC = [
  clinic('2025-02-10'),
  home('2025-05-10'),
  clinic('2025-08-10'),
  clinic('2025-11-10'),
];
const CHECKUP = [{ date: '2025-04-01' }];

const build = (input: Partial<ComplianceInput>) =>
  buildComplianceCalendar({ year: 2025, disease: 'hypertension', visits: [], checkups: [], ...input });

describe('buildComplianceCalendar', () => {
  it('one face-to-face visit a quarter plus a health check is compliant', () => {
    const calendar = build({ visits: QUARTERLY_CLINIC, checkups: CHECKUP });
    expect(calendar).toMatchObject({
      window: { from: '2025-01-01', to: '2025-12-31' },
      faceToFaceCount: 4,
      requiredFaceToFaceCount: 4,
      hasHealthCheck: true,
      isHealthCheckRequired: true,
      shortfalls: [],
      isCompliant: true,
    });
    expect(calendar.quarters.map((q) => [q.quarter, q.start, q.end, q.isDue, q.isDone])).toEqual([
      [1, '2025-01-01', '2025-03-31', true, true],
      [2, '2025-04-01', '2025-06-30', true, true],
      [3, '2025-07-01', '2025-09-30', true, true],
      [4, '2025-10-01', '2025-12-31', true, true],
    ]);
  });

  it('four phone visits are not compliant: phone calls are not face-to-face', () => {
    const calendar = build({
      visits: [phone('2025-02-10'), phone('2025-05-10'), phone('2025-08-10'), phone('2025-11-10')],
      checkups: CHECKUP,
    });
    expect(calendar.faceToFaceCount).toBe(0);
    expect(calendar.quarters.map((q) => q.phoneCount)).toEqual([1, 1, 1, 1]);
    expect(calendar.shortfalls).toEqual(['too_few_face_to_face', 'quarter_without_face_to_face']);
    expect(calendar.isCompliant).toBe(false);
  });

  it('four visits in Q4 only are not compliant (three quarters missed)', () => {
    const calendar = build({
      visits: [clinic('2025-10-02'), clinic('2025-11-02'), home('2025-12-02'), clinic('2025-12-30')],
      checkups: CHECKUP,
    });
    expect(calendar.faceToFaceCount).toBe(4);
    expect(calendar.quarters.map((q) => q.faceToFaceCount)).toEqual([0, 0, 0, 4]);
    expect(calendar.shortfalls).toEqual(['quarter_without_face_to_face']);
    expect(calendar.isCompliant).toBe(false);
  });

  it('four visits in Q4 count when a county does not require every quarter', () => {
    const policy = {
      ...FOLLOW_UP_POLICY,
      compliance: { ...FOLLOW_UP_POLICY.compliance, isEveryDueQuarterRequired: false },
    };
    const calendar = buildComplianceCalendar(
      {
        year: 2025,
        disease: 'hypertension',
        visits: [clinic('2025-10-02'), clinic('2025-11-02'), home('2025-12-02'), clinic('2025-12-30')],
        checkups: CHECKUP,
      },
      policy,
    );
    expect(calendar.isCompliant).toBe(true);
  });

  it('a missing health check is a shortfall', () => {
    expect(build({ visits: QUARTERLY_CLINIC }).shortfalls).toEqual(['no_health_check']);
  });

  it('several visits on one date count once', () => {
    const calendar = build({
      visits: [clinic('2025-02-10'), home('2025-02-10'), clinic('2025-05-10'), clinic('2025-08-10')],
      checkups: CHECKUP,
    });
    expect(calendar.faceToFaceCount).toBe(3);
    expect(calendar.shortfalls).toEqual(['too_few_face_to_face', 'quarter_without_face_to_face']);
  });

  it('ignores visits and checks outside the year', () => {
    const calendar = build({
      visits: [...QUARTERLY_CLINIC.slice(1), clinic('2024-12-31'), clinic('2026-01-01')],
      checkups: [{ date: '2024-12-20' }],
    });
    expect(calendar.faceToFaceCount).toBe(3);
    expect(calendar.hasHealthCheck).toBe(false);
  });

  it.each([
    ['2025-01-01', 4, [true, true, true, true]],
    ['2025-04-01', 3, [false, true, true, true]],
    ['2025-06-30', 3, [false, true, true, true]],
    ['2025-07-01', 2, [false, false, true, true]],
    ['2025-12-20', 1, [false, false, false, true]],
    ['2024-06-01', 4, [true, true, true, true]],
  ] as const)('enrolled %s: %i visits required, due %o', (managedFrom, required, due) => {
    const calendar = build({ managedFrom });
    expect(calendar.requiredFaceToFaceCount).toBe(required);
    expect(calendar.quarters.map((q) => q.isDue)).toEqual(due);
  });

  it('a patient enrolled on 20 December with an enrolment visit and check is compliant', () => {
    const calendar = build({
      managedFrom: '2025-12-20',
      visits: [clinic('2025-12-20'), clinic('2025-06-01')],
      checkups: [{ date: '2025-12-20' }],
    });
    expect(calendar.faceToFaceCount).toBe(1);
    expect(calendar.isCompliant).toBe(true);
  });

  it('pro-rates a patient whose management ended mid-year (death in May)', () => {
    const calendar = build({
      managedUntil: '2025-05-15',
      visits: [clinic('2025-02-10'), clinic('2025-05-10'), clinic('2025-08-10')],
      checkups: CHECKUP,
    });
    expect(calendar.window).toEqual({ from: '2025-01-01', to: '2025-05-15' });
    expect(calendar.requiredFaceToFaceCount).toBe(2);
    expect(calendar.faceToFaceCount).toBe(2);
    expect(calendar.isCompliant).toBe(true);
  });

  it('is not compliant when not managed at all in the year', () => {
    const calendar = build({ managedFrom: '2026-02-01', visits: QUARTERLY_CLINIC, checkups: CHECKUP });
    expect(calendar.window).toBeNull();
    expect(calendar.quarters.every((q) => !q.isDue && q.faceToFaceCount === 0)).toBe(true);
    expect(calendar.shortfalls).toEqual(['not_managed_in_year']);
    expect(calendar.isCompliant).toBe(false);
  });

  it('uses the per-disease rule (mental disorders: 4 visits + check)', () => {
    expect(build({ disease: 'mental', visits: QUARTERLY_CLINIC, checkups: CHECKUP }).isCompliant).toBe(true);
  });

  it('phone calls never change compliance', () => {
    const visitArb = fc.record({
      date: fc.integer({ min: 1, max: 12 }).map((m) => `2025-${String(m).padStart(2, '0')}-15`),
      method: fc.constantFrom<VisitMethod>('clinic', 'home', 'phone'),
    });
    fc.assert(
      fc.property(
        fc.array(visitArb, { maxLength: 10 }),
        fc.array(visitArb, { maxLength: 10 }),
        (visits, extra) => {
          const phones = extra.map((v) => ({ ...v, method: 'phone' as const }));
          const base = build({ visits, checkups: CHECKUP });
          const withPhones = build({ visits: [...visits, ...phones], checkups: CHECKUP });
          expect(withPhones.isCompliant).toBe(base.isCompliant);
          expect(withPhones.faceToFaceCount).toBe(base.faceToFaceCount);
        },
      ),
    );
  });
});
