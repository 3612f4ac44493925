/**
 * Follow-up visit forms (随访服务记录表) of the 3rd-edition Basic Public Health Service Specification,
 * as zod schemas. One-decimal measurements are integer tenths (see measurement.ts): the web converts
 * typed text with `parseTenths`, so the API never sees a float.
 *
 * Required vs optional: a phone visit (电话随访) may lack measurements; a clinic or home visit must
 * record blood pressure (hypertension) or fasting glucose (diabetes). Other measurements are optional.
 */
import { z } from 'zod';
import {
  applyChecks,
  checkExclusiveChoice,
  checkOrder,
  checkRequiredWhen,
  type FieldCheck,
  includesCode,
  zCode,
  zCodes,
  zFlag,
  zIntRange,
  zIsoDate,
  zTenthsRange,
  zText,
} from './schema-helpers.ts';
import {
  DIABETES_SYMPTOM_LABELS,
  DORSALIS_PEDIS_PULSE_LABELS,
  EMERGENCY_SIGN_LABELS,
  FOLLOW_UP_DISEASE_LABELS,
  GOOD_FAIR_POOR_LABELS,
  HOSPITALISATION_LABELS,
  HYPERTENSION_SYMPTOM_LABELS,
  HYPOGLYCAEMIA_LABELS,
  INSIGHT_LABELS,
  MANAGEMENT_END_REASON_LABELS,
  MEDICATION_ADHERENCE_LABELS,
  MENTAL_STABILITY_LABELS,
  MENTAL_STATE_LABELS,
  MENTAL_SYMPTOM_LABELS,
  REHABILITATION_LABELS,
  SALT_INTAKE_LABELS,
  SOCIAL_FUNCTION_AREA_LABELS,
  type SocialFunctionArea,
  SPUTUM_RESULT_LABELS,
  TB_PHASE_LABELS,
  TB_SUPERVISOR_LABELS,
  TB_VISIT_KIND_LABELS,
  TREATMENT_EFFECT_LABELS,
  VISIT_CLASS_LABELS,
  VISIT_METHOD_LABELS,
  VISIT_OUTCOME_LABELS,
} from './vocabulary.ts';

/** Field ranges, shared with the rules' tests. Tenths fields are value × 10. */
export const VISIT_FIELD_RANGES = {
  systolic: { min: 60, max: 300 },
  diastolic: { min: 30, max: 200 },
  heartRate: { min: 30, max: 250 },
  weightTenths: { min: 200, max: 3000 },
  bmiTenths: { min: 100, max: 800 },
  fastingGlucoseTenths: { min: 10, max: 333 },
  hba1cTenths: { min: 30, max: 200 },
  temperatureTenths: { min: 300, max: 450 },
  dangerGrade: { min: 0, max: 5 },
} as const;

const range = VISIT_FIELD_RANGES;

export const ZFollowUpDrug = z.object({
  name: zText('药物名称', 50),
  dose: zText('药物用量', 30),
  frequency: zText('用药频次', 30),
});
export type TFollowUpDrug = z.infer<typeof ZFollowUpDrug>;

export const ZFollowUpReferral = z.object({
  reason: zText('转诊原因', 200),
  institution: zText('转诊机构', 100),
  department: zText('转诊科别', 50),
});
export type TFollowUpReferral = z.infer<typeof ZFollowUpReferral>;

const MAX_DRUGS = 10;

const COMMON_FIELDS = {
  visitDate: zIsoDate('随访日期'),
  method: zCode('随访方式', VISIT_METHOD_LABELS),
  doctorName: zText('随访医生签名', 50),
  nextVisitDate: zIsoDate('下次随访日期').optional(),
  referral: ZFollowUpReferral.optional(),
  outcome: zCode('转归', VISIT_OUTCOME_LABELS),
  endReason: zCode('终止管理原因', MANAGEMENT_END_REASON_LABELS).optional(),
};

const ADVERSE_REACTION_FIELDS = {
  hasAdverseReaction: zFlag('药物不良反应'),
  adverseReactionNote: zText('药物不良反应描述', 200).optional(),
};

const MEDICATION_FIELDS = {
  ...ADVERSE_REACTION_FIELDS,
  adherence: zCode('服药依从性', MEDICATION_ADHERENCE_LABELS),
  drugs: z
    .array(ZFollowUpDrug, { error: '用药情况必须是药物列表' })
    .max(MAX_DRUGS, { error: `用药情况最多填写${MAX_DRUGS}种药物` })
    .default([]),
};

