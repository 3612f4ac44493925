/**
 * One-stop settlement (三重保障一站式结算): versioned policy sets and a pure, integer-fen,
 * multi-layer settlement engine with yearly accumulators, re-settlement and what-if.
 */
export { createAccumulators } from './accumulators.ts';
export {
  CLAIM_IMPORT_COLUMNS,
  type ClaimImportError,
  type ClaimImportRow,
  claimImportColumnOf,
  matchClaimHeader,
  parseClaimRow,
} from './claim-import.ts';
export { type CompiledPolicy, compilePolicy, formatYuan } from './compile-policy.ts';
export {
  describePolicySetIssues,
  type PolicySetIssue,
  type PolicySetParseResult,
  parsePolicySet,
} from './parse-policy-set.ts';
export * from './policies/index.ts';
export {
  type TAssistanceRule,
  type TBasicCategoryAdjustment,
  type TBasicRule,
  type TCriticalIllness,
  type TCriticalPreference,
  type TEligibility,
  type TFurtherLayer,
  type TLayerBase,
  type TPolicySet,
  type TSelfPayCap,
  type TSelfPayCapBearer,
  type TTreatFirstPayLater,
  ZClaimCause,
  ZHospitalLevel,
  ZPersonCategory,
  ZPolicySet,
  ZVisitType,
} from './policy-set.schema.ts';
export {
  isSameSettlement,
  type ResettleInput,
  type ResettleOutput,
  resettlePersonYear,
  reverseSettlement,
  type SettlementReversal,
} from './resettle.ts';
export { listPolicyRegionCandidates, selectPolicyVersion } from './select-policy-version.ts';
export {
  type SettleClaimsItem,
  type SettleClaimsOutput,
  type SettlementPolicy,
  type SettleOptions,
  settleClaim,
  settleClaims,
} from './settle-claim.ts';
export {
  SETTLEMENT_ERROR_CODES,
  SettlementError,
  type SettlementErrorCode,
  type SettlementIssue,
} from './settlement.errors.ts';
export {
  type RecordedSettlement,
  type SettlementBearer,
  type SettlementLayerResult,
  type SettlementResult,
  type SettlementTraceEntry,
  type TBasicUsage,
  type TLayerUsage,
  type TSettlementAccumulators,
  type TSettlementClaim,
  ZSettlementAccumulators,
  ZSettlementCategories,
  ZSettlementClaim,
} from './settlement-claim.schema.ts';
export * from './settlement-vocabulary.ts';
export { CLAIM_FIELD_LABELS, MAX_CLAIM_FEN, validateClaim } from './validate-claim.ts';
export {
  addToTotals,
  type ClaimWhatIf,
  diffTotals,
  emptyTotals,
  ORDINARY_CATEGORY_KEY,
  type SettlementTotals,
  type WhatIfGroup,
  type WhatIfPersonYear,
  type WhatIfReport,
  whatIfClaim,
  whatIfPolicies,
} from './what-if.ts';
