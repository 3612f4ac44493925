/**
 * Rectification status machine of a supervision problem (整改销号).
 *
 *   待整改 ──开始整改──▶ 整改中 ──提交验收──▶ 待验收 ──验收销号──▶ 已销号
 *                          ▲                      │
 *                          └──────退回整改─────────┘
 *
 * Decisions [M] (no national code list was found):
 * - The responsible unit (乡镇/村) starts the rectification and submits it with a written account of what
 *   was done (整改情况); the inspecting bureau (县级) accepts and closes it, or returns it with a reason.
 *   A unit never closes its own problem.
 * - 已销号 is final: a problem found again is a new problem in the next round's list.
 * - Dates never go backwards; the same day is allowed (a problem fixed on the spot is started, submitted
 *   and accepted on the day it is found).
 */
import type { Role } from '../access/roles.ts';
import { diffDays, type IsoDate } from '../calendar/iso-date.ts';
import {
  checkStatusChange,
  cleanReason,
  failTransition,
  type StatusMachine,
  type TransitionResult,
} from '../disease/state-machine.ts';

export const PROBLEM_STATUSES = ['pending', 'rectifying', 'awaiting_acceptance', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const PROBLEM_STATUS_LABELS: Readonly<Record<ProblemStatus, string>> = {
  pending: '待整改',
  rectifying: '整改中',
  awaiting_acceptance: '待验收',
  closed: '已销号',
};

export const PROBLEM_TRANSITIONS: Readonly<Record<ProblemStatus, readonly ProblemStatus[]>> = {
  pending: ['rectifying'],
  rectifying: ['awaiting_acceptance'],
  awaiting_acceptance: ['closed', 'rectifying'],
  closed: [],
};

/** Statuses that still count as open for 清零 (everything but 已销号). */
export const OPEN_PROBLEM_STATUSES: readonly ProblemStatus[] = [
  'pending',
  'rectifying',
  'awaiting_acceptance',
];

/** Roles that may accept (验收销号) or return (退回整改) a rectification: the inspecting bureau. */
export const PROBLEM_ACCEPT_ROLES: readonly Role[] = ['county'];

/** Minimum length of the written account submitted for acceptance (整改情况说明). */
export const MIN_RECTIFICATION_NOTE_LENGTH = 5;

/** The action a transition stands for, as shown on buttons and in the history. */
export function problemActionLabel(from: ProblemStatus, to: ProblemStatus): string {
  if (to === 'rectifying') {
    return from === 'awaiting_acceptance' ? '退回整改' : '开始整改';
  }
  if (to === 'awaiting_acceptance') {
    return '提交验收';
  }
  if (to === 'closed') {
    return '验收销号';
  }
  return `变更为“${PROBLEM_STATUS_LABELS[to]}”`;
}

/** Accepting and returning are decisions of the inspecting side. */
export function isAcceptanceDecision(from: ProblemStatus): boolean {
  return from === 'awaiting_acceptance';
}

export const PROBLEM_MACHINE: StatusMachine<ProblemStatus> = {
  subject: '整改状态',
  labels: PROBLEM_STATUS_LABELS,
  transitions: PROBLEM_TRANSITIONS,
  isReasonRequired: (from, to) => from === 'awaiting_acceptance' && to === 'rectifying',
};

export type TProblemState = { status: ProblemStatus; statusDate: IsoDate };

export type TProblemChange = {
  to: ProblemStatus;
  date: string;
  /** 整改措施 (start), 整改情况 (submit, required), 验收意见 (accept) or 退回原因 (return, required). */
  note?: string | null | undefined;
  actorRole: Role;
};

export type TProblemTransition = {
  status: ProblemStatus;
  statusDate: IsoDate;
  /** The date of 已销号, set only when the problem is closed. */
  closedOn: IsoDate | null;
  note: string | null;
  action: string;
};

/** Applies one status change to a problem, or explains in Chinese why it is refused. */
export function transitionProblem(
  current: TProblemState,
  change: TProblemChange,
): TransitionResult<TProblemTransition> {
  const problem = checkStatusChange(PROBLEM_MACHINE, {
    from: current.status,
    fromDate: current.statusDate,
    to: change.to,
    date: change.date,
    reason: change.note,
  });
  if (problem) {
    if (problem.code === 'REASON_REQUIRED') {
      return failTransition('REASON_REQUIRED', '退回整改时必须填写退回原因');
    }
    if (problem.code === 'SAME_STATUS' && current.status === 'closed') {
      return failTransition('TRANSITION_NOT_ALLOWED', '问题已销号，不能再变更整改状态');
    }
    if (problem.code === 'TRANSITION_NOT_ALLOWED' && current.status === 'closed') {
      return failTransition('TRANSITION_NOT_ALLOWED', '问题已销号，不能再变更整改状态');
    }
    return { ok: false, error: problem };
  }
  if (isAcceptanceDecision(current.status) && !PROBLEM_ACCEPT_ROLES.includes(change.actorRole)) {
    return failTransition(
      'ROLE_NOT_ALLOWED',
      `${problemActionLabel(current.status, change.to)}须由县级业务人员（督导检查单位）办理，整改责任单位不能自行验收`,
    );
  }
  const note = cleanReason(change.note);
  if (
    change.to === 'awaiting_acceptance' &&
    (note === null || Array.from(note).length < MIN_RECTIFICATION_NOTE_LENGTH)
  ) {
    return failTransition(
      'REASON_REQUIRED',
      `提交验收时必须填写整改情况说明（至少${MIN_RECTIFICATION_NOTE_LENGTH}个字）`,
    );
  }
  return {
    ok: true,
    value: {
      status: change.to,
      statusDate: change.date,
      closedOn: change.to === 'closed' ? change.date : null,
      note,
      action: problemActionLabel(current.status, change.to),
    },
  };
}

export type TProblemDeadline = {
  status: ProblemStatus;
  deadline: IsoDate;
  closedOn: IsoDate | null;
};

export type TOverdue = {
  /** Open after its deadline (the deadline day itself is still in time). */
  isOverdue: boolean;
  /** Whole days past the deadline while open; 0 otherwise. */
  daysOverdue: number;
  /** Closed after its deadline (逾期销号). */
  isClosedLate: boolean;
  /** Days left until the deadline while open (0 on the deadline day, negative once overdue). */
  daysLeft: number | null;
};

/** Overdue state of a problem on `asOf` (a parameter: the domain never reads the clock). */
export function problemOverdue(problem: TProblemDeadline, asOf: IsoDate): TOverdue {
  const isOpen = problem.status !== 'closed';
  const late = diffDays(problem.deadline, asOf);
  return {
    isOverdue: isOpen && late > 0,
    daysOverdue: isOpen && late > 0 ? late : 0,
    isClosedLate: !isOpen && problem.closedOn !== null && problem.closedOn > problem.deadline,
    daysLeft: isOpen ? diffDays(asOf, problem.deadline) : null,
  };
}