const BP_FIELDS = {
  systolic: zIntRange('收缩压', range.systolic.min, range.systolic.max, 'mmHg').optional(),
  diastolic: zIntRange('舒张压', range.diastolic.min, range.diastolic.max, 'mmHg').optional(),
};

const weight = (label: string) => zTenthsRange(label, range.weightTenths.min, range.weightTenths.max, 'kg');
const bmi = (label: string) => zTenthsRange(label, range.bmiTenths.min, range.bmiTenths.max, 'kg/m²');
const heartRate = () => zIntRange('心率', range.heartRate.min, range.heartRate.max, '次/分钟');
const fastingGlucose = () =>
  zTenthsRange('空腹血糖', range.fastingGlucoseTenths.min, range.fastingGlucoseTenths.max, 'mmol/L');
const temperature = () => zTenthsRange('体温', range.temperatureTenths.min, range.temperatureTenths.max, '℃');
const cigarettes = (label: string) => zIntRange(label, 0, 100, '支/日');
const alcohol = (label: string) => zIntRange(label, 0, 50, '两/日');
const exerciseTimes = (label: string) => zIntRange(label, 0, 21, '次/周');
const exerciseMinutes = (label: string) => zIntRange(label, 0, 600, '分钟/次');

/** Signs, body and lifestyle rows shared by the hypertension and diabetes forms (current + target). */
const CARDIOMETABOLIC_FIELDS = {
  ...COMMON_FIELDS,
  ...MEDICATION_FIELDS,
  ...BP_FIELDS,
  otherSymptomNote: zText('其他症状', 100).optional(),
  weightTenths: weight('体重').optional(),
  targetWeightTenths: weight('目标体重').optional(),
  bmiTenths: bmi('体质指数').optional(),
  targetBmiTenths: bmi('目标体质指数').optional(),
  cigarettesPerDay: cigarettes('日吸烟量').optional(),
  targetCigarettesPerDay: cigarettes('目标日吸烟量').optional(),
  alcoholLiangPerDay: alcohol('日饮酒量').optional(),
  targetAlcoholLiangPerDay: alcohol('目标日饮酒量').optional(),
  exerciseTimesPerWeek: exerciseTimes('运动频率').optional(),
  exerciseMinutesPerTime: exerciseMinutes('每次运动时间').optional(),
  targetExerciseTimesPerWeek: exerciseTimes('目标运动频率').optional(),
  targetExerciseMinutesPerTime: exerciseMinutes('目标每次运动时间').optional(),
  psychologicalAdjustment: zCode('心理调整', GOOD_FAIR_POOR_LABELS).optional(),
  compliance: zCode('遵医行为', GOOD_FAIR_POOR_LABELS).optional(),
  auxiliaryExams: zText('辅助检查', 500).optional(),
  visitClass: zCode('随访分类', VISIT_CLASS_LABELS).optional(),
  hasNewComplication: zFlag('新发或加重并发症').default(false),
  emergencySigns: zCodes('紧急转诊症状', EMERGENCY_SIGN_LABELS).default([]),
  isPregnantOrBreastfeeding: zFlag('妊娠期或哺乳期').default(false),
};

const COMMON_CHECKS: readonly FieldCheck[] = [
  checkOrder({
    lower: 'visitDate',
    upper: 'nextVisitDate',
    isStrict: true,
    path: 'nextVisitDate',
    message: '下次随访日期必须晚于本次随访日期',
  }),
  checkRequiredWhen({
    field: 'endReason',
    when: (v) => v.outcome === 'ended',
    requiredMessage: '转归为终止管理时必须填写终止管理原因',
    forbiddenMessage: '转归不是终止管理时不能填写终止管理原因',
  }),
  checkRequiredWhen({
    field: 'adverseReactionNote',
    when: (v) => v.hasAdverseReaction === true,
    requiredMessage: '有药物不良反应时必须填写不良反应描述',
  }),
];

const BP_CHECKS: readonly FieldCheck[] = [
  checkOrder({
    lower: 'diastolic',
    upper: 'systolic',
    isStrict: true,
    path: 'diastolic',
    message: '舒张压必须低于收缩压',
  }),
];

const OTHER_SYMPTOM_CHECKS: readonly FieldCheck[] = [
  checkRequiredWhen({
    field: 'otherSymptomNote',
    when: includesCode('symptoms', 'other'),
    requiredMessage: '选择“其他”症状时必须填写具体症状',
  }),
];

const SYMPTOM_CHECKS: readonly FieldCheck[] = [
  checkExclusiveChoice('symptoms', 'none', '选择“无症状”时不能同时选择其他症状'),
  ...OTHER_SYMPTOM_CHECKS,
];

