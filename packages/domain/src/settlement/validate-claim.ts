import { isIsoDate } from '../calendar/iso-date.ts';
import {
  type CompiledPolicy,
  levelIndexOf,
  resolveCompiledPolicy,
  visitTypeIndexOf,
} from './compile-policy.ts';
import { isoDateKey } from './iso-date-key.ts';
import type { TPolicySet } from './policy-set.schema.ts';
import type { SettlementErrorCode, SettlementIssue } from './settlement.errors.ts';
import type { TSettlementClaim } from './settlement-claim.schema.ts';
import {
  CLAIM_CAUSES,
  HOSPITAL_LEVEL_LABELS,
  HOSPITAL_LEVELS,
  VISIT_TYPE_LABELS,
  VISIT_TYPES,
} from './settlement-vocabulary.ts';

/** Largest amount accepted on one claim: 10 亿元. Keeps every later product exact in float arithmetic. */
export const MAX_CLAIM_FEN = 100_000_000_000;

type ClaimCheck = (
  claim: TSettlementClaim,
  policy: CompiledPolicy,
  isPolicyPeriodChecked: boolean,
) => SettlementIssue | null;

type AmountField =
  | 'totalFen'
  | 'policyScopeFen'
  | 'outOfCatalogueFen'
  | 'categoryBFirstSelfPayFen'
  | 'depositFen';

/** Chinese names of claim fields, used in every message together with the field key. */
export const CLAIM_FIELD_LABELS = {
  claimId: '结算单号',
  institutionLevel: '医疗机构级别',
  visitType: '就诊类型',
  admissionDate: '入院日期',
  dischargeDate: '出院（结算）日期',
  totalFen: '医疗总费用',
  policyScopeFen: '政策范围内费用',
  outOfCatalogueFen: '目录外费用',
  categoryBFirstSelfPayFen: '乙类先自付费用',
  depositFen: '押金',
  dialysisSessions: '血液透析次数',
  cause: '就诊原因',
  'transplant.transplantDate': '移植日期',
} as const;
type ClaimField = keyof typeof CLAIM_FIELD_LABELS;

const AMOUNT_FIELDS: readonly AmountField[] = [
  'totalFen',
  'policyScopeFen',
  'outOfCatalogueFen',
  'categoryBFirstSelfPayFen',
  'depositFen',
];

function issue(code: SettlementErrorCode, field: ClaimField, reason: string): SettlementIssue {
  return { code, field, message: `${CLAIM_FIELD_LABELS[field]}（${field}）${reason}` };
}

function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function hasValidAmounts(claim: TSettlementClaim, fields: readonly AmountField[]): boolean {
  return fields.every((field) => isAmount(claim[field]));
}

function checkAmount(field: AmountField): ClaimCheck {
  return (claim) => {
    const value = claim[field];
    if (!isAmount(value)) {
      return issue('CLAIM_AMOUNT_INVALID', field, `必须是不小于 0 的整数（单位：分），收到 ${String(value)}`);
    }
    return value > MAX_CLAIM_FEN
      ? issue('CLAIM_AMOUNT_TOO_LARGE', field, '超过单张结算单上限 10 亿元')
      : null;
  };
}

function checkDate(field: 'admissionDate' | 'dischargeDate'): ClaimCheck {
  return (claim) =>
    isIsoDate(claim[field])
      ? null
      : issue('CLAIM_DATE_INVALID', field, `必须是真实存在的 YYYY-MM-DD 日期，收到“${String(claim[field])}”`);
}

