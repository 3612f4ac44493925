/**
 * Shared checks for the status machines of this folder (treatment ledger, diagnosis verification).
 * Each machine is data: labels, allowed transitions and when a reason is required.
 */
import { type IsoDate, isIsoDate } from '../calendar/iso-date.ts';

export type TransitionErrorCode =
  | 'INVALID_DATE'
  | 'SAME_STATUS'
  | 'TRANSITION_NOT_ALLOWED'
  | 'DATE_BEFORE_PREVIOUS'
  | 'REASON_REQUIRED'
  | 'OUTCOME_REQUIRED'
  | 'OUTCOME_NOT_ALLOWED'
  | 'ROLE_NOT_ALLOWED'
  | 'ACTOR_REQUIRED';

export type TransitionError = { code: TransitionErrorCode; message: string };

export type TransitionResult<T> = { ok: true; value: T } | { ok: false; error: TransitionError };

export type StatusMachine<S extends string> = {
  /** Field name used in messages, e.g. '救治状态'. */
  subject: string;
  labels: Readonly<Record<S, string>>;
  transitions: Readonly<Record<S, readonly S[]>>;
  isReasonRequired: (from: S, to: S) => boolean;
};

export type StatusChange<S extends string> = {
  from: S;
  fromDate: IsoDate;
  to: S;
  date: string;
  reason?: string | null | undefined;
};

export function failTransition<T>(code: TransitionErrorCode, message: string): TransitionResult<T> {
  return { ok: false, error: { code, message } };
}

export function canChangeStatus<S extends string>(machine: StatusMachine<S>, from: S, to: S): boolean {
  return machine.transitions[from].includes(to);
}

/** Blank reasons count as missing; others are trimmed. */
export function cleanReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * The first problem with a status change, or null. Checked in order: date shape, same status,
 * allowed transition, date not before the previous status date (the same day is allowed), reason.
 */
export function checkStatusChange<S extends string>(
  machine: StatusMachine<S>,
  change: StatusChange<S>,
): TransitionError | null {
  const { subject, labels } = machine;
  const { from, to, date, fromDate } = change;
  if (!isIsoDate(date)) {
    return {
      code: 'INVALID_DATE',
      message: `${subject}变更日期“${date}”无效：应为 YYYY-MM-DD 格式的有效日期`,
    };
  }
  if (from === to) {
    return { code: 'SAME_STATUS', message: `${subject}已是“${labels[from]}”，无需变更` };
  }
  if (!canChangeStatus(machine, from, to)) {
    return {
      code: 'TRANSITION_NOT_ALLOWED',
      message: `${subject}：不能从“${labels[from]}”变更为“${labels[to]}”`,
    };
  }
  if (date < fromDate) {
    return {
      code: 'DATE_BEFORE_PREVIOUS',
      message: `${subject}变更日期${date}早于上一状态“${labels[from]}”的日期${fromDate}`,
    };
  }
  if (machine.isReasonRequired(from, to) && cleanReason(change.reason) === null) {
    return { code: 'REASON_REQUIRED', message: `${subject}变更为“${labels[to]}”时必须填写原因` };
  }
  return null;
}
