/**
 * Diagnosis verification (核准患病) status machine: 待核准 → 已核准 / 核准不患病, with re-opening to
 * 待核准 by county staff (e.g. after an appeal or a data correction). A reason is required for
 * 核准不患病 and for every re-opening. Deciding is open to county and township staff (the roles that
 * may write personal records); re-opening only to county staff.
 */
import { z } from 'zod';
import { ROLE_LABELS, type Role } from '../access/roles.ts';
import type { IsoDate } from '../calendar/iso-date.ts';
import { ZIsoDate } from './catalog.schema.ts';
import {
  checkStatusChange,
  cleanReason,
  failTransition,
  type StatusMachine,
  type TransitionResult,
} from './state-machine.ts';

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

export type TDiagnosisVerification = {
  status: VerificationStatus;
  statusDate: IsoDate;
  reason: string | null;
};

export const ZVerificationChange = z.object({
  to: z.enum(VERIFICATION_STATUSES),
  date: ZIsoDate,
  reason: z.string().trim().max(200, { error: '原因不能超过200个字' }).optional(),
});
export type TVerificationChange = z.infer<typeof ZVerificationChange> & { actorRole: Role };

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
  return {
    ok: true,
    value: { status: change.to, statusDate: change.date, reason: cleanReason(change.reason) },
  };
}
