/**
 * Coded values of the follow-up forms (国家基本公共卫生服务规范 第三版). Each vocabulary is one label
 * table: the keys are the stored English codes, the values the Chinese labels shown to users.
 * Derive code lists with `codesOf` so a code can never exist without its label.
 */
type LabelTable = Readonly<Record<string, string>>;

/** The codes of a label table as a non-empty tuple (the shape z.enum expects). */
export function codesOf<T extends LabelTable>(labels: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
}

export const FOLLOW_UP_DISEASE_LABELS = {
  hypertension: '高血压',
  diabetes: '2型糖尿病',
  mental: '严重精神障碍',
  tuberculosis: '肺结核',
  chronic: '其他慢性病',
} as const;
export type FollowUpDisease = keyof typeof FOLLOW_UP_DISEASE_LABELS;

export const VISIT_METHOD_LABELS = { clinic: '门诊', home: '家庭', phone: '电话' } as const;
export type VisitMethod = keyof typeof VISIT_METHOD_LABELS;

/** Methods that count as face-to-face (面对面) visits for 规范管理. */
export const FACE_TO_FACE_METHODS: readonly VisitMethod[] = ['clinic', 'home'];

export const HYPERTENSION_SYMPTOM_LABELS = {
  none: '无症状',
  headache_dizziness: '头痛头晕',
  nausea_vomiting: '恶心呕吐',
  blurred_vision_tinnitus: '眼花耳鸣',
  dyspnoea: '呼吸困难',
  palpitations_chest_tightness: '心悸胸闷',
  epistaxis: '鼻衄出血不止',
  limb_numbness: '四肢发麻',
  leg_oedema: '下肢水肿',
  other: '其他',
} as const;
export type HypertensionSymptom = keyof typeof HYPERTENSION_SYMPTOM_LABELS;

export const DIABETES_SYMPTOM_LABELS = {
  none: '无症状',
  polydipsia: '多饮',
  polyphagia: '多食',
  polyuria: '多尿',
  blurred_vision: '视力模糊',
  infection: '感染',
  limb_numbness: '手脚麻木',
  leg_oedema: '下肢浮肿',
  marked_weight_loss: '体重明显下降',
  other: '其他',
} as const;
export type DiabetesSymptom = keyof typeof DIABETES_SYMPTOM_LABELS;

export const MENTAL_SYMPTOM_LABELS = {
  hallucination: '幻觉',
  communication_difficulty: '交流困难',
  suspicion: '猜疑',
  mood_swings: '喜怒无常',
  bizarre_behaviour: '行为怪异',
  excitement: '兴奋话多',
  violence: '伤人毁物',
  pessimism: '悲观厌世',
  wandering: '无故外走',
  self_talk_laugh: '自语自笑',
  withdrawal: '孤僻懒散',
  other: '其他',
} as const;
export type MentalSymptom = keyof typeof MENTAL_SYMPTOM_LABELS;

/** Danger signs that require an emergency referral (紧急转诊) whatever the measurements. */
export const EMERGENCY_SIGN_LABELS = {
  altered_consciousness: '意识或行为改变',
  severe_headache_dizziness: '剧烈头痛或头晕',
  nausea_vomiting: '恶心呕吐',
  blurred_vision_eye_pain: '视力模糊、眼痛',
  palpitations: '心悸',
  chest_tightness: '胸闷',
  cannot_lie_flat: '喘憋不能平卧',
  acetone_breath: '呼气有烂苹果样丙酮味',
  deep_breathing_flushed_skin: '深大呼吸、皮肤潮红',
  sudden_vision_loss: '视力突然骤降',
  unmanageable_condition: '存在不能处理的其他疾病',
} as const;
export type EmergencySign = keyof typeof EMERGENCY_SIGN_LABELS;

/** 心理调整 / 遵医行为. */
export const GOOD_FAIR_POOR_LABELS = { good: '良好', fair: '一般', poor: '差' } as const;
export type GoodFairPoor = keyof typeof GOOD_FAIR_POOR_LABELS;

/** Sleep, diet and social function of the mental-disorder form use 较差 for the worst grade. */
export const MENTAL_STATE_LABELS = { good: '良好', fair: '一般', poor: '较差' } as const;
export type MentalState = keyof typeof MENTAL_STATE_LABELS;

