/**
 * Referrals (双向转诊) of a patient between institutions, and their status machine.
 *
 * - Direction follows the levels: to a higher level is 上转 (up), to a lower level 下转 (down), same level
 *   平转 (lateral). Village clinics, township health centres and community centres rank equally as primary
 *   care (one settlement level).
 * - 待接收 → 已接收 → 已完成 is the normal path; the receiver may refuse (已拒绝, reason required), the sender
 *   may cancel before it is received (已取消, reason required). 已完成 / 已拒绝 / 已取消 are terminal.
 * - Decisions [M]: no national code list was found.
 */
import { INSTITUTION_LEVEL_LABELS, type InstitutionLevel } from '../disease/institution-standardisation.ts';
import {
  checkStatusChange,
  cleanReason,
  type StatusMachine,
  type TransitionResult,
} from '../disease/state-machine.ts';

export const REFERRAL_STATUSES = ['pending', 'accepted', 'completed', 'rejected', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = {
  pending: '待接收',
  accepted: '已接收',
  completed: '已完成',
  rejected: '已拒绝',
  cancelled: '已取消',
};

export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  pending: ['accepted', 'rejected', 'cancelled'],
  accepted: ['completed', 'cancelled'],
  completed: [],
  rejected: [],
  cancelled: [],
};

export const REFERRAL_DIRECTIONS = ['up', 'down', 'lateral'] as const;
export type ReferralDirection = (typeof REFERRAL_DIRECTIONS)[number];

export const REFERRAL_DIRECTION_LABELS: Readonly<Record<ReferralDirection, string>> = {
  up: '上转',
  down: '下转',
  lateral: '平转',
};

/** Common referral reasons [M]; free text is allowed. */
export const REFERRAL_REASONS: readonly string[] = [
  '超出本机构诊疗能力',
  '需进一步检查明确诊断',
  '大病集中救治（定点医院）',
  '慢病病情控制不满意（随访转诊）',
  '急危重症',
  '病情稳定转回基层康复管理',
];

const LEVEL_RANK: Readonly<Record<InstitutionLevel, number>> = {
  village_clinic: 0,
  township_health_centre: 0,
  community_health_centre: 0,
  county: 1,
  city: 2,
  province: 3,
};

export function referralDirectionOf(from: InstitutionLevel, to: InstitutionLevel): ReferralDirection {
  const diff = LEVEL_RANK[to] - LEVEL_RANK[from];
  return diff > 0 ? 'up' : diff < 0 ? 'down' : 'lateral';
}

const REFERRAL_MACHINE: StatusMachine<ReferralStatus> = {
  subject: '转诊状态',
  labels: REFERRAL_STATUS_LABELS,
  transitions: REFERRAL_TRANSITIONS,
  isReasonRequired: (_from, to) => to === 'rejected' || to === 'cancelled',
};

export type TReferralState = { status: ReferralStatus; statusDate: string; note: string | null };

/** A referral's next state, or the Chinese reason it is refused. */
export function transitionReferral(
  current: TReferralState,
  change: { to: ReferralStatus; date: string; note?: string | null | undefined },
): TransitionResult<TReferralState> {
  const problem = checkStatusChange(REFERRAL_MACHINE, {
    from: current.status,
    fromDate: current.statusDate,
    to: change.to,
    date: change.date,
    reason: change.note,
  });
  if (problem) {
    return { ok: false, error: problem };
  }
  return { ok: true, value: { status: change.to, statusDate: change.date, note: cleanReason(change.note) } };
}

/** Problems of a new referral (Chinese), empty when it may be created. */
export function checkNewReferral(input: {
  fromCode: string;
  toCode: string;
  toLevel: InstitutionLevel;
  isToActive: boolean;
  reason: string;
}): string[] {
  const problems: string[] = [];
  if (input.fromCode === input.toCode) {
    problems.push('转出机构和转入机构不能相同');
  }
  if (!input.isToActive) {
    problems.push(`转入机构（${INSTITUTION_LEVEL_LABELS[input.toLevel]}）已停用，不能接收转诊`);
  }
  if (cleanReason(input.reason) === null) {
    problems.push('转诊原因不能为空');
  }
  return problems;
}
