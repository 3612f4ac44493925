/**
 * Treatment ledger (救治台账) status machine for a major-disease case.
 *
 * Decisions [M] (no national code list was found):
 * - 待救治 may go straight to 已救治 (a one-off operation recorded after the fact).
 * - 暂不具备救治条件 and 放弃治疗 are not final: the patient may become treatable or consent again,
 *   so both return to 待救治 or 救治中.
 * - 已救治 may reopen to 救治中 for a relapse or a further course; a reason is then required.
 * - 死亡 and 迁出 are terminal. A person who moves back gets a new case in the receiving county's
 *   ledger, so one case is never counted by two counties' 救治率.
 * - A reason is required for 暂不具备救治条件 / 放弃治疗 / 死亡 / 迁出 and for a reopening; an outcome is
 *   required when (and only when) the case becomes 已救治.
 */
import { z } from 'zod';
import { diffDays, type IsoDate, isIsoDate } from '../calendar/iso-date.ts';
import { type Bp, ratioBp } from '../money/fen.ts';
import { ZIsoDate } from './catalog.schema.ts';
import {
  checkStatusChange,
  cleanReason,
  failTransition,
  type StatusMachine,
  type TransitionResult,
} from './state-machine.ts';

export const TREATMENT_STATUSES = [
  'waiting',
  'treating',
  'treated',
  'not_ready',
  'abandoned',
  'dead',
  'moved_out',
] as const;
export type TreatmentStatus = (typeof TREATMENT_STATUSES)[number];

export const TREATMENT_STATUS_LABELS: Readonly<Record<TreatmentStatus, string>> = {
  waiting: '待救治',
  treating: '救治中',
  treated: '已救治',
  not_ready: '暂不具备救治条件',
  abandoned: '放弃治疗',
  dead: '死亡',
  moved_out: '迁出',
};

/** Allowed next statuses. Terminal statuses have none. */
export const TREATMENT_TRANSITIONS: Readonly<Record<TreatmentStatus, readonly TreatmentStatus[]>> = {
  waiting: ['treating', 'treated', 'not_ready', 'abandoned', 'dead', 'moved_out'],
  treating: ['treated', 'not_ready', 'abandoned', 'dead', 'moved_out'],
  treated: ['treating', 'dead', 'moved_out'],
  not_ready: ['waiting', 'treating', 'abandoned', 'dead', 'moved_out'],
  abandoned: ['waiting', 'treating', 'dead', 'moved_out'],
  dead: [],
  moved_out: [],
};

export const TERMINAL_TREATMENT_STATUSES: readonly TreatmentStatus[] = TREATMENT_STATUSES.filter(
  (status) => TREATMENT_TRANSITIONS[status].length === 0,
);

export const REASON_REQUIRED_TREATMENT_STATUSES: readonly TreatmentStatus[] = [
  'not_ready',
  'abandoned',
  'dead',
  'moved_out',
];

export const TREATMENT_OUTCOMES = ['cured', 'improved', 'not_improved'] as const;
export type TreatmentOutcome = (typeof TREATMENT_OUTCOMES)[number];

export const TREATMENT_OUTCOME_LABELS: Readonly<Record<TreatmentOutcome, string>> = {
  cured: '治愈',
  improved: '好转',
  not_improved: '未愈',
};

export function isTreatmentReasonRequired(from: TreatmentStatus, to: TreatmentStatus): boolean {
  return REASON_REQUIRED_TREATMENT_STATUSES.includes(to) || (from === 'treated' && to === 'treating');
}

export const TREATMENT_MACHINE: StatusMachine<TreatmentStatus> = {
  subject: '救治状态',
  labels: TREATMENT_STATUS_LABELS,
  transitions: TREATMENT_TRANSITIONS,
  isReasonRequired: isTreatmentReasonRequired,
};

export type TTreatmentEvent = {
  status: TreatmentStatus;
  date: IsoDate;
  reason: string | null;
  outcome: TreatmentOutcome | null;
};

export type TTreatmentCase = {
  status: TreatmentStatus;
  statusDate: IsoDate;
  reason: string | null;
  outcome: TreatmentOutcome | null;
  /** Every status the case has had, oldest first; the last event is the current status. */
  history: readonly TTreatmentEvent[];
};

export const ZTreatmentChange = z.object({
  to: z.enum(TREATMENT_STATUSES),
  date: ZIsoDate,
  reason: z.string().trim().max(200, { error: '原因不能超过200个字' }).optional(),
  outcome: z.enum(TREATMENT_OUTCOMES).optional(),
});
export type TTreatmentChange = z.infer<typeof ZTreatmentChange>;

/** A new case in 待救治 on `date`. Throws a RangeError naming the date when it is not YYYY-MM-DD. */
export function openTreatmentCase(date: IsoDate): TTreatmentCase {
  if (!isIsoDate(date)) {
    throw new RangeError(`救治台账建档日期“${date}”无效：应为 YYYY-MM-DD 格式的有效日期`);
  }
  const event: TTreatmentEvent = { status: 'waiting', date, reason: null, outcome: null };
  return { status: 'waiting', statusDate: date, reason: null, outcome: null, history: [event] };
}

