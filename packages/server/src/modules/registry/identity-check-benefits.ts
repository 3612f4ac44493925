import {
  CLAIM_CAUSE_LABELS,
  formatBp,
  HOSPITAL_LEVEL_LABELS,
  type HospitalLevel,
  type TSelfPayCap,
  type TTreatFirstPayLater,
  VISIT_TYPE_LABELS,
  type VisitType,
} from '@healthaid/domain';

/** The parts of the published policy set in force that the identity check reports. */
export type IdentityPolicy = {
  id: number;
  code: string;
  name: string;
  version: number;
  treatFirstPayLater: TTreatFirstPayLater | null;
  selfPayCap: TSelfPayCap | null;
};

export type TreatFirstPayLaterInfo = {
  applies: boolean;
  levels: HospitalLevel[];
  visitTypes: VisitType[];
  description: string;
};

export type SelfPayCapInfo = {
  applies: boolean;
  levels: { level: HospitalLevel; capRateBp: number }[];
  visitTypes: VisitType[];
  base: 'total' | 'policy_scope' | null;
  description: string;
};

const levelsText = (levels: readonly HospitalLevel[]) =>
  levels.map((l) => HOSPITAL_LEVEL_LABELS[l]).join('、');
const visitText = (types: readonly VisitType[]) => types.map((t) => VISIT_TYPE_LABELS[t]).join('、');
const holds = (categories: readonly string[], eligible: readonly string[]) =>
  categories.some((c) => eligible.includes(c));

/**
 * Whether 先诊疗后付费 applies to a person holding `categories` on the date, under the policy set in force
 * for the person's region on that date (the same rule the settlement engine applies at the window: the person
 * holds an eligible category; hospital level, visit type and cause are decided per admission).
 */
export function describeTreatFirstPayLater(
  policy: IdentityPolicy | null,
  categories: readonly string[],
): TreatFirstPayLaterInfo {
  const rule = policy?.treatFirstPayLater ?? null;
  if (!policy || !rule) {
    return {
      applies: false,
      levels: [],
      visitTypes: [],
      description: policy ? '本地区适用政策未实行先诊疗后付费' : '该日期本地区没有已发布的结算政策',
    };
  }
  const levels = [...rule.levels];
  const visitTypes = [...rule.visitTypes];
  if (!holds(categories, rule.eligibleCategories)) {
    return {
      applies: false,
      levels,
      visitTypes,
      description: '人员类别不符合先诊疗后付费条件，须按规定缴纳押金',
    };
  }
  const excluded = rule.excludedCauses.map((c) => CLAIM_CAUSE_LABELS[c]).join('、');
  return {
    applies: true,
    levels,
    visitTypes,
    description: `在${levelsText(levels)}医疗机构${visitText(visitTypes)}免交押金，先诊疗后付费${excluded ? `（${excluded}除外）` : ''}`,
  };
}

/** Whether the self-pay cap (自付上限, 一站式结算兜底) applies, with its rate per hospital level. */
export function describeSelfPayCap(
  policy: IdentityPolicy | null,
  categories: readonly string[],
): SelfPayCapInfo {
  const cap = policy?.selfPayCap ?? null;
  if (!policy || !cap) {
    return {
      applies: false,
      levels: [],
      visitTypes: [],
      base: null,
      description: policy ? '本地区适用政策未设个人自付上限' : '该日期本地区没有已发布的结算政策',
    };
  }
  const levels = cap.levels.map((l) => ({ level: l.level, capRateBp: l.capRateBp }));
  const visitTypes = [...cap.visitTypes];
  if (!holds(categories, cap.eligibleCategories)) {
    return { applies: false, levels, visitTypes, base: cap.base, description: '人员类别不适用个人自付上限' };
  }
  const bearer = cap.bearer.kind === 'hospital' ? '医疗机构' : cap.bearer.label;
  const rates = levels.map((l) => `${HOSPITAL_LEVEL_LABELS[l.level]} ${formatBp(l.capRateBp)}`).join('、');
  return {
    applies: true,
    levels,
    visitTypes,
    base: cap.base,
    description: `${visitText(visitTypes)}个人自付不超过${cap.base === 'total' ? '总费用' : '政策范围内费用'}的 ${rates}，超出部分由${bearer}承担`,
  };
}
