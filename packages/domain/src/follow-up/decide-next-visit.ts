/**
 * When the next follow-up is due and whether to refer, after a visit [V S7, S10, S11, S12].
 * The due date is the latest acceptable date ("within 2 weeks" = visit date + 14 days).
 */
import type { IsoDate } from '../calendar/iso-date.ts';
import {
  addInterval,
  FOLLOW_UP_POLICY,
  type TFollowUpInterval,
  type TFollowUpPolicy,
} from './follow-up-policy.ts';
import type { MentalStability, TbPhase, TbSupervisor, VisitClass } from './vocabulary.ts';

export const NEXT_VISIT_REASON_LABELS = {
  referred: '已转诊，随访转诊情况',
  new_or_worse_complication: '出现新的并发症或原有并发症加重，建议转诊',
  consecutive_uncontrolled: '连续两次控制不满意或药物不良反应难以控制，建议转诊',
  first_unsatisfactory: '控制不满意，调整用药后复诊',
  adverse_reaction: '出现药物不良反应，调整用药后复诊',
  controlled: '控制满意，按期随访',
  mental_stable: '病情稳定，按期随访',
  mental_basically_stable: '病情基本稳定，调整治疗后观察',
  mental_unstable: '病情不稳定，建议转诊',
  tb_first_home_visit: '接到通知后首次入户随访',
  tb_intensive: '强化期督导随访',
  tb_continuation: '继续期督导随访',
} as const;
export type NextVisitReason = keyof typeof NEXT_VISIT_REASON_LABELS;

export type NextVisitDecision = { nextDueDate: IsoDate; reason: NextVisitReason; shouldRefer: boolean };

export type ClassifiedNextVisitInput = {
  disease: 'hypertension' | 'diabetes' | 'chronic';
  visitDate: IsoDate;
  classification: VisitClass;
  previousClassification?: VisitClass | null;
  /** The visit referred the patient (emergency triggers or the doctor's decision). */
  isReferred?: boolean;
};
export type MentalNextVisitInput = {
  disease: 'mental';
  visitDate: IsoDate;
  classification: MentalStability;
  isReferred?: boolean;
};
export type TuberculosisNextVisitInput = {
  disease: 'tuberculosis';
  visitDate: IsoDate;
  phase: TbPhase;
  supervisor: TbSupervisor;
  isReferred?: boolean;
};
export type NextVisitInput = ClassifiedNextVisitInput | MentalNextVisitInput | TuberculosisNextVisitInput;

type Outcome = { reason: NextVisitReason; shouldRefer: boolean; interval: TFollowUpInterval };
type Intervals = TFollowUpPolicy['intervals'];

/** Not controlled on the visit: two in a row means refer ("连续两次…控制不满意或药物不良反应难以控制") [M]. */
const UNCONTROLLED: ReadonlySet<VisitClass | null | undefined> = new Set<VisitClass>([
  'unsatisfactory',
  'adverse_reaction',
]);

/** First matching rule wins; no match means satisfactory. */
const CLASSIFIED_RULES: readonly {
  when: (input: ClassifiedNextVisitInput) => boolean;
  reason: NextVisitReason;
  shouldRefer: boolean;
  interval: (intervals: Intervals) => TFollowUpInterval;
}[] = [
  {
    when: (i) => i.classification === 'complication',
    reason: 'new_or_worse_complication',
    shouldRefer: true,
    interval: (x) => x.referralFollowUp,
  },
  {
    when: (i) => UNCONTROLLED.has(i.classification) && UNCONTROLLED.has(i.previousClassification),
    reason: 'consecutive_uncontrolled',
    shouldRefer: true,
    interval: (x) => x.referralFollowUp,
  },
  {
    when: (i) => i.classification === 'unsatisfactory',
    reason: 'first_unsatisfactory',
    shouldRefer: false,
    interval: (x) => x.adjustAndRevisit,
  },
  {
    when: (i) => i.classification === 'adverse_reaction',
    reason: 'adverse_reaction',
    shouldRefer: false,
    interval: (x) => x.adjustAndRevisit,
  },
];

const MENTAL_OUTCOMES: Record<MentalStability, { reason: NextVisitReason; shouldRefer: boolean }> = {
  stable: { reason: 'mental_stable', shouldRefer: false },
  basically_stable: { reason: 'mental_basically_stable', shouldRefer: false },
  unstable: { reason: 'mental_unstable', shouldRefer: true },
};

const TB_PHASE_REASONS: Record<TbPhase, NextVisitReason> = {
  intensive: 'tb_intensive',
  continuation: 'tb_continuation',
};

function decideOutcome(input: NextVisitInput, intervals: Intervals): Outcome {
  if (input.isReferred === true) {
    return { reason: 'referred', shouldRefer: true, interval: intervals.referralFollowUp };
  }
  switch (input.disease) {
    case 'mental':
      return { ...MENTAL_OUTCOMES[input.classification], interval: intervals.mental[input.classification] };
    case 'tuberculosis':
      return {
        reason: TB_PHASE_REASONS[input.phase],
        shouldRefer: false,
        interval: intervals.tuberculosis[input.supervisor][input.phase],
      };
    default: {
      const rule = CLASSIFIED_RULES.find((r) => r.when(input));
      return rule
        ? { reason: rule.reason, shouldRefer: rule.shouldRefer, interval: rule.interval(intervals) }
        : { reason: 'controlled', shouldRefer: false, interval: intervals.controlled };
    }
  }
}

/**
 * Hypertension, diabetes, generic chronic: referral → 2 weeks; complication → refer + 2 weeks;
 * 2 consecutive uncontrolled visits → refer + 2 weeks; first unsatisfactory or adverse reaction →
 * adjust + 2 weeks; satisfactory → 3 months. Mental: stable 3 months, basically stable 2 weeks,
 * unstable refer + 2 weeks. TB: by supervisor and treatment phase (family: 10 days / monthly [M]).
 */
export function decideNextVisit(
  input: NextVisitInput,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): NextVisitDecision {
  const outcome = decideOutcome(input, policy.intervals);
  return {
    nextDueDate: addInterval(input.visitDate, outcome.interval),
    reason: outcome.reason,
    shouldRefer: outcome.shouldRefer,
  };
}

/** TB first home visit: within 72 hours of the notification, i.e. by notification date + 3 days [V S12]. */
export function decideFirstTuberculosisVisit(
  notifiedOn: IsoDate,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): NextVisitDecision {
  return {
    nextDueDate: addInterval(notifiedOn, policy.intervals.tuberculosisFirstHomeVisit),
    reason: 'tb_first_home_visit',
    shouldRefer: false,
  };
}

/** 规则服药: at least 90 % of the planned doses taken [M]; nothing planned yet is not "regular". */
export function isRegularTuberculosisMedication(
  doses: { dosesTaken: number; dosesPlanned: number },
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): boolean {
  return (
    doses.dosesPlanned > 0 &&
    doses.dosesTaken * 100 >= doses.dosesPlanned * policy.tuberculosis.regularMedicationMinPercent
  );
}