export function isTerminalTreatmentStatus(status: TreatmentStatus): boolean {
  return TERMINAL_TREATMENT_STATUSES.includes(status);
}

/** Apply one status change to a case, or explain (in Chinese) why it is refused. */
export function transitionTreatmentCase(
  current: TTreatmentCase,
  change: TTreatmentChange,
): TransitionResult<TTreatmentCase> {
  const problem = checkStatusChange(TREATMENT_MACHINE, {
    from: current.status,
    fromDate: current.statusDate,
    to: change.to,
    date: change.date,
    reason: change.reason,
  });
  if (problem) {
    return { ok: false, error: problem };
  }
  const treatedLabel = TREATMENT_STATUS_LABELS.treated;
  if (change.to === 'treated' && change.outcome === undefined) {
    return failTransition('OUTCOME_REQUIRED', `救治结果：变更为“${treatedLabel}”时必须填写救治结果`);
  }
  if (change.to !== 'treated' && change.outcome !== undefined) {
    return failTransition('OUTCOME_NOT_ALLOWED', `救治结果：只有变更为“${treatedLabel}”时才能填写`);
  }
  const event: TTreatmentEvent = {
    status: change.to,
    date: change.date,
    reason: cleanReason(change.reason),
    outcome: change.outcome ?? null,
  };
  return {
    ok: true,
    value: {
      status: event.status,
      statusDate: event.date,
      reason: event.reason,
      outcome: event.outcome,
      history: [...current.history, event],
    },
  };
}

function assertAsOf(current: TTreatmentCase, asOf: IsoDate): void {
  if (!isIsoDate(asOf)) {
    throw new RangeError(`统计日期“${asOf}”无效：应为 YYYY-MM-DD 格式的有效日期`);
  }
  if (asOf < current.statusDate) {
    throw new RangeError(`统计日期${asOf}早于救治状态最近一次变更日期${current.statusDate}`);
  }
}

/** Whole days the case has been in its current status on `asOf` (0 on the day it changed). */
export function daysInCurrentStatus(current: TTreatmentCase, asOf: IsoDate): number {
  assertAsOf(current, asOf);
  return diffDays(current.statusDate, asOf);
}

/**
 * Total whole days the case has spent in 待救治 up to `asOf`: every period from entering 待救治 to the
 * next status change (or to `asOf` while still waiting). A case opened on 03-01 and treated from
 * 03-11 waited 10 days; one still waiting on 03-31 has waited 30. Dates come from the caller (no
 * clock). Throws a RangeError when `asOf` is invalid or before the last status change.
 */
export function daysWaited(current: TTreatmentCase, asOf: IsoDate): number {
  assertAsOf(current, asOf);
  let total = 0;
  current.history.forEach((event, index) => {
    if (event.status === 'waiting') {
      const end = current.history[index + 1]?.date ?? asOf;
      total += diffDays(event.date, end);
    }
  });
  return total;
}

/** Statuses counted as 救治 (treatment started or done) by 救治率. */
export const TREATED_FOR_RATE_STATUSES: readonly TreatmentStatus[] = ['treating', 'treated'];
/** Statuses left out of the 救治率 base: the case is no longer this county's to treat. */
export const EXCLUDED_FROM_RATE_STATUSES: readonly TreatmentStatus[] = ['dead', 'moved_out'];

export type TTreatmentRate = { treated: number; base: number; rateBp: Bp | null };

/**
 * 救治率 as in the indicator catalogue ('major_disease_treatment_rate'): cases 救治中 or 已救治 over
 * all cases except 死亡 and 迁出, half-up in basis points; null when the base is 0.
 */
export function treatmentRateOf(statuses: Iterable<TreatmentStatus>): TTreatmentRate {
  let treated = 0;
  let base = 0;
  for (const status of statuses) {
    if (EXCLUDED_FROM_RATE_STATUSES.includes(status)) {
      continue;
    }
    base += 1;
    if (TREATED_FOR_RATE_STATUSES.includes(status)) {
      treated += 1;
    }
  }
  return { treated, base, rateBp: ratioBp(treated, base) };
}

/**
 * Ledger details of a major-disease case (四定: fixed hospital, pathway and per-disease cost quota).
 * The fixed reimbursement ratio belongs to settlement configuration, not to the case.
 */
export const ZTreatmentCaseDetails = z.object({
  /** Code of the designated hospital (定点医院). */
  designatedHospitalCode: z.string().trim().min(1, { error: '定点医院不能为空' }),
  expertGroup: z.string().trim().max(200, { error: '专家组不能超过200个字' }).optional(),
  treatmentPlan: z.string().trim().max(2000, { error: '治疗方案不能超过2000个字' }).optional(),
  clinicalPathway: z.string().trim().max(200, { error: '临床路径不能超过200个字' }).optional(),
  /** 费用定额 in fen. */
  costQuotaFen: z
    .int({ error: '费用定额必须是以分为单位的整数' })
    .min(0, { error: '费用定额不能为负数' })
    .max(Number.MAX_SAFE_INTEGER, { error: '费用定额超出范围' })
    .optional(),
});
export type TTreatmentCaseDetails = z.infer<typeof ZTreatmentCaseDetails>;
