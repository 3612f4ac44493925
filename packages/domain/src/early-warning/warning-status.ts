/**
 * Handling of a warning (预警处置):
 *
 *   待处置 ──▶ 处置中 ──▶ 已处置 (with the assistance measures taken)
 *      │          └─────▶ 已排除 (checked and ruled out, with the reason)
 *      └──▶ 已处置 / 已排除 directly
 *
 * 已处置 and 已排除 are final: if the risk comes back in a later period the rules raise a new warning (its
 * period is part of the warning's key). Measures may be recorded while 处置中 and when 已处置; they also
 * count as the household's assistance for the "监测对象未落实帮扶措施" rule.
 */
import { z } from 'zod';
import { type IsoDate, isIsoDate } from '../calendar/iso-date.ts';
import {
  checkStatusChange,
  cleanReason,
  type StatusMachine,
  type TransitionError,
} from '../disease/state-machine.ts';
import { type Bp, ratioBp } from '../money/fen.ts';
import {
  ASSISTANCE_MEASURE_LABELS,
  ASSISTANCE_MEASURES,
  DISPOSED_WARNING_STATUSES,
  PAID_ASSISTANCE_MEASURES,
  WARNING_STATUS_LABELS,
  type WarningStatus,
} from './vocabulary.ts';

export const WARNING_TRANSITIONS: Readonly<Record<WarningStatus, readonly WarningStatus[]>> = {
  pending: ['handling', 'handled', 'excluded'],
  handling: ['handled', 'excluded'],
  handled: [],
  excluded: [],
};

export const WARNING_MACHINE: StatusMachine<WarningStatus> = {
  subject: '处置状态',
  labels: WARNING_STATUS_LABELS,
  transitions: WARNING_TRANSITIONS,
  isReasonRequired: (_from, to) => to === 'excluded',
};

export const ZAssistanceMeasureInput = z.object({
  measure: z.enum(ASSISTANCE_MEASURES, { error: '帮扶措施类型无效' }),
  date: z.string(),
  amountFen: z
    .int({ error: '金额必须是以分为单位的整数' })
    .min(0, { error: '金额不能为负数' })
    .max(Number.MAX_SAFE_INTEGER, { error: '金额超出范围' })
    .nullable()
    .optional(),
  note: z.string().trim().max(200, { error: '说明不能超过200个字' }).nullable().optional(),
});
export type TAssistanceMeasureInput = z.infer<typeof ZAssistanceMeasureInput>;

export type TWarningState = { status: WarningStatus; statusDate: IsoDate };

export type TWarningChange = {
  to: WarningStatus;
  date: string;
  /** 排除原因 (required to exclude) or a note on the handling. */
  reason?: string | null | undefined;
  measures?: readonly TAssistanceMeasureInput[] | undefined;
};

export type TWarningTransitionError =
  | TransitionError
  | { code: 'MEASURE_REQUIRED' | 'MEASURE_INVALID' | 'MEASURE_NOT_ALLOWED'; message: string };

export type TWarningTransition =
  | {
      ok: true;
      value: {
        status: WarningStatus;
        statusDate: IsoDate;
        /** Set when the warning becomes 已处置 or 已排除 (the date counted by 预警处置率). */
        disposedOn: IsoDate | null;
        reason: string | null;
        measures: TAssistanceMeasureInput[];
      };
    }
  | { ok: false; error: TWarningTransitionError };

const fail = (code: TWarningTransitionError['code'], message: string): TWarningTransition => ({
  ok: false,
  error: { code, message } as TWarningTransitionError,
});

/** The first problem with one measure (numbered from 1 in messages), or null. */
export function checkAssistanceMeasure(
  measure: TAssistanceMeasureInput,
  index: number,
  latestDate: IsoDate,
): string | null {
  const label = `第${index + 1}项帮扶措施（${ASSISTANCE_MEASURE_LABELS[measure.measure]}）`;
  if (!isIsoDate(measure.date)) {
    return `${label}：日期“${measure.date}”无效，应为 YYYY-MM-DD`;
  }
  if (measure.date > latestDate) {
    return `${label}：日期${measure.date}晚于处置日期${latestDate}`;
  }
  if (PAID_ASSISTANCE_MEASURES.includes(measure.measure) && !(measure.amountFen && measure.amountFen > 0)) {
    return `${label}：须填写救助金额`;
  }
  return null;
}

/** Applies one handling step to a warning, or explains in Chinese why it is refused. */
export function transitionWarning(current: TWarningState, change: TWarningChange): TWarningTransition {
  const problem = checkStatusChange(WARNING_MACHINE, {
    from: current.status,
    fromDate: current.statusDate,
    to: change.to,
    date: change.date,
    reason: change.reason,
  });
  if (problem) {
    if (problem.code === 'REASON_REQUIRED') {
      return fail('REASON_REQUIRED', '排除预警时必须填写排除原因（如：核实为误报、费用已由其他渠道报销）');
    }
    if (problem.code === 'TRANSITION_NOT_ALLOWED' && WARNING_TRANSITIONS[current.status].length === 0) {
      return fail(
        'TRANSITION_NOT_ALLOWED',
        `预警已“${WARNING_STATUS_LABELS[current.status]}”，不能再变更；如风险再次出现，系统会产生新的预警`,
      );
    }
    return { ok: false, error: problem };
  }
  const measures = [...(change.measures ?? [])];
  if (change.to === 'excluded' && measures.length > 0) {
    return fail('MEASURE_NOT_ALLOWED', '已排除的预警不登记帮扶措施；如已采取措施，请选择“已处置”');
  }
  if (change.to === 'handled' && measures.length === 0) {
    return fail('MEASURE_REQUIRED', '变更为“已处置”时必须登记至少一项帮扶措施（如医疗救助、临时救助）');
  }
  for (const [index, measure] of measures.entries()) {
    const message = checkAssistanceMeasure(measure, index, change.date);
    if (message) {
      return fail('MEASURE_INVALID', message);
    }
  }
  const isDisposed = DISPOSED_WARNING_STATUSES.includes(change.to);
  return {
    ok: true,
    value: {
      status: change.to,
      statusDate: change.date,
      disposedOn: isDisposed ? change.date : null,
      reason: cleanReason(change.reason),
      measures,
    },
  };
}

export type TWarningHandlingRate = { raised: number; disposed: number; rateBp: Bp | null };

/**
 * 预警处置率 as in the catalogue ('warning_handling_rate'): warnings raised in the period that were 已处置 or
 * 已排除 by its end, over warnings raised in the period.
 */
export function warningHandlingRate(
  warnings: Iterable<{ raisedOn: IsoDate; disposedOn: IsoDate | null }>,
  period: { from: IsoDate; to: IsoDate },
): TWarningHandlingRate {
  let raised = 0;
  let disposed = 0;
  for (const w of warnings) {
    if (w.raisedOn < period.from || w.raisedOn > period.to) {
      continue;
    }
    raised += 1;
    if (w.disposedOn !== null && w.disposedOn <= period.to) {
      disposed += 1;
    }
  }
  return { raised, disposed, rateBp: ratioBp(disposed, raised) };
}