/** Measurements a clinic or home visit must record; a phone visit may leave them empty. */
function requireOnSite(field: string, label: string): FieldCheck {
  return checkRequiredWhen({
    field,
    when: (v) => v.method !== 'phone',
    requiredMessage: `门诊/家庭随访必须填写${label}`,
  });
}

function notAfterVisitDate(field: string, label: string): FieldCheck {
  return checkOrder({
    lower: field,
    upper: 'visitDate',
    isStrict: false,
    path: field,
    message: `${label}不能晚于随访日期`,
  });
}

const symptomsOf = <T extends Readonly<Record<string, string>>>(labels: T) =>
  zCodes('症状', labels).refine((codes) => codes.length > 0, { error: '症状至少选择一项' });

export const ZHypertensionVisit = z
  .object({
    disease: z.literal('hypertension'),
    ...CARDIOMETABOLIC_FIELDS,
    symptoms: symptomsOf(HYPERTENSION_SYMPTOM_LABELS),
    heartRate: heartRate().optional(),
    saltIntake: zCode('摄盐情况', SALT_INTAKE_LABELS).optional(),
    targetSaltIntake: zCode('目标摄盐情况', SALT_INTAKE_LABELS).optional(),
  })
  .superRefine(
    applyChecks([
      ...COMMON_CHECKS,
      ...BP_CHECKS,
      ...SYMPTOM_CHECKS,
      requireOnSite('systolic', '收缩压'),
      requireOnSite('diastolic', '舒张压'),
    ]),
  );
export type THypertensionVisit = z.infer<typeof ZHypertensionVisit>;

export const ZInsulin = z.object({
  kind: zText('胰岛素种类', 30),
  usage: zText('胰岛素用法', 50),
  dose: zText('胰岛素用量', 30),
});
export type TInsulin = z.infer<typeof ZInsulin>;

export const ZDiabetesVisit = z
  .object({
    disease: z.literal('diabetes'),
    ...CARDIOMETABOLIC_FIELDS,
    symptoms: symptomsOf(DIABETES_SYMPTOM_LABELS),
    heartRate: heartRate().optional(),
    temperatureTenths: temperature().optional(),
    dorsalisPedisPulse: zCode('足背动脉搏动', DORSALIS_PEDIS_PULSE_LABELS).optional(),
    stapleFoodGramsPerDay: zIntRange('主食量', 0, 2000, '克/天').optional(),
    targetStapleFoodGramsPerDay: zIntRange('目标主食量', 0, 2000, '克/天').optional(),
    fastingGlucoseTenths: fastingGlucose().optional(),
    hba1cTenths: zTenthsRange('糖化血红蛋白', range.hba1cTenths.min, range.hba1cTenths.max, '%').optional(),
    hba1cDate: zIsoDate('糖化血红蛋白检查日期').optional(),
    hypoglycaemia: zCode('低血糖反应', HYPOGLYCAEMIA_LABELS).optional(),
    insulin: ZInsulin.optional(),
  })
  .superRefine(
    applyChecks([
      ...COMMON_CHECKS,
      ...BP_CHECKS,
      ...SYMPTOM_CHECKS,
      requireOnSite('fastingGlucoseTenths', '空腹血糖'),
      checkRequiredWhen({
        field: 'hba1cDate',
        when: (v) => v.hba1cTenths !== undefined,
        requiredMessage: '填写糖化血红蛋白时必须填写检查日期',
      }),
      notAfterVisitDate('hba1cDate', '糖化血红蛋白检查日期'),
    ]),
  );
export type TDiabetesVisit = z.infer<typeof ZDiabetesVisit>;

const socialFunctionShape = Object.fromEntries(
  Object.entries(SOCIAL_FUNCTION_AREA_LABELS).map(([area, label]) => [
    area,
    zCode(label, MENTAL_STATE_LABELS),
  ]),
) as Record<SocialFunctionArea, ReturnType<typeof zCode<typeof MENTAL_STATE_LABELS>>>;

export const ZSocialFunction = z.object(socialFunctionShape, { error: '社会功能情况不能为空' });
export type TSocialFunction = z.infer<typeof ZSocialFunction>;

