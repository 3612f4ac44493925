/**
 * 防止因病致贫返贫 monitoring vocabulary (domain.md §6): warning rules, warning statuses and assistance
 * measures. Codes match the CHECK constraints of migration 2026_12_06_1271_early_warning.
 */

export const WARNING_RULE_CODES = [
  'high_expense',
  'low_income',
  'monitored_no_measure',
  'major_waiting',
] as const;
export type WarningRuleCode = (typeof WARNING_RULE_CODES)[number];

export const WARNING_RULE_LABELS: Readonly<Record<WarningRuleCode, string>> = {
  high_expense: '高额医疗费用',
  low_income: '家庭收入低于监测标准',
  monitored_no_measure: '监测对象未落实帮扶措施',
  major_waiting: '大病患者久未救治',
};

/** What each rule watches, as printed beside the rule settings and under the warning list. */
export const WARNING_RULE_DESCRIPTIONS: Readonly<Record<WarningRuleCode, string>> = {
  high_expense:
    '个人年度经基本医保、大病保险、医疗救助等各层报销后的自付医疗费用，超过上年当地农村居民人均可支配收入的一定比例（默认50%）。',
  low_income: '家庭上年人均纯收入低于当年防止返贫监测收入标准（已纳入监测且风险未消除的户可不重复预警）。',
  monitored_no_measure: '识别为监测对象满规定期限（默认1个月）仍未落实任何帮扶措施（含医疗救助结算）。',
  major_waiting: '纳入大病专项救治的患者在救治台账中处于“待救治”超过规定天数（默认30天）。',
};

export const WARNING_SUBJECT_TYPES = ['person', 'household'] as const;
export type WarningSubjectType = (typeof WARNING_SUBJECT_TYPES)[number];

export const WARNING_STATUSES = ['pending', 'handling', 'handled', 'excluded'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const WARNING_STATUS_LABELS: Readonly<Record<WarningStatus, string>> = {
  pending: '待处置',
  handling: '处置中',
  handled: '已处置',
  excluded: '已排除',
};

/** Statuses counted as 处置 by 预警处置率: measures taken, or checked and ruled out with a reason. */
export const DISPOSED_WARNING_STATUSES: readonly WarningStatus[] = ['handled', 'excluded'];

export const ASSISTANCE_MEASURES = [
  'include_monitoring',
  'medical_assistance',
  'temporary_assistance',
  'critical_illness_tilt',
  'major_disease_treatment',
  'family_doctor',
  'other',
] as const;
export type AssistanceMeasure = (typeof ASSISTANCE_MEASURES)[number];

export const ASSISTANCE_MEASURE_LABELS: Readonly<Record<AssistanceMeasure, string>> = {
  include_monitoring: '纳入监测对象',
  medical_assistance: '医疗救助',
  temporary_assistance: '临时救助',
  critical_illness_tilt: '大病保险倾斜',
  major_disease_treatment: '大病专项救治',
  family_doctor: '家庭医生签约服务',
  other: '其他帮扶措施',
};

/** Measures that pay money: their amount (fen) is required. */
export const PAID_ASSISTANCE_MEASURES: readonly AssistanceMeasure[] = [
  'medical_assistance',
  'temporary_assistance',
];
