/**
 * Pure rules of family-doctor contracts and annual checkups used by the chronic module (no I/O, no
 * clock). The follow-up rules themselves live in @healthaid/domain (follow-up/).
 */
import {
  addDays,
  addYears,
  diffDays,
  divRoundHalfUp,
  type FollowUpDisease,
  formatTenths,
  type IsoDate,
} from '@healthaid/domain';

export const CONTRACT_STATUS_LABELS = {
  pending: '待审核',
  signed: '签约',
  renewed: '续约',
  cancelled: '解约',
} as const;
export type ContractStatus = keyof typeof CONTRACT_STATUS_LABELS;

export const CANCEL_REASON_LABELS = {
  moved: '迁出',
  unreachable_year: '一年无法联系',
  refused_year: '一年拒绝服务',
  voluntary: '主动解约',
  death: '死亡',
} as const;
export type CancelReason = keyof typeof CANCEL_REASON_LABELS;

export const PACKAGE_KIND_LABELS = { basic: '基础包', personalised: '个性化包' } as const;
export type PackageKind = keyof typeof PACKAGE_KIND_LABELS;

export const PAYER_LABELS = {
  public_health: '基本公共卫生经费',
  insurance: '医保基金',
  resident: '居民个人',
  finance: '财政补助',
} as const;
export type Payer = keyof typeof PAYER_LABELS;

/** Service items a visit or checkup can fulfil automatically; `other` items are recorded by hand. */
export const SERVICE_CODE_LABELS = {
  followup_hypertension: '高血压随访',
  followup_diabetes: '糖尿病随访',
  followup_mental: '严重精神障碍随访',
  followup_tuberculosis: '肺结核随访',
  followup_chronic: '慢性病随访',
  health_check: '年度健康体检',
  health_education: '健康教育',
  home_visit: '上门服务',
  other: '其他服务',
} as const;
export type ServiceCode = keyof typeof SERVICE_CODE_LABELS;

export function serviceCodeOfVisit(disease: FollowUpDisease): ServiceCode {
  return `followup_${disease}`;
}

/** A contract runs at least one year: end ≥ start + 1 year − 1 day (2026-01-01 → 2026-12-31 is one year). */
export function minimumContractEnd(start: IsoDate): IsoDate {
  return addDays(addYears(start, 1), -1);
}

/** The Chinese problem with a contract period, or null when it is valid. */
export function checkContractPeriod(start: IsoDate, end: IsoDate): string | null {
  if (end <= start) {
    return '签约结束日期必须晚于开始日期';
  }
  const minimum = minimumContractEnd(start);
  if (end < minimum) {
    return `签约服务期限至少一年：开始日期为${start}时，结束日期不能早于${minimum}`;
  }
  return null;
}

/** The default period of a renewal: the day after the old contract ends, for one year. */
export function renewalPeriod(previousEnd: IsoDate): { startDate: IsoDate; endDate: IsoDate } {
  const startDate = addDays(previousEnd, 1);
  return { startDate, endDate: minimumContractEnd(startDate) };
}

export type ContractAction = 'approve' | 'renew' | 'cancel';

const ALLOWED: Record<ContractAction, readonly ContractStatus[]> = {
  approve: ['pending'],
  renew: ['signed', 'renewed'],
  cancel: ['pending', 'signed', 'renewed'],
};

/** Why an action is not allowed on a contract in `status`, or null when it is. */
export function checkContractAction(action: ContractAction, status: ContractStatus): string | null {
  if (ALLOWED[action].includes(status)) {
    return null;
  }
  const verb = { approve: '审核', renew: '续约', cancel: '解约' }[action];
  return `状态为“${CONTRACT_STATUS_LABELS[status]}”的签约不能${verb}`;
}

/** Is a contract in force on a date (signed or renewed, inside its period, not cancelled before). */
export function isContractInForce(
  contract: { status: ContractStatus; startDate: IsoDate; endDate: IsoDate; cancelDate: IsoDate | null },
  on: IsoDate,
): boolean {
  if (contract.status === 'pending') {
    return false;
  }
  if (contract.status === 'cancelled' && (contract.cancelDate === null || contract.cancelDate <= on)) {
    return false;
  }
  return contract.startDate <= on && on <= contract.endDate;
}