/** Every rule a claim must satisfy, in reporting order. */
const CLAIM_CHECKS: readonly ClaimCheck[] = [
  (claim) =>
    typeof claim.claimId === 'string' && claim.claimId.length > 0
      ? null
      : issue('CLAIM_FIELD_MISSING', 'claimId', '不能为空'),
  (claim) =>
    HOSPITAL_LEVELS.includes(claim.institutionLevel)
      ? null
      : issue(
          'CLAIM_LEVEL_INVALID',
          'institutionLevel',
          `必须是 ${HOSPITAL_LEVELS.map((l) => `${l}（${HOSPITAL_LEVEL_LABELS[l]}）`).join('、')} 之一`,
        ),
  (claim) =>
    VISIT_TYPES.includes(claim.visitType)
      ? null
      : issue(
          'CLAIM_VISIT_TYPE_INVALID',
          'visitType',
          `必须是 ${VISIT_TYPES.map((v) => `${v}（${VISIT_TYPE_LABELS[v]}）`).join('、')} 之一`,
        ),
  ...AMOUNT_FIELDS.map(checkAmount),
  (claim) =>
    claim.dialysisSessions === undefined ||
    (Number.isSafeInteger(claim.dialysisSessions) && claim.dialysisSessions >= 0)
      ? null
      : issue(
          'CLAIM_AMOUNT_INVALID',
          'dialysisSessions',
          `必须是不小于 0 的整数，收到 ${claim.dialysisSessions}`,
        ),
  (claim) =>
    !hasValidAmounts(claim, ['totalFen', 'policyScopeFen', 'outOfCatalogueFen']) ||
    claim.policyScopeFen + claim.outOfCatalogueFen === claim.totalFen
      ? null
      : issue(
          'CLAIM_AMOUNT_MISMATCH',
          'totalFen',
          `必须等于政策范围内费用与目录外费用之和（${claim.policyScopeFen} + ${claim.outOfCatalogueFen} ≠ ${claim.totalFen}）`,
        ),
  (claim) =>
    !hasValidAmounts(claim, ['policyScopeFen', 'categoryBFirstSelfPayFen']) ||
    claim.categoryBFirstSelfPayFen <= claim.policyScopeFen
      ? null
      : issue('CLAIM_CATEGORY_B_EXCEEDS_POLICY_SCOPE', 'categoryBFirstSelfPayFen', '不能大于政策范围内费用'),
  (claim) =>
    !(claim.outOfCatalogueFen > 0) || claim.hasOutOfCatalogueConsent === true
      ? null
      : {
          code: 'CLAIM_CONSENT_MISSING',
          field: 'hasOutOfCatalogueConsent',
          message: `目录外费用（outOfCatalogueFen）${claim.outOfCatalogueFen} 分须签署知情同意书（hasOutOfCatalogueConsent）后方可结算`,
        },
  checkDate('admissionDate'),
  checkDate('dischargeDate'),
  (claim) =>
    !isIsoDate(claim.admissionDate) ||
    !isIsoDate(claim.dischargeDate) ||
    claim.dischargeDate >= claim.admissionDate
      ? null
      : issue(
          'CLAIM_DISCHARGE_BEFORE_ADMISSION',
          'dischargeDate',
          `${claim.dischargeDate} 早于入院日期 ${claim.admissionDate}`,
        ),
  (claim, policy, isPolicyPeriodChecked) => {
    const { effectiveFrom, effectiveTo, name } = policy.source;
    const date = claim.dischargeDate;
    return !isPolicyPeriodChecked ||
      !isIsoDate(date) ||
      (date >= effectiveFrom && (effectiveTo === null || date <= effectiveTo))
      ? null
      : issue(
          'CLAIM_OUTSIDE_POLICY_PERIOD',
          'dischargeDate',
          `${date} 不在政策“${name}”的有效期 ${effectiveFrom} 至 ${effectiveTo ?? '长期'} 内`,
        );
  },
  (claim) =>
    claim.cause === undefined || CLAIM_CAUSES.includes(claim.cause)
      ? null
      : issue('CLAIM_CAUSE_INVALID', 'cause', `不是已知的就诊原因：${String(claim.cause)}`),
  (claim) => {
    const date = claim.transplant?.transplantDate;
    if (date === undefined) {
      return null;
    }
    if (!isIsoDate(date)) {
      return issue(
        'CLAIM_DATE_INVALID',
        'transplant.transplantDate',
        `必须是真实存在的 YYYY-MM-DD 日期，收到“${date}”`,
      );
    }
    return date <= claim.dischargeDate
      ? null
      : issue(
          'CLAIM_DATE_INVALID',
          'transplant.transplantDate',
          `${date} 不能晚于出院日期 ${claim.dischargeDate}`,
        );
  },
];

