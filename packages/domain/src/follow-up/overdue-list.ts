/**
 * Simple-style overdue list (simpledotorg/simple-server): risk assessment, ranking, and the effect
 * of a reminder call.
 *
 * Hiding rule: a call on day D hides the patient until `hiddenUntil` = D + N days, exclusive:
 * hidden while today < hiddenUntil. "Agreed to visit" (N = 7) is hidden on D+6 and back on D+7;
 * "remind later" (N = 30) is hidden on D+29 and back on D+30.
 */
import { diffDays, type IsoDate } from '../calendar/iso-date.ts';
import { addInterval, FOLLOW_UP_POLICY, isBpAtLeast, type TFollowUpPolicy } from './follow-up-policy.ts';
import type { Tenths } from './measurement.ts';
import type { ManagementEndReason } from './vocabulary.ts';

export type RiskReading = {
  systolic?: number | null;
  diastolic?: number | null;
  fastingGlucoseTenths?: Tenths | null;
};

export type RiskHistory = {
  /** Prior stroke (脑卒中) or myocardial infarction (心肌梗死). */
  hasStrokeOrHeartAttack: boolean;
  /** Visits before the last one, most recent first. */
  earlierVisits?: readonly RiskReading[];
};

export const RISK_REASON_LABELS = {
  bp_very_high: '末次血压达到极高水平',
  cardiovascular_bp_high: '有脑卒中或心肌梗死史且血压未控制',
  glucose_uncontrolled: '空腹血糖连续未控制',
  glucose_very_high: '末次血糖极高',
} as const;
export type RiskReason = keyof typeof RISK_REASON_LABELS;

export type RiskAssessment = { isHighRisk: boolean; reasons: RiskReason[] };

const hasGlucose = (r: RiskReading): r is RiskReading & { fastingGlucoseTenths: number } =>
  r.fastingGlucoseTenths !== undefined && r.fastingGlucoseTenths !== null;

/**
 * High risk when any of:
 * - the last BP is ≥180 and/or ≥110 mmHg;
 * - prior stroke or MI and the last BP is ≥140 and/or ≥90 mmHg;
 * - [M] uncontrolled glucose: the last 2 fasting-glucose readings (visits without a reading are
 *   skipped) are both ≥7.0 mmol/L, or the last visit's reading is ≥16.7 mmol/L.
 */
export function assessRisk(
  lastVisit: RiskReading | null,
  history: RiskHistory,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): RiskAssessment {
  if (!lastVisit) {
    return { isHighRisk: false, reasons: [] };
  }
  const rules = policy.risk;
  const recentGlucose = [lastVisit, ...(history.earlierVisits ?? [])]
    .filter(hasGlucose)
    .slice(0, rules.glucoseUncontrolledVisits)
    .map((r) => r.fastingGlucoseTenths);
  const checks: readonly [RiskReason, boolean][] = [
    ['bp_very_high', isBpAtLeast(lastVisit, rules.bpAtLeast)],
    [
      'cardiovascular_bp_high',
      history.hasStrokeOrHeartAttack && isBpAtLeast(lastVisit, rules.cardiovascularBpAtLeast),
    ],
    [
      'glucose_uncontrolled',
      recentGlucose.length === rules.glucoseUncontrolledVisits &&
        recentGlucose.every((g) => g >= rules.glucoseUncontrolledAtLeastTenths),
    ],
    [
      'glucose_very_high',
      hasGlucose(lastVisit) && lastVisit.fastingGlucoseTenths >= rules.glucoseVeryHighAtLeastTenths,
    ],
  ];
  const reasons = checks.filter(([, applies]) => applies).map(([reason]) => reason);
  return { isHighRisk: reasons.length > 0, reasons };
}

export type SummaryVisit = RiskReading & { visitDate: IsoDate };

/**
 * What the overdue list needs to know of a patient's visits, kept per enrolment on write: the latest visit,
 * the latest BP and glucose readings, and the risk (assessRisk of the latest visit with the earlier ones).
 */
export type FollowUpSummary = {
  lastVisitDate: IsoDate | null;
  /** The latest visit with both readings (a later phone visit without BP does not erase it). */
  lastBp: { systolic: number; diastolic: number } | null;
  lastGlucoseTenths: Tenths | null;
  risk: RiskAssessment;
};

/** `visits` newest first (by date, then by recording order). */
export function summariseFollowUps(
  visits: readonly SummaryVisit[],
  history: { hasStrokeOrHeartAttack: boolean },
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): FollowUpSummary {
  const [last, ...earlier] = visits;
  const bpVisit = visits.find(
    (v) =>
      v.systolic !== undefined && v.systolic !== null && v.diastolic !== undefined && v.diastolic !== null,
  );
  const glucoseVisit = visits.find(hasGlucose);
  return {
    lastVisitDate: last?.visitDate ?? null,
    lastBp: bpVisit ? { systolic: bpVisit.systolic as number, diastolic: bpVisit.diastolic as number } : null,
    lastGlucoseTenths: glucoseVisit?.fastingGlucoseTenths ?? null,
    risk: assessRisk(
      last ?? null,
      { hasStrokeOrHeartAttack: history.hasStrokeOrHeartAttack, earlierVisits: earlier },
      policy,
    ),
  };
}

