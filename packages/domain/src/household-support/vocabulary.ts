/**
 * 入户帮扶 vocabulary: 健康扶贫大走访 (door-to-door visit campaigns), 爱心保健箱 (health kits) and
 * 政策知晓率 surveys. Codes match the CHECK constraints of migration 2026_12_06_1261_household_support.
 */

/** Whether the visitor met someone of the household; only `met` counts as visited. */
export const VISIT_CONTACTS = ['met', 'not_home'] as const;
export type VisitContact = (typeof VISIT_CONTACTS)[number];
export const VISIT_CONTACT_LABELS: Record<VisitContact, string> = {
  met: '已入户见到户内成员',
  not_home: '家中无人（需再次走访）',
};

/** What the household needs, as ticked on the visit form (一人一策 health support plan). */
export const SUPPORT_NEEDS = [
  'medical',
  'medicine',
  'family_doctor',
  'insurance',
  'rehabilitation',
  'health_education',
  'living',
  'other',
] as const;
export type SupportNeed = (typeof SUPPORT_NEEDS)[number];
export const SUPPORT_NEED_LABELS: Record<SupportNeed, string> = {
  medical: '看病就医',
  medicine: '慢病用药',
  family_doctor: '家庭医生签约服务',
  insurance: '参保与报销',
  rehabilitation: '康复与辅具',
  health_education: '健康知识',
  living: '生活困难',
  other: '其他',
};

export const VISITOR_ROLES = [
  'health_centre_head',
  'health_centre_doctor',
  'village_doctor',
  'family_doctor_team',
  'cadre',
  'other',
] as const;
export type VisitorRole = (typeof VISITOR_ROLES)[number];
export const VISITOR_ROLE_LABELS: Record<VisitorRole, string> = {
  health_centre_head: '乡镇卫生院院长',
  health_centre_doctor: '卫生院医务人员',
  village_doctor: '村医',
  family_doctor_team: '家庭医生团队',
  cadre: '驻村/帮扶干部',
  other: '其他',
};

/** A kit handed out (new) or an existing kit restocked (expired medicines replaced). */
export const KIT_KINDS = ['new', 'refill'] as const;
export type KitKind = (typeof KIT_KINDS)[number];
export const KIT_KIND_LABELS: Record<KitKind, string> = {
  new: '新发放',
  refill: '补充/更换药品',
};

/** The usual contents of a 爱心保健箱 [M: as described by county programmes; extend as data]. */
export const KIT_ITEMS = [
  '感冒药',
  '退烧药',
  '止泻药',
  '消炎药',
  '止咳药',
  '创可贴',
  '碘伏',
  '医用棉签',
  '纱布绷带',
  '体温计',
  '血压计',
  '健康教育手册',
] as const;
