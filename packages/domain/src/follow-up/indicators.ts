/**
 * Per-patient predicates behind the follow-up KPIs [V S8]:
 * 规范管理率 = patients for whom isStandardManaged ÷ managed patients;
 * 血压控制率 / 血糖控制率 = patients for whom isControlledAtLatestVisit ÷ managed patients.
 */
import type { IsoDate } from '../calendar/iso-date.ts';
import { buildComplianceCalendar, type ComplianceInput } from './build-compliance-calendar.ts';
import { FOLLOW_UP_POLICY, isBpBelow, type TFollowUpPolicy } from './follow-up-policy.ts';
import type { Tenths } from './measurement.ts';
import type { VisitOutcome } from './vocabulary.ts';

/** 规范管理: the year's compliance calendar is compliant (see buildComplianceCalendar for the rules). */
export function isStandardManaged(
  input: ComplianceInput,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): boolean {
  return buildComplianceCalendar(input, policy).isCompliant;
}

export type ControlVisit = {
  date: IsoDate;
  systolic?: number | null;
  diastolic?: number | null;
  fastingGlucoseTenths?: Tenths | null;
  outcome?: VisitOutcome;
};

export type ControlInput = {
  disease: 'hypertension' | 'diabetes';
  period: { from: IsoDate; to: IsoDate };
  visits: readonly ControlVisit[];
  /** Set by the caller when the patient is lost to follow-up for the period (失访). */
  isLostToFollowUp?: boolean;
};

const MEASURES: Record<
  ControlInput['disease'],
  { hasReading: (v: ControlVisit) => boolean; isControlled: (v: ControlVisit, p: TFollowUpPolicy) => boolean }
> = {
  hypertension: {
    hasReading: (v) => typeof v.systolic === 'number' && typeof v.diastolic === 'number',
    isControlled: (v, p) => isBpBelow(v, p.indicators.bpControlledBelow),
  },
  diabetes: {
    hasReading: (v) => typeof v.fastingGlucoseTenths === 'number',
    isControlled: (v, p) =>
      typeof v.fastingGlucoseTenths === 'number' &&
      v.fastingGlucoseTenths < p.indicators.glucoseControlledBelowTenths,
  },
};

/**
 * Controlled at the latest visit of the period:
 * - BP < 140/90 for every age: the KPI target per the Specification's indicator definition, not the
 *   age-aware visit-class target (<150/90 from 65) used by classifyHypertensionVisit;
 * - fasting glucose < 7.0 mmol/L.
 * Not controlled [M]: lost to follow-up (flag, or the latest visit's outcome is not 继续随访), no visit
 * in the period, or no reading in the period. Visits without a reading (e.g. a phone call) are skipped
 * when looking for the latest reading; among visits on the same date the one listed last wins.
 */
export function isControlledAtLatestVisit(
  input: ControlInput,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): boolean {
  if (input.isLostToFollowUp === true) {
    return false;
  }
  const { from, to } = input.period;
  const inPeriod = input.visits
    .filter((v) => v.date >= from && v.date <= to)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const latest = inPeriod.at(-1);
  if (!latest || (latest.outcome !== undefined && latest.outcome !== 'continue')) {
    return false;
  }
  const measure = MEASURES[input.disease];
  const latestReading = inPeriod.findLast(measure.hasReading);
  return latestReading !== undefined && measure.isControlled(latestReading, policy);
}