export const CALL_OUTCOME_LABELS = {
  agreed_to_visit: '同意就诊',
  remind_later: '稍后提醒',
  unreachable: '无法联系',
  moved: '已迁出',
  dead: '已死亡',
} as const;
export type CallOutcome = keyof typeof CALL_OUTCOME_LABELS;

export type CallState = {
  /** Exclusive end of the hiding window; null = not hidden. */
  hiddenUntil: IsoDate | null;
  /** Consecutive unreachable calls; reset when the patient is reached. */
  unreachableAttempts: number;
  isManagementEnded: boolean;
  endReason: ManagementEndReason | null;
  lastOutcome: CallOutcome | null;
  lastCalledOn: IsoDate | null;
};

export const INITIAL_CALL_STATE: CallState = {
  hiddenUntil: null,
  unreachableAttempts: 0,
  isManagementEnded: false,
  endReason: null,
  lastOutcome: null,
  lastCalledOn: null,
};

type CallEffect = {
  hideDays: ((overdue: TFollowUpPolicy['overdue']) => number) | null;
  isUnreachable: boolean;
  endReason: ManagementEndReason | null;
};

const CALL_EFFECTS: Record<CallOutcome, CallEffect> = {
  agreed_to_visit: { hideDays: (o) => o.agreedToVisitHideDays, isUnreachable: false, endReason: null },
  remind_later: { hideDays: (o) => o.remindLaterHideDays, isUnreachable: false, endReason: null },
  unreachable: { hideDays: null, isUnreachable: true, endReason: null },
  moved: { hideDays: null, isUnreachable: false, endReason: 'moved' },
  dead: { hideDays: null, isUnreachable: false, endReason: 'death' },
};

export type CallInput = { outcome: CallOutcome; calledOn: IsoDate; previous?: CallState | null };

/** The call state after one call. Ended management stays ended (reopening is a separate action). */
export function applyCallOutcome(input: CallInput, policy: TFollowUpPolicy = FOLLOW_UP_POLICY): CallState {
  const previous = input.previous ?? INITIAL_CALL_STATE;
  const effect = CALL_EFFECTS[input.outcome];
  const hideDays = effect.hideDays?.(policy.overdue) ?? 0;
  const endReason = previous.endReason ?? effect.endReason;
  return {
    hiddenUntil: hideDays > 0 ? addInterval(input.calledOn, { unit: 'day', count: hideDays }) : null,
    unreachableAttempts: effect.isUnreachable ? previous.unreachableAttempts + 1 : 0,
    isManagementEnded: previous.isManagementEnded || endReason !== null,
    endReason,
    lastOutcome: input.outcome,
    lastCalledOn: input.calledOn,
  };
}

/** Off the overdue list on `today`: inside a hiding window, or management ended. */
export function isHiddenOn(state: CallState | null | undefined, today: IsoDate): boolean {
  if (!state) {
    return false;
  }
  return state.isManagementEnded || (state.hiddenUntil !== null && today < state.hiddenUntil);
}

export type OverdueCandidate = {
  id: string;
  name: string;
  dueDate: IsoDate;
  /** From assessRisk. */
  isHighRisk: boolean;
  callState?: CallState | null;
};

export type RankedOverdue<T extends OverdueCandidate> = T & {
  daysOverdue: number;
  /** High risk and overdue for at least 30 days (Simple's definition). */
  isHighRiskOverdue: boolean;
};

/** Code-point order: what `ORDER BY name COLLATE "C"` gives on PostgreSQL and PGlite alike. */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The overdue list for `today`: items past their due date (due today is not overdue) and not hidden,
 * ordered by high risk first, then days overdue (most first), then name (code-point order, so that the
 * server can rank and page in SQL identically on both engines), then id.
 */
export function rankOverdue<T extends OverdueCandidate>(
  items: readonly T[],
  today: IsoDate,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): RankedOverdue<T>[] {
  return items
    .filter((item) => item.dueDate < today && !isHiddenOn(item.callState, today))
    .map((item) => {
      const daysOverdue = diffDays(item.dueDate, today);
      return {
        ...item,
        daysOverdue,
        isHighRiskOverdue: item.isHighRisk && daysOverdue >= policy.overdue.highRiskMinDaysOverdue,
      };
    })
    .sort(
      (a, b) =>
        Number(b.isHighRiskOverdue) - Number(a.isHighRiskOverdue) ||
        b.daysOverdue - a.daysOverdue ||
        byCodePoint(a.name, b.name) ||
        byCodePoint(a.id, b.id),
    );
}