export const SALT_INTAKE_LABELS = { light: '轻', moderate: '中', heavy: '重' } as const;
export type SaltIntake = keyof typeof SALT_INTAKE_LABELS;

export const MEDICATION_ADHERENCE_LABELS = { regular: '规律', intermittent: '间断', none: '不服药' } as const;
export type MedicationAdherence = keyof typeof MEDICATION_ADHERENCE_LABELS;

/** 随访分类 of hypertension, diabetes and the generic chronic form. */
export const VISIT_CLASS_LABELS = {
  satisfactory: '控制满意',
  unsatisfactory: '控制不满意',
  adverse_reaction: '不良反应',
  complication: '并发症',
} as const;
export type VisitClass = keyof typeof VISIT_CLASS_LABELS;

/** 病情稳定性 of severe mental disorders. */
export const MENTAL_STABILITY_LABELS = {
  stable: '稳定',
  basically_stable: '基本稳定',
  unstable: '不稳定',
} as const;
export type MentalStability = keyof typeof MENTAL_STABILITY_LABELS;

export const VISIT_OUTCOME_LABELS = {
  continue: '继续随访',
  temporarily_lost: '暂时失访',
  ended: '终止管理',
} as const;
export type VisitOutcome = keyof typeof VISIT_OUTCOME_LABELS;

export const MANAGEMENT_END_REASON_LABELS = {
  death: '死亡',
  moved: '迁出',
  lost: '失访',
  refused: '拒绝',
} as const;
export type ManagementEndReason = keyof typeof MANAGEMENT_END_REASON_LABELS;

export const DORSALIS_PEDIS_PULSE_LABELS = { normal: '触及正常', weakened: '减弱', absent: '消失' } as const;
export type DorsalisPedisPulse = keyof typeof DORSALIS_PEDIS_PULSE_LABELS;

export const HYPOGLYCAEMIA_LABELS = { none: '无', occasional: '偶尔', frequent: '频繁' } as const;
export type Hypoglycaemia = keyof typeof HYPOGLYCAEMIA_LABELS;

export const INSIGHT_LABELS = {
  complete: '自知力完全',
  incomplete: '自知力不全',
  absent: '自知力缺失',
} as const;
export type Insight = keyof typeof INSIGHT_LABELS;

export const SOCIAL_FUNCTION_AREA_LABELS = {
  selfCare: '个人生活料理',
  housework: '家务劳动',
  work: '生产劳动及工作',
  learning: '学习能力',
  interpersonal: '社会人际交往',
} as const;
export type SocialFunctionArea = keyof typeof SOCIAL_FUNCTION_AREA_LABELS;

export const TREATMENT_EFFECT_LABELS = {
  cured: '痊愈',
  improved: '好转',
  unchanged: '无变化',
  worse: '加重',
} as const;
export type TreatmentEffect = keyof typeof TREATMENT_EFFECT_LABELS;

export const HOSPITALISATION_LABELS = {
  never: '从未住院',
  current: '目前正在住院',
  previous: '既往住院，现未住院',
} as const;
export type Hospitalisation = keyof typeof HOSPITALISATION_LABELS;

export const REHABILITATION_LABELS = {
  daily_living: '生活劳动能力',
  vocational: '职业训练',
  learning: '学习能力',
  social: '社会交往',
  other: '其他',
} as const;
export type Rehabilitation = keyof typeof REHABILITATION_LABELS;

export const TB_VISIT_KIND_LABELS = { first_home: '首次入户', supervision: '督导' } as const;
export type TbVisitKind = keyof typeof TB_VISIT_KIND_LABELS;

export const TB_PHASE_LABELS = { intensive: '强化期', continuation: '继续期' } as const;
export type TbPhase = keyof typeof TB_PHASE_LABELS;

export const TB_SUPERVISOR_LABELS = {
  doctor: '医生',
  family: '家属',
  volunteer: '志愿者',
  self: '自服药',
} as const;
export type TbSupervisor = keyof typeof TB_SUPERVISOR_LABELS;

export const SPUTUM_RESULT_LABELS = { negative: '阴性', positive: '阳性', not_done: '未查' } as const;
export type SputumResult = keyof typeof SPUTUM_RESULT_LABELS;
