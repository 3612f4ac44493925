/**
 * 两筛两癌 vocabulary (domain.md §8): the six programmes a county reports, their methods, results and the
 * referral of abnormal findings. Stored codes and their Chinese labels; the codes match the CHECK
 * constraints of migration 2026_12_06_1260_screenings.
 */

/**
 * 两筛 = prenatal screening (serum, ultrasound) + newborn screening (heel blood, hearing);
 * 两癌 = cervical and breast cancer screening of women aged 35–64.
 */
export const SCREENING_PROGRAMMES = [
  'prenatal_serum',
  'prenatal_ultrasound',
  'newborn_metabolic',
  'newborn_hearing',
  'cervical',
  'breast',
] as const;
export type ScreeningProgramme = (typeof SCREENING_PROGRAMMES)[number];

export const SCREENING_PROGRAMME_LABELS: Record<ScreeningProgramme, string> = {
  prenatal_serum: '孕妇血清学产前筛查',
  prenatal_ultrasound: '产前超声筛查（彩超）',
  newborn_metabolic: '新生儿遗传代谢病筛查（两病）',
  newborn_hearing: '新生儿听力筛查',
  cervical: '宫颈癌筛查',
  breast: '乳腺癌筛查',
};

/** Short labels for table headers. */
export const SCREENING_PROGRAMME_SHORT_LABELS: Record<ScreeningProgramme, string> = {
  prenatal_serum: '血清学筛查',
  prenatal_ultrasound: '彩超检查',
  newborn_metabolic: '新生儿两病筛查',
  newborn_hearing: '新生儿听力筛查',
  cervical: '宫颈癌筛查',
  breast: '乳腺癌筛查',
};

export const SCREENING_GROUPS = ['prenatal', 'newborn', 'two_cancers'] as const;
export type ScreeningGroup = (typeof SCREENING_GROUPS)[number];
export const SCREENING_GROUP_LABELS: Record<ScreeningGroup, string> = {
  prenatal: '产前筛查',
  newborn: '新生儿疾病筛查',
  two_cancers: '“两癌”筛查',
};
export const SCREENING_GROUP_OF: Record<ScreeningProgramme, ScreeningGroup> = {
  prenatal_serum: 'prenatal',
  prenatal_ultrasound: 'prenatal',
  newborn_metabolic: 'newborn',
  newborn_hearing: 'newborn',
  cervical: 'two_cancers',
  breast: 'two_cancers',
};

/** The indicator-catalogue code of each programme's completion rate. */
export const SCREENING_INDICATOR_CODES: Record<ScreeningProgramme, string> = {
  prenatal_serum: 'prenatal_screening_rate',
  prenatal_ultrasound: 'prenatal_ultrasound_screening_rate',
  newborn_metabolic: 'newborn_screening_rate',
  newborn_hearing: 'newborn_hearing_screening_rate',
  cervical: 'cervical_screening_rate',
  breast: 'breast_screening_rate',
};

export type ScreeningMethod = { code: string; label: string };

/** Methods per programme [M: the usual methods of the national programmes; extend as data]. */
export const SCREENING_METHODS: Record<ScreeningProgramme, readonly ScreeningMethod[]> = {
  prenatal_serum: [
    { code: 'early', label: '早孕期血清学筛查' },
    { code: 'mid', label: '中孕期血清学筛查' },
  ],
  prenatal_ultrasound: [{ code: 'system_scan', label: '胎儿系统超声检查' }],
  newborn_metabolic: [{ code: 'heel_blood', label: '足跟血（苯丙酮尿症、先天性甲减）' }],
  newborn_hearing: [
    { code: 'oae', label: '耳声发射（OAE）' },
    { code: 'aabr', label: '自动听性脑干反应（AABR）' },
  ],
  cervical: [
    { code: 'hpv', label: 'HPV检测' },
    { code: 'tct', label: '宫颈细胞学检查（TCT）' },
    { code: 'via_vili', label: '醋酸/碘染色肉眼观察（VIA/VILI）' },
  ],
  breast: [
    { code: 'ultrasound', label: '乳腺彩超' },
    { code: 'mammography', label: '乳腺X线摄影' },
    { code: 'clinical', label: '乳腺临床检查' },
  ],
};

export function methodLabel(programme: ScreeningProgramme, code: string): string {
  return SCREENING_METHODS[programme].find((m) => m.code === code)?.label ?? code;
}

/** normal = 未见异常; abnormal = 异常/高风险/阳性; follow_up = 需进一步检查（召回、复查）. */
export const SCREENING_RESULTS = ['normal', 'abnormal', 'follow_up'] as const;
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

/** Labels per programme group: the same code reads differently for a newborn hearing test and a cancer screen. */
export const SCREENING_RESULT_LABELS: Record<ScreeningResult, string> = {
  normal: '未见异常',
  abnormal: '异常（高风险/阳性）',
  follow_up: '需进一步检查',
};

/**
 * Referral of an abnormal or follow-up result (转诊/召回): none for normal results; pending until the person
 * is referred; then confirmed (a diagnosis), excluded (the further examination was normal) or lost.
 */
export const SCREENING_REFERRAL_STATUSES = [
  'none',
  'pending',
  'referred',
  'confirmed',
  'excluded',
  'lost',
] as const;
export type ScreeningReferralStatus = (typeof SCREENING_REFERRAL_STATUSES)[number];
export const SCREENING_REFERRAL_STATUS_LABELS: Record<ScreeningReferralStatus, string> = {
  none: '无需转诊',
  pending: '待转诊',
  referred: '已转诊',
  confirmed: '已确诊',
  excluded: '已排除',
  lost: '失访',
};

/** How a yearly target is set: a task number handed down, or the live births of the year (newborns). */
export const TARGET_BASES = ['task', 'live_births'] as const;
export type TargetBasis = (typeof TARGET_BASES)[number];
export const TARGET_BASIS_LABELS: Record<TargetBasis, string> = {
  task: '任务数',
  live_births: '活产数',
};

/** Priority groups of the two-cancer programme (domain.md §8: rural and 低保 women first). */
export const PRIORITY_GROUPS = ['low_income', 'rural'] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];
export const PRIORITY_GROUP_LABELS: Record<PriorityGroup, string> = {
  low_income: '低保/特困妇女',
  rural: '农村妇女',
};
