/**
 * Diagnosis verification (核准患病) status machine: 待核准 → 已核准 / 核准不患病, with re-opening to
 * 待核准 by county staff (e.g. after an appeal or a data correction). A reason is required for
 * 核准不患病 and for every re-opening. Deciding is open to county and township staff (the roles that
 * may write personal records); re-opening only to county staff.
 */
import { z } from 'zod';
import { ROLE_LABELS, type Role } from '../access/roles.ts';
import { type IsoDate, isIsoDate } from '../calendar/iso-date.ts';
import { type Bp, ratioBp } from '../money/fen.ts';
import { ZIsoDate } from './catalog.schema.ts';
import {
  checkStatusChange,
  cleanReason,
  failTransition,
  type StatusMachine,
  type TransitionResult,
} from './state-machine.ts';

/** Where a diagnosis came from: 体检 / 就诊 / 入户核实 / 导入 / 医保结算. */
export const DIAGNOSIS_SOURCES = [
  'health_check',
  'clinic_visit',
  'home_visit',
  'import',
  'insurance_settlement',
] as const;
export type DiagnosisSource = (typeof DIAGNOSIS_SOURCES)[number];

export const DIAGNOSIS_SOURCE_LABELS: Readonly<Record<DiagnosisSource, string>> = {
  health_check: '体检',
  clinic_visit: '就诊',
  home_visit: '入户核实',
  import: '导入',
  insurance_settlement: '医保结算',
};

export const VERIFICATION_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const VERIFICATION_STATUS_LABELS: Readonly<Record<VerificationStatus, string>> = {
  pending: '待核准',
  verified: '已核准',
  rejected: '核准不患病',
};

export const VERIFICATION_TRANSITIONS: Readonly<Record<VerificationStatus, readonly VerificationStatus[]>> = {
  pending: ['verified', 'rejected'],
  verified: ['pending'],
  rejected: ['pending'],
};

const DECIDING_ROLES: readonly Role[] = ['county', 'township'];
const REOPENING_ROLES: readonly Role[] = ['county'];

/** Roles allowed to make a (permitted) verification change. */
export function verificationRolesFor(to: VerificationStatus): readonly Role[] {
  return to === 'pending' ? REOPENING_ROLES : DECIDING_ROLES;
}

export function isVerificationReasonRequired(_from: VerificationStatus, to: VerificationStatus): boolean {
  return to === 'rejected' || to === 'pending';
}

export const VERIFICATION_MACHINE: StatusMachine<VerificationStatus> = {
  subject: '核准状态',
  labels: VERIFICATION_STATUS_LABELS,
  transitions: VERIFICATION_TRANSITIONS,
  isReasonRequired: isVerificationReasonRequired,
};

/** Current verification of one diagnosis: status, when and by whom it was set, and why. */
export type TDiagnosisVerification = {
  status: VerificationStatus;
  statusDate: IsoDate;
  /** Account (user id or name) that set the status; for 待核准, who registered the diagnosis. */
  by: string;
  reason: string | null;
};

/** A diagnosis enters as 待核准 on the day it is registered. Throws a RangeError for a bad date or no actor. */
export function pendingVerification(date: IsoDate, by: string): TDiagnosisVerification {
  if (!isIsoDate(date)) {
    throw new RangeError(`核准状态登记日期“${date}”无效：应为 YYYY-MM-DD 格式的有效日期`);
  }
  if (by.trim() === '') {
    throw new RangeError('核准状态：登记人不能为空');
  }
  return { status: 'pending', statusDate: date, by: by.trim(), reason: null };
}

export const ZVerificationChange = z.object({
  to: z.enum(VERIFICATION_STATUSES),
  date: ZIsoDate,
  reason: z.string().trim().max(200, { error: '原因不能超过200个字' }).optional(),
});
/** `actorRole` is checked against verificationRolesFor; `by` is recorded as who made the change. */
export type TVerificationChange = z.infer<typeof ZVerificationChange> & { actorRole: Role; by: string };

export function transitionDiagnosisVerification(
  current: TDiagnosisVerification,
  change: TVerificationChange,
): TransitionResult<TDiagnosisVerification> {
  const problem = checkStatusChange(VERIFICATION_MACHINE, {
    from: current.status,
    fromDate: current.statusDate,
    to: change.to,
    date: change.date,
    reason: change.reason,
  });
  if (problem) {
    return { ok: false, error: problem };
  }
  const allowedRoles = verificationRolesFor(change.to);
  if (!allowedRoles.includes(change.actorRole)) {
    const from = VERIFICATION_STATUS_LABELS[current.status];
    const to = VERIFICATION_STATUS_LABELS[change.to];
    const who = allowedRoles.map((role) => ROLE_LABELS[role]).join('或');
    return failTransition(
      'ROLE_NOT_ALLOWED',
      `核准状态：${ROLE_LABELS[change.actorRole]}无权从“${from}”变更为“${to}”，需由${who}操作`,
    );
  }
  const by = change.by.trim();
  if (by === '') {
    return failTransition('ACTOR_REQUIRED', '核准状态：必须记录核准人');
  }
  return {
    ok: true,
    value: { status: change.to, statusDate: change.date, by, reason: cleanReason(change.reason) },
  };
}

export type TVerificationCounts = Readonly<Record<VerificationStatus, number>>;

/** 核准率 figures: decided (已核准 + 核准不患病) over registered diagnoses, in basis points. */
export type TVerificationRate = {
  pending: number;
  verified: number;
  rejected: number;
  /** 已核准 + 核准不患病. */
  decided: number;
  total: number;
  /** decided ÷ total, half-up in basis points (10000 = 100 %); null when there is nothing to verify. */
  rateBp: Bp | null;
};

/**
 * 核准率 as defined by the indicator catalogue (indicator 'diagnosis_verification_rate'): the share of
 * registered diagnoses whose verification is finished, either 已核准 or 核准不患病.
 * Integer arithmetic only. Throws a RangeError for a negative or non-integer count.
 */
export function computeVerificationRate(counts: TVerificationCounts): TVerificationRate {
  for (const status of VERIFICATION_STATUSES) {
    const count = counts[status];
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`核准率：“${VERIFICATION_STATUS_LABELS[status]}”人数${count}无效，应为非负整数`);
    }
  }
  const { pending, verified, rejected } = counts;
  const decided = verified + rejected;
  const total = decided + pending;
  return { pending, verified, rejected, decided, total, rateBp: ratioBp(decided, total) };
}

/** Count statuses, then computeVerificationRate. */
export function verificationRateOf(statuses: Iterable<VerificationStatus>): TVerificationRate {
  const counts: Record<VerificationStatus, number> = { pending: 0, verified: 0, rejected: 0 };
  for (const status of statuses) {
    counts[status] += 1;
  }
  return computeVerificationRate(counts);
}

/**
 * 核准率 per group (region code, township, disease...), groups in order of first appearance.
 * `rows` are (group, status) pairs, one per diagnosis.
 */
export function verificationRatesBy<K>(
  rows: Iterable<{ group: K; status: VerificationStatus }>,
): Map<K, TVerificationRate> {
  const statusesByGroup = new Map<K, VerificationStatus[]>();
  for (const { group, status } of rows) {
    const list = statusesByGroup.get(group);
    if (list === undefined) {
      statusesByGroup.set(group, [status]);
    } else {
      list.push(status);
    }
  }
  return new Map([...statusesByGroup].map(([group, statuses]) => [group, verificationRateOf(statuses)]));
}
