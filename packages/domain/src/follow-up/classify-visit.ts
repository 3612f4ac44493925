/**
 * Visit classes (随访分类). Precedence when several apply, most serious first [M]:
 * 并发症 (new or worse complication) → 不良反应 (adverse drug reaction) → 控制不满意 → 控制满意.
 * The paper form takes one class, and this order keeps the class that drives the strongest action.
 */
import { FOLLOW_UP_POLICY, isBpBelow, type TBpLimit, type TFollowUpPolicy } from './follow-up-policy.ts';
import type { Tenths } from './measurement.ts';
import type { Insight, MentalStability, VisitClass } from './vocabulary.ts';

type ClassFlags = { isOnTarget: boolean; hasAdverseReaction: boolean; hasNewComplication: boolean };

const CLASS_PRECEDENCE: readonly (readonly [VisitClass, (flags: ClassFlags) => boolean])[] = [
  ['complication', (f) => f.hasNewComplication],
  ['adverse_reaction', (f) => f.hasAdverseReaction],
  ['unsatisfactory', (f) => !f.isOnTarget],
];

/** Classify from the three facts the Specification names; shared by every disease with 随访分类. */
export function classifyByFlags(flags: ClassFlags): VisitClass {
  return CLASS_PRECEDENCE.find(([, applies]) => applies(flags))?.[0] ?? 'satisfactory';
}

/** The visit-class BP target: <140/90, or <150/90 from age 65 [V]. */
export function hypertensionTargetForAge(age: number, policy: TFollowUpPolicy = FOLLOW_UP_POLICY): TBpLimit {
  const rules = policy.hypertension;
  return age >= rules.elderlyFromAge ? rules.elderlyControlledBelow : rules.controlledBelow;
}

export type HypertensionClassInput = {
  systolic: number;
  diastolic: number;
  /** Age in whole years on the visit date (see calendar `ageOn`). */
  age: number;
  hasAdverseReaction: boolean;
  hasNewComplication: boolean;
};

export function classifyHypertensionVisit(
  input: HypertensionClassInput,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): VisitClass {
  return classifyByFlags({
    ...input,
    isOnTarget: isBpBelow(input, hypertensionTargetForAge(input.age, policy)),
  });
}

export type DiabetesClassInput = {
  fastingGlucoseTenths: Tenths;
  hasAdverseReaction: boolean;
  hasNewComplication: boolean;
};

/** Satisfactory when fasting glucose < 7.0 mmol/L (< 70 tenths) [V]. */
export function classifyDiabetesVisit(
  input: DiabetesClassInput,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): VisitClass {
  return classifyByFlags({
    ...input,
    isOnTarget: input.fastingGlucoseTenths < policy.diabetes.controlledFastingGlucoseBelowTenths,
  });
}

export type MentalClassInput = {
  /** 危险性评估 0–5. */
  dangerGrade: number;
  /** The optional facts below come from the Specification's service text (not in docs/domain.md). */
  hasObviousSymptoms?: boolean;
  hasResidualSymptoms?: boolean;
  insight?: Insight;
  hasPoorSocialFunction?: boolean;
  hasSevereAdverseReaction?: boolean;
  hasSevereSomaticDisease?: boolean;
};

const MENTAL_STABILITY_RULES: readonly (readonly [MentalStability, (input: MentalClassInput) => boolean])[] =
  [
    [
      'unstable',
      (i) =>
        i.dangerGrade >= 3 ||
        i.hasObviousSymptoms === true ||
        i.insight === 'absent' ||
        i.hasSevereAdverseReaction === true ||
        i.hasSevereSomaticDisease === true,
    ],
    [
      'basically_stable',
      (i) =>
        i.dangerGrade >= 1 ||
        i.hasResidualSymptoms === true ||
        i.insight === 'incomplete' ||
        i.hasPoorSocialFunction === true,
    ],
  ];

/**
 * 不稳定: danger grade 3–5 (or obvious psychotic symptoms, no insight, severe adverse reaction,
 * severe somatic disease); 基本稳定: grade 1–2 (or residual symptoms, partial insight, poor social
 * function); 稳定: grade 0 and none of those [V S11].
 */
export function classifyMentalVisit(input: MentalClassInput): MentalStability {
  if (!Number.isInteger(input.dangerGrade) || input.dangerGrade < 0 || input.dangerGrade > 5) {
    throw new RangeError(`危险性评估“${input.dangerGrade}”应为0–5级的整数`);
  }
  return MENTAL_STABILITY_RULES.find(([, applies]) => applies(input))?.[0] ?? 'stable';
}