export const ZMentalVisit = z
  .object({
    disease: z.literal('mental'),
    ...COMMON_FIELDS,
    ...MEDICATION_FIELDS,
    dangerGrade: zIntRange('危险性评估', range.dangerGrade.min, range.dangerGrade.max, '级'),
    symptoms: zCodes('目前症状', MENTAL_SYMPTOM_LABELS),
    otherSymptomNote: zText('其他症状', 100).optional(),
    insight: zCode('自知力', INSIGHT_LABELS),
    sleep: zCode('睡眠情况', MENTAL_STATE_LABELS),
    diet: zCode('饮食情况', MENTAL_STATE_LABELS),
    socialFunction: ZSocialFunction,
    labExams: zText('实验室检查', 500).optional(),
    treatmentEffect: zCode('治疗效果', TREATMENT_EFFECT_LABELS).optional(),
    hospitalisation: zCode('住院情况', HOSPITALISATION_LABELS),
    lastDischargeDate: zIsoDate('末次出院日期').optional(),
    rehabilitation: zCodes('康复措施', REHABILITATION_LABELS).default([]),
    rehabilitationNote: zText('其他康复措施', 100).optional(),
    stability: zCode('病情稳定性', MENTAL_STABILITY_LABELS).optional(),
  })
  .superRefine(
    applyChecks([
      ...COMMON_CHECKS,
      ...OTHER_SYMPTOM_CHECKS,
      notAfterVisitDate('lastDischargeDate', '末次出院日期'),
      checkRequiredWhen({
        field: 'lastDischargeDate',
        when: (v) => v.hospitalisation === 'previous',
        requiredMessage: '既往住院时必须填写末次出院日期',
      }),
    ]),
  );
export type TMentalVisit = z.infer<typeof ZMentalVisit>;

export const ZSputumResult = z.object({
  date: zIsoDate('痰菌检查日期'),
  result: zCode('痰菌检查结果', SPUTUM_RESULT_LABELS),
});
export type TSputumResult = z.infer<typeof ZSputumResult>;

export const ZTuberculosisVisit = z
  .object({
    disease: z.literal('tuberculosis'),
    ...COMMON_FIELDS,
    ...ADVERSE_REACTION_FIELDS,
    visitKind: zCode('随访类型', TB_VISIT_KIND_LABELS),
    diagnosisDate: zIsoDate('确诊日期'),
    treatmentPhase: zCode('治疗阶段', TB_PHASE_LABELS),
    supervisor: zCode('督导人员', TB_SUPERVISOR_LABELS),
    dosesTaken: zIntRange('实际服药次数', 0, 400, '次'),
    dosesPlanned: zIntRange('应服药次数', 0, 400, '次'),
    sputumResults: z.array(ZSputumResult, { error: '痰菌检查结果必须是列表' }).default([]),
  })
  .superRefine(
    applyChecks([
      ...COMMON_CHECKS,
      notAfterVisitDate('diagnosisDate', '确诊日期'),
      checkOrder({
        lower: 'dosesTaken',
        upper: 'dosesPlanned',
        isStrict: false,
        path: 'dosesTaken',
        message: '实际服药次数不能多于应服药次数',
      }),
    ]),
  );
export type TTuberculosisVisit = z.infer<typeof ZTuberculosisVisit>;

/** Generic form for the other chronic diseases (the "6 类": 脑血管病, 冠心病, 慢阻肺 ...). */
export const ZChronicVisit = z
  .object({
    disease: z.literal('chronic'),
    ...COMMON_FIELDS,
    ...MEDICATION_FIELDS,
    ...BP_FIELDS,
    conditionName: zText('慢性病名称', 50),
    symptomsNote: zText('症状', 200).optional(),
    heartRate: heartRate().optional(),
    weightTenths: weight('体重').optional(),
    fastingGlucoseTenths: fastingGlucose().optional(),
    temperatureTenths: temperature().optional(),
    auxiliaryExams: zText('辅助检查', 500).optional(),
    visitClass: zCode('随访分类', VISIT_CLASS_LABELS).optional(),
    hasNewComplication: zFlag('新发或加重并发症').default(false),
    emergencySigns: zCodes('紧急转诊症状', EMERGENCY_SIGN_LABELS).default([]),
  })
  .superRefine(applyChecks([...COMMON_CHECKS, ...BP_CHECKS]));
export type TChronicVisit = z.infer<typeof ZChronicVisit>;

export const ZFollowUpVisit = z.discriminatedUnion(
  'disease',
  [ZHypertensionVisit, ZDiabetesVisit, ZMentalVisit, ZTuberculosisVisit, ZChronicVisit],
  { error: `随访病种只能是${Object.values(FOLLOW_UP_DISEASE_LABELS).join('/')}` },
);
export type TFollowUpVisit = z.infer<typeof ZFollowUpVisit>;