/** Same answer as isIsoDate for strings, without a regular expression or allocation (hot path). */
export function isIsoDateFast(value: unknown): boolean {
  return isoDateKey(value) >= 0;
}

function isFastAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_CLAIM_FEN;
}

/**
 * The common case in one pass: when the claim certainly passes every check in CLAIM_CHECKS, the discharge
 * date as a YYYYMMDD key (isoDateKey); otherwise -1 (then findClaimIssue runs the checks one by one).
 */
export function plainClaimDischargeKey(
  claim: TSettlementClaim,
  policy: CompiledPolicy,
  isPolicyPeriodChecked: boolean,
): number {
  if (
    !(
      typeof claim.claimId === 'string' &&
      claim.claimId.length > 0 &&
      isFastAmount(claim.totalFen) &&
      isFastAmount(claim.policyScopeFen) &&
      isFastAmount(claim.outOfCatalogueFen) &&
      isFastAmount(claim.categoryBFirstSelfPayFen) &&
      isFastAmount(claim.depositFen) &&
      claim.policyScopeFen + claim.outOfCatalogueFen === claim.totalFen &&
      claim.categoryBFirstSelfPayFen <= claim.policyScopeFen &&
      (claim.outOfCatalogueFen === 0 || claim.hasOutOfCatalogueConsent === true) &&
      (claim.dialysisSessions === undefined ||
        (Number.isSafeInteger(claim.dialysisSessions) && claim.dialysisSessions >= 0)) &&
      claim.cause === undefined &&
      claim.transplant === undefined &&
      levelIndexOf(claim.institutionLevel) >= 0 &&
      visitTypeIndexOf(claim.visitType) >= 0
    )
  ) {
    return -1;
  }
  const admissionKey = isoDateKey(claim.admissionDate);
  const dischargeKey = isoDateKey(claim.dischargeDate);
  if (admissionKey < 0 || dischargeKey < admissionKey) {
    return -1;
  }
  if (!isPolicyPeriodChecked) {
    return dischargeKey;
  }
  const fromKey = policy.effectiveFromKey;
  if (fromKey >= 0) {
    return dischargeKey >= fromKey && dischargeKey <= policy.effectiveToKey ? dischargeKey : -1;
  }
  // A bound that is not a valid date: compare as strings, like the check in CLAIM_CHECKS.
  const { effectiveFrom, effectiveTo } = policy.source;
  const date = claim.dischargeDate;
  return date >= effectiveFrom && (effectiveTo === null || date <= effectiveTo) ? dischargeKey : -1;
}

/**
 * First problem of a claim, or null when it can be settled under this policy.
 * isPolicyPeriodChecked false skips the validity-period check (what-if on last year's claims).
 */
export function findClaimIssue(
  claim: TSettlementClaim,
  policy: CompiledPolicy,
  isPolicyPeriodChecked = true,
): SettlementIssue | null {
  if (plainClaimDischargeKey(claim, policy, isPolicyPeriodChecked) >= 0) {
    return null;
  }
  for (const check of CLAIM_CHECKS) {
    const found = check(claim, policy, isPolicyPeriodChecked);
    if (found) {
      return found;
    }
  }
  return null;
}

/** Every problem of a claim (empty when valid), e.g. to show all field errors of a form at once. */
export function validateClaim(
  claim: TSettlementClaim,
  policy: TPolicySet | CompiledPolicy,
  isPolicyPeriodChecked = true,
): SettlementIssue[] {
  const compiled = resolveCompiledPolicy(policy);
  return CLAIM_CHECKS.map((check) => check(claim, compiled, isPolicyPeriodChecked)).filter(
    (found) => found !== null,
  );
}