/** Inclusive overlap of two date ranges in days (0 when they do not overlap). */
export function overlapDays(a: { from: IsoDate; to: IsoDate }, b: { from: IsoDate; to: IsoDate }): number {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from > to ? 0 : diffDays(from, to) + 1;
}

/**
 * Services due in `days` of a contract for an item delivered `countPerYear` times a year, pro rata and
 * rounded half up: 4 a year over a 91-day quarter → 1; a yearly health check over a quarter → 0.
 */
export function requiredDeliveries(countPerYear: number, days: number): number {
  return Math.min(countPerYear, divRoundHalfUp(countPerYear * days, 365));
}

export type FulfilmentItem = { itemId: number; countPerYear: number };

/** 履约: every item has at least its pro-rated number of deliveries within the covered days. */
export function isContractFulfilled(options: {
  items: readonly FulfilmentItem[];
  deliveries: readonly { itemId: number }[];
  coveredDays: number;
}): boolean {
  if (options.coveredDays <= 0) {
    return false;
  }
  const delivered = new Map<number, number>();
  for (const d of options.deliveries) {
    delivered.set(d.itemId, (delivered.get(d.itemId) ?? 0) + 1);
  }
  return options.items.every(
    (item) => (delivered.get(item.itemId) ?? 0) >= requiredDeliveries(item.countPerYear, options.coveredDays),
  );
}

/** Measured results of an annual health checkup (体检); one-decimal values are integer tenths. */
export type CheckupResults = {
  systolic?: number | undefined;
  diastolic?: number | undefined;
  fastingGlucoseTenths?: number | undefined;
  bmiTenths?: number | undefined;
  totalCholesterolTenths?: number | undefined;
  ecgAbnormal?: boolean | undefined;
};

export const CHECKUP_FLAG_LABELS = {
  bp_high: '血压偏高',
  glucose_high: '空腹血糖偏高',
  glucose_low: '空腹血糖偏低',
  obesity: '肥胖',
  cholesterol_high: '总胆固醇偏高',
  ecg_abnormal: '心电图异常',
} as const;
export type CheckupFlagCode = keyof typeof CHECKUP_FLAG_LABELS;

export type CheckupFlag = { code: CheckupFlagCode; label: string; suspectedDisease: string | null };

/**
 * Abnormal results [M]: BP ≥140/90 (suspected hypertension); fasting glucose ≥7.0 (suspected diabetes)
 * or <3.9 mmol/L; BMI ≥28.0; total cholesterol ≥6.2 mmol/L; an abnormal ECG.
 */
export function flagCheckupResults(results: CheckupResults): CheckupFlag[] {
  const flags: CheckupFlag[] = [];
  const add = (code: CheckupFlagCode, detail: string, suspectedDisease: string | null = null) =>
    flags.push({ code, label: `${CHECKUP_FLAG_LABELS[code]}（${detail}）`, suspectedDisease });
  const { systolic, diastolic } = results;
  if ((systolic ?? 0) >= 140 || (diastolic ?? 0) >= 90) {
    add('bp_high', `${systolic ?? '—'}/${diastolic ?? '—'} mmHg`, 'hypertension');
  }
  const glucose = results.fastingGlucoseTenths;
  if (glucose !== undefined && glucose >= 70) {
    add('glucose_high', `${formatTenths(glucose)} mmol/L`, 'diabetes');
  }
  if (glucose !== undefined && glucose < 39) {
    add('glucose_low', `${formatTenths(glucose)} mmol/L`);
  }
  if (results.bmiTenths !== undefined && results.bmiTenths >= 280) {
    add('obesity', `BMI ${formatTenths(results.bmiTenths)}`);
  }
  if (results.totalCholesterolTenths !== undefined && results.totalCholesterolTenths >= 62) {
    add('cholesterol_high', `${formatTenths(results.totalCholesterolTenths)} mmol/L`);
  }
  if (results.ecgAbnormal === true) {
    add('ecg_abnormal', '需进一步检查');
  }
  return flags;
}

/** Contract number: county, signing year and a sequence (HT-130321-2026-000123). */
export function formatContractNo(countyCode: string, year: number, sequence: number): string {
  return `HT-${countyCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
