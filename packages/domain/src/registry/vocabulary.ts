/**
 * Registry vocabulary (domain.md §0, §6): stored codes and their Chinese labels. The codes match the
 * CHECK constraints of migration 2026_11_23_1000_registry.
 */
export const REGISTRY_CATEGORIES = [
  'poor_registered',
  'poverty_exited',
  'dibao',
  'tekun',
  'severe_disability',
  'monitored',
  'dibao_edge',
] as const;
export type RegistryCategory = (typeof REGISTRY_CATEGORIES)[number];

export const REGISTRY_CATEGORY_LABELS: Record<RegistryCategory, string> = {
  poor_registered: '建档立卡贫困人口',
  poverty_exited: '脱贫人口',
  dibao: '低保',
  tekun: '特困供养',
  severe_disability: '重度残疾',
  monitored: '监测对象',
  dibao_edge: '低保边缘',
};

export const POVERTY_ATTRIBUTES = ['general', 'dibao', 'tekun'] as const;
export type PovertyAttribute = (typeof POVERTY_ATTRIBUTES)[number];
export const POVERTY_ATTRIBUTE_LABELS: Record<PovertyAttribute, string> = {
  general: '一般贫困户',
  dibao: '低保贫困户',
  tekun: '特困供养贫困户',
};

export const POVERTY_CAUSES = [
  '因病',
  '因残',
  '因学',
  '因灾',
  '缺土地',
  '缺水',
  '缺技术',
  '缺劳力',
  '缺资金',
  '交通条件落后',
  '自身发展动力不足',
  '其他',
] as const;
export type PovertyCause = (typeof POVERTY_CAUSES)[number];

export const EXIT_STATUSES = ['not_exited', 'exited'] as const;
export type ExitStatus = (typeof EXIT_STATUSES)[number];
export const EXIT_STATUS_LABELS: Record<ExitStatus, string> = { not_exited: '未脱贫', exited: '已脱贫' };

/** Monitoring types [V S19]: 脱贫不稳定户 = 0, 边缘易致贫户 = 1, 突发严重困难户 = 2. */
export const MONITORING_TYPES = ['unstable', 'edge', 'sudden'] as const;
export type MonitoringType = (typeof MONITORING_TYPES)[number];
export const MONITORING_TYPE_LABELS: Record<MonitoringType, string> = {
  unstable: '脱贫不稳定户',
  edge: '边缘易致贫户',
  sudden: '突发严重困难户',
};

export const RISK_STATUSES = ['not_eliminated', 'eliminated'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
export const RISK_STATUS_LABELS: Record<RiskStatus, string> = {
  not_eliminated: '风险未消除',
  eliminated: '风险已消除',
};

export const PERSON_STATUSES = ['normal', 'dead', 'moved_out'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];
export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
  normal: '正常',
  dead: '死亡',
  moved_out: '迁出',
};

export const HOUSEHOLD_RELATIONS = [
  '户主',
  '配偶',
  '之子',
  '之女',
  '之儿媳',
  '之女婿',
  '之孙子',
  '之孙女',
  '之父',
  '之母',
  '其他',
] as const;

/** Door-to-door verification (入户核实) outcomes. */
export const VERIFICATION_OUTCOMES = ['confirmed', 'corrected', 'dead', 'moved_out', 'not_found'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];
export const VERIFICATION_OUTCOME_LABELS: Record<VerificationOutcome, string> = {
  confirmed: '信息无误',
  corrected: '已更正信息',
  dead: '已死亡',
  moved_out: '已迁出',
  not_found: '查无此人',
};
