import type { IsoDate } from '../calendar/iso-date.ts';
import {
  SCREENING_REFERRAL_STATUS_LABELS,
  type ScreeningReferralStatus,
  type ScreeningResult,
} from './vocabulary.ts';

/**
 * Referral of abnormal screening results (异常转诊/召回复查): an abnormal or follow-up result opens a pending
 * referral; the person is referred to an institution, and the referral ends confirmed (with a diagnosis),
 * excluded (further examination normal) or lost (失访, which may be reopened when the person is found).
 */

/** The referral status a new record starts with. */
export function initialScreeningReferralStatus(result: ScreeningResult): ScreeningReferralStatus {
  return result === 'normal' ? 'none' : 'pending';
}

export const SCREENING_REFERRAL_TRANSITIONS: Readonly<
  Record<ScreeningReferralStatus, readonly ScreeningReferralStatus[]>
> = {
  none: [],
  pending: ['referred', 'excluded', 'lost'],
  referred: ['confirmed', 'excluded', 'lost'],
  confirmed: [],
  excluded: [],
  lost: ['referred'],
};

export type ScreeningReferralChange = {
  to: ScreeningReferralStatus;
  date: IsoDate;
  institution?: string | null;
  diagnosis?: string | null;
};

export type ScreeningReferralState = {
  status: ScreeningReferralStatus;
  screenedOn: IsoDate;
  referredOn: IsoDate | null;
};

/** Checks a referral change; returns the problems (empty when allowed), in Chinese. */
export function checkScreeningReferralChange(
  state: ScreeningReferralState,
  change: ScreeningReferralChange,
  today: IsoDate,
): string[] {
  const problems: string[] = [];
  const from = SCREENING_REFERRAL_STATUS_LABELS[state.status];
  const to = SCREENING_REFERRAL_STATUS_LABELS[change.to];
  if (state.status === 'none') {
    return ['筛查结果未见异常，无需转诊'];
  }
  if (!SCREENING_REFERRAL_TRANSITIONS[state.status].includes(change.to)) {
    const allowed = SCREENING_REFERRAL_TRANSITIONS[state.status].map(
      (s) => SCREENING_REFERRAL_STATUS_LABELS[s],
    );
    return [
      allowed.length === 0
        ? `转诊状态已是“${from}”，不能再变更`
        : `转诊状态不能从“${from}”变为“${to}”（可变为：${allowed.join('、')}）`,
    ];
  }
  if (change.date < state.screenedOn) {
    problems.push(`${to}日期${change.date}早于筛查日期${state.screenedOn}`);
  }
  if (change.date > today) {
    problems.push(`${to}日期${change.date}晚于今天${today}`);
  }
  if (change.to === 'referred' && !change.institution?.trim()) {
    problems.push('转诊须填写转诊机构');
  }
  if (change.to === 'confirmed' && !change.diagnosis?.trim()) {
    problems.push('确诊须填写确诊结果（诊断）');
  }
  if (
    (change.to === 'confirmed' || change.to === 'excluded') &&
    state.referredOn &&
    change.date < state.referredOn
  ) {
    problems.push(`${to}日期${change.date}早于转诊日期${state.referredOn}`);
  }
  return problems;
}

/** Whether a referral is still open (needs action by the township). */
export function isScreeningReferralOpen(status: ScreeningReferralStatus): boolean {
  return status === 'pending' || status === 'referred';
}
