/**
 * Supervision (督导检查) vocabulary: stored codes and their Chinese labels. The codes match the CHECK
 * constraints of migration 2026_12_06_1270_supervision.
 *
 * Source (domain.md §1, S1a): the bureau runs supervision 4 times a year, split into groups that each cover
 * a patch of townships (分片包干); findings go into a 问题清单, are rectified and closed one by one (整改销号)
 * until none is left (清零).
 */

export const ROUND_KINDS = ['quarterly', 'special'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
export const ROUND_KIND_LABELS: Readonly<Record<RoundKind, string>> = {
  quarterly: '季度督导',
  special: '专项督导',
};

/** Supervision rounds planned per year (一年四次督导方案). */
export const QUARTERLY_ROUNDS_PER_YEAR = 4;

export const PROBLEM_CATEGORIES = [
  'policy',
  'contract',
  'follow_up',
  'settlement',
  'records',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];
export const PROBLEM_CATEGORY_LABELS: Readonly<Record<ProblemCategory, string>> = {
  policy: '政策落实',
  contract: '签约履约',
  follow_up: '随访记录',
  settlement: '结算报销',
  records: '档案资料',
  other: '其他',
};

export const PROBLEM_SEVERITIES = ['general', 'major', 'serious'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];
export const PROBLEM_SEVERITY_LABELS: Readonly<Record<ProblemSeverity, string>> = {
  general: '一般',
  major: '较重',
  serious: '严重',
};

/**
 * Suggested rectification period in days by severity [M]: the form proposes found-on + this many days; the
 * inspector may set any deadline on or after the finding date.
 */
export const DEFAULT_RECTIFICATION_DAYS: Readonly<Record<ProblemSeverity, number>> = {
  general: 60,
  major: 30,
  serious: 15,
};

export const PROBLEM_SOURCES = ['round', 'superior', 'daily', 'complaint'] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];
export const PROBLEM_SOURCE_LABELS: Readonly<Record<ProblemSource, string>> = {
  round: '督导检查',
  superior: '上级反馈',
  daily: '日常监管',
  complaint: '群众反映',
};
