/**
 * One recorded visit → its class, red alert and next due date: the composition of
 * detectEmergencyReferral, the classify* rules and decideNextVisit that the server stores with every visit.
 */
import type { IsoDate } from '../calendar/iso-date.ts';
import {
  classifyByFlags,
  classifyDiabetesVisit,
  classifyHypertensionVisit,
  classifyMentalVisit,
} from './classify-visit.ts';
import {
  decideFirstTuberculosisVisit,
  decideNextVisit,
  isRegularTuberculosisMedication,
  type NextVisitDecision,
} from './decide-next-visit.ts';
import { detectEmergencyReferral, type EmergencyReferral } from './detect-emergency-referral.ts';
import { FOLLOW_UP_POLICY, type TFollowUpPolicy } from './follow-up-policy.ts';
import type { TFollowUpVisit } from './visit-forms.schema.ts';
import type { MentalStability, VisitClass } from './vocabulary.ts';

/** 规则服药 / 不规则服药: the TB form's "class" (the Specification gives TB no 随访分类). */
export const TB_CLASS_LABELS = { regular: '规则服药', irregular: '不规则服药' } as const;
export type TbClass = keyof typeof TB_CLASS_LABELS;

export type VisitAssessment = {
  classification: VisitClass | MentalStability | TbClass;
  decision: NextVisitDecision;
  referral: EmergencyReferral;
  /** TB first home visit later than 72 h after the notification; null for other visits. */
  isFirstVisitLate: boolean | null;
};

export type VisitContext = {
  /** Age in whole years on the visit date. */
  age: number;
  /** The class of the enrolment's previous visit (for "two consecutive" rules). */
  previousClassification: string | null;
  /** TB notification date of the enrolment. */
  notifiedOn: IsoDate | null;
};

/**
 * Hypertension and the generic form classify by BP when both readings are present (age-aware target);
 * diabetes (and a generic visit without BP) by fasting glucose; a visit without the measurement (phone)
 * takes the doctor's class, else the flags alone. Any emergency trigger, or a referral written on the form,
 * refers the patient: follow-up within 2 weeks.
 */
export function assessFollowUpVisit(
  form: TFollowUpVisit,
  context: VisitContext,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): VisitAssessment {
  const referral = detectEmergencyReferral(form, policy);
  const isReferred = referral.isRedAlert || form.referral !== undefined;
  switch (form.disease) {
    case 'mental': {
      const classification = classifyMentalVisit({ dangerGrade: form.dangerGrade, insight: form.insight });
      const decision = decideNextVisit(
        { disease: 'mental', visitDate: form.visitDate, classification, isReferred },
        policy,
      );
      return { classification, decision, referral, isFirstVisitLate: null };
    }
    case 'tuberculosis': {
      const classification: TbClass = isRegularTuberculosisMedication(form, policy) ? 'regular' : 'irregular';
      const decision = decideNextVisit(
        {
          disease: 'tuberculosis',
          visitDate: form.visitDate,
          phase: form.treatmentPhase,
          supervisor: form.supervisor,
          isReferred,
        },
        policy,
      );
      const isFirstVisitLate =
        form.visitKind === 'first_home' && context.notifiedOn
          ? form.visitDate > decideFirstTuberculosisVisit(context.notifiedOn, policy).nextDueDate
          : null;
      return { classification, decision, referral, isFirstVisitLate };
    }
    default: {
      const flags = {
        hasAdverseReaction: form.hasAdverseReaction,
        hasNewComplication: form.hasNewComplication,
      };
      const { systolic, diastolic } = form;
      const glucose = form.disease === 'hypertension' ? undefined : form.fastingGlucoseTenths;
      let classification: VisitClass;
      if (form.disease !== 'diabetes' && systolic !== undefined && diastolic !== undefined) {
        classification = classifyHypertensionVisit(
          { systolic, diastolic, age: context.age, ...flags },
          policy,
        );
      } else if (glucose !== undefined) {
        classification = classifyDiabetesVisit({ fastingGlucoseTenths: glucose, ...flags }, policy);
      } else {
        classification = form.visitClass ?? classifyByFlags({ isOnTarget: true, ...flags });
      }
      const decision = decideNextVisit(
        {
          disease: form.disease,
          visitDate: form.visitDate,
          classification,
          previousClassification: context.previousClassification as VisitClass | null,
          isReferred,
        },
        policy,
      );
      return { classification, decision, referral, isFirstVisitLate: null };
    }
  }
}
