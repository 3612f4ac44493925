/** Error codes of the settlement engine; the server maps every code to an HTTP status in one place. */
export const SETTLEMENT_ERROR_CODES = [
  'CLAIM_FIELD_MISSING',
  'CLAIM_AMOUNT_INVALID',
  'CLAIM_AMOUNT_TOO_LARGE',
  'CLAIM_AMOUNT_MISMATCH',
  'CLAIM_CATEGORY_B_EXCEEDS_POLICY_SCOPE',
  'CLAIM_CONSENT_MISSING',
  'CLAIM_DATE_INVALID',
  'CLAIM_DISCHARGE_BEFORE_ADMISSION',
  'CLAIM_OUTSIDE_POLICY_PERIOD',
  'CLAIM_LEVEL_INVALID',
  'CLAIM_VISIT_TYPE_INVALID',
  'CLAIM_CAUSE_INVALID',
  'CLAIM_CATEGORY_INVALID',
  'POLICY_RULE_MISSING',
  'ACCUMULATORS_YEAR_AHEAD',
  'ACCUMULATORS_OUT_OF_RANGE',
  'CLAIMS_NOT_SORTED',
  'REGION_CODE_INVALID',
  'SERVICE_DATE_INVALID',
] as const;
export type SettlementErrorCode = (typeof SETTLEMENT_ERROR_CODES)[number];

/** One problem found in a claim: a code, the offending field (dotted path) and a Chinese message. */
export type SettlementIssue = { code: SettlementErrorCode; field: string; message: string };

export class SettlementError extends Error {
  readonly code: SettlementErrorCode;
  readonly field: string;

  constructor(issue: SettlementIssue) {
    super(issue.message);
    this.name = 'SettlementError';
    this.code = issue.code;
    this.field = issue.field;
  }
}

export function throwSettlementError(code: SettlementErrorCode, field: string, message: string): never {
  throw new SettlementError({ code, field, message });
}
