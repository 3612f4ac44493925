/**
 * Closed vocabularies of the settlement engine, each with its Chinese label.
 * The order of each list is stable: it is used for bitmasks and statement ordering.
 */

export const HOSPITAL_LEVELS = ['township', 'county', 'city', 'province'] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];
export const HOSPITAL_LEVEL_LABELS: Readonly<Record<HospitalLevel, string>> = {
  township: '乡镇',
  county: '县级',
  city: '市级',
  province: '省级及以上',
};

export const VISIT_TYPES = ['inpatient', 'outpatient_chronic', 'outpatient'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];
export const VISIT_TYPE_LABELS: Readonly<Record<VisitType, string>> = {
  inpatient: '住院',
  outpatient_chronic: '门诊慢特病',
  outpatient: '普通门诊',
};

/** Person categories that change settlement parameters (domain.md §5, §6). */
export const PERSON_CATEGORIES = [
  'poor_registered',
  'poverty_exited',
  'dibao',
  'tekun',
  'severe_disability',
  'monitored',
  'dibao_edge',
  'relapse_poor',
  'illness_hardship',
] as const;
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];
export const PERSON_CATEGORY_LABELS: Readonly<Record<PersonCategory, string>> = {
  poor_registered: '建档立卡贫困人口',
  poverty_exited: '脱贫人口',
  dibao: '低保对象',
  tekun: '特困供养人员',
  severe_disability: '重度残疾人',
  monitored: '监测对象',
  dibao_edge: '低保边缘人口',
  relapse_poor: '返贫致贫人口',
  illness_hardship: '因病支出型困难人员',
};

/** Why the patient needs care; used to exclude 先诊疗后付费 (accidents, fights, poisoning, insured elsewhere). */
export const CLAIM_CAUSES = [
  'illness',
  'accident',
  'traffic_accident',
  'fight',
  'poisoning',
  'insured_elsewhere',
] as const;
export type ClaimCause = (typeof CLAIM_CAUSES)[number];
export const CLAIM_CAUSE_LABELS: Readonly<Record<ClaimCause, string>> = {
  illness: '疾病',
  accident: '意外伤害',
  traffic_accident: '交通事故',
  fight: '打架斗殴',
  poisoning: '中毒',
  insured_elsewhere: '异地参保',
};

/** Codes of the three fixed base layers; further layers carry the codes given in the policy set. */
export const BASE_LAYER_CODES = ['basic_insurance', 'critical_illness', 'medical_assistance'] as const;
export type BaseLayerCode = (typeof BASE_LAYER_CODES)[number];
export const BASE_LAYER_LABELS: Readonly<Record<BaseLayerCode, string>> = {
  basic_insurance: '基本医保',
  critical_illness: '大病保险',
  medical_assistance: '医疗救助',
};

/** Trace-only pseudo layers. */
export const SELF_PAY_CAP_LAYER = 'self_pay_cap';
export const TREAT_FIRST_PAY_LATER_LAYER = 'treat_first_pay_later';
export const RESERVED_LAYER_CODES: readonly string[] = [
  ...BASE_LAYER_CODES,
  SELF_PAY_CAP_LAYER,
  TREAT_FIRST_PAY_LATER_LAYER,
];
