import { isIsoDate } from '../calendar/iso-date.ts';
import type { TPolicySet } from './policy-set.schema.ts';
import { throwSettlementError } from './settlement.errors.ts';

type PolicyVersionFields = Pick<TPolicySet, 'regionCode' | 'effectiveFrom' | 'effectiveTo' | 'version'>;

/**
 * The region codes to try for a place, most specific first: the code itself, then its county
 * (6 digits), city (4 digits) and province (2 digits), each padded to 12 digits.
 * Accepts 2–12 digit codes ('130321' = '130321000000').
 */
export function listPolicyRegionCandidates(regionCode: string): string[] {
  if (!/^\d{2,12}$/.test(regionCode)) {
    throwSettlementError(
      'REGION_CODE_INVALID',
      'regionCode',
      `行政区划代码（regionCode）“${regionCode}”必须是 2–12 位数字`,
    );
  }
  const full = regionCode.padEnd(12, '0');
  const candidates = [full, ...[6, 4, 2].map((length) => full.slice(0, length).padEnd(12, '0'))];
  return [...new Set(candidates)];
}

/**
 * The policy set that governs a service date in a region: the most specific region with a policy in
 * force on that date wins (county → city → province); within it the highest version, then the latest
 * effectiveFrom. effectiveFrom and effectiveTo are inclusive; effectiveTo null is open-ended.
 * Returns null when no policy covers the date.
 */
export function selectPolicyVersion<T extends PolicyVersionFields>(
  policies: readonly T[],
  regionCode: string,
  serviceDate: string,
): T | null {
  if (!isIsoDate(serviceDate)) {
    throwSettlementError(
      'SERVICE_DATE_INVALID',
      'serviceDate',
      `服务日期（serviceDate）“${serviceDate}”必须是 YYYY-MM-DD 日期`,
    );
  }
  for (const candidate of listPolicyRegionCandidates(regionCode)) {
    const inForce = policies.filter(
      (policy) =>
        policy.regionCode === candidate &&
        policy.effectiveFrom <= serviceDate &&
        (policy.effectiveTo === null || serviceDate <= policy.effectiveTo),
    );
    const best = inForce.reduce<T | null>(
      (winner, policy) =>
        winner === null ||
        policy.version > winner.version ||
        (policy.version === winner.version && policy.effectiveFrom > winner.effectiveFrom)
          ? policy
          : winner,
      null,
    );
    if (best !== null) {
      return best;
    }
  }
  return null;
}
