import { createAccumulators } from './accumulators.ts';
import type { TPolicySet } from './policy-set.schema.ts';
import type { TSettlementAccumulators, TSettlementClaim } from './settlement-claim.schema.ts';

/**
 * Builders shared by the settlement tests (not exported from the package).
 * yuan(56_000) = 5,600,000 fen keeps hand-computed figures readable; whole yuan only (write fen otherwise).
 */
export function yuan(wholeYuan: number): number {
  if (!Number.isSafeInteger(wholeYuan)) {
    throw new Error(`yuan() takes whole yuan, got ${wholeYuan}`);
  }
  return wholeYuan * 100;
}

/** A valid county inpatient claim of 10,000 元, all in policy scope; override any field. */
export function makeClaim(overrides: Partial<TSettlementClaim> = {}): TSettlementClaim {
  const policyScopeFen = overrides.policyScopeFen ?? yuan(10_000);
  const outOfCatalogueFen = overrides.outOfCatalogueFen ?? 0;
  return {
    claimId: 'C-1',
    institutionLevel: 'county',
    visitType: 'inpatient',
    admissionDate: '2024-03-01',
    dischargeDate: '2024-03-10',
    diagnosisCodes: ['I63.9'],
    totalFen: policyScopeFen + outOfCatalogueFen,
    policyScopeFen,
    outOfCatalogueFen,
    hasOutOfCatalogueConsent: outOfCatalogueFen > 0,
    categoryBFirstSelfPayFen: 0,
    treatFirstPayLater: false,
    depositFen: 0,
    ...overrides,
  };
}

export function emptyYear(year = 2024): TSettlementAccumulators {
  return createAccumulators(year);
}

/**
 * A small synthetic policy for table tests: basic insurance only (county inpatient 600 元 per admission,
 * 300 元 from the 2nd admission, 80 %; township inpatient 200 元, 90 %; county 门诊慢特病 500 元 a year,
 * 70 %; one 100,000 元 cap for inpatient + 门诊慢特病; 低保 adjustment ×50 %, +5 points, +20,000 元 cap).
 * Tests switch on the other layers by overriding fields.
 */
export function makePolicy(overrides: Partial<TPolicySet> = {}): TPolicySet {
  return {
    id: 'test-policy',
    version: 1,
    name: '测试政策',
    regionCode: '130321000000',
    effectiveFrom: '2024-01-01',
    effectiveTo: '2025-12-31',
    basicInsurance: {
      rules: [
        {
          level: 'county',
          visitType: 'inpatient',
          deductibleFen: yuan(600),
          deductibleBasis: 'per_admission',
          repeatAdmissionDeductibleFen: yuan(300),
          rateBp: 8_000,
        },
        {
          level: 'township',
          visitType: 'inpatient',
          deductibleFen: yuan(200),
          deductibleBasis: 'per_admission',
          repeatAdmissionDeductibleFen: null,
          rateBp: 9_000,
        },
        {
          level: 'county',
          visitType: 'outpatient_chronic',
          deductibleFen: yuan(500),
          deductibleBasis: 'per_year',
          repeatAdmissionDeductibleFen: null,
          rateBp: 7_000,
        },
      ],
      annualCaps: [{ visitTypes: ['inpatient', 'outpatient_chronic'], capFen: yuan(100_000) }],
      categoryAdjustments: [
        {
          code: 'dibao_package',
          categories: ['dibao'],
          levels: ['county', 'township'],
          visitTypes: ['inpatient'],
          deductibleMultiplierBp: 5_000,
          rateIncreaseBp: 500,
          capIncreaseFen: yuan(20_000),
        },
      ],
    },
    criticalIllness: null,
    medicalAssistance: { base: 'policy_scope_remaining', rules: [] },
    furtherLayers: [],
    selfPayCap: null,
    treatFirstPayLater: null,
    ...overrides,
  };
}

/** Basic insurance that pays nothing (0 %), so that a later layer sees the whole policy-scope cost. */
export const ZERO_BASIC: TPolicySet['basicInsurance'] = {
  rules: (['township', 'county', 'city', 'province'] as const).flatMap((level) =>
    (['inpatient', 'outpatient_chronic', 'outpatient'] as const).map((visitType) => ({
      level,
      visitType,
      deductibleFen: 0,
      deductibleBasis: 'per_admission' as const,
      repeatAdmissionDeductibleFen: null,
      rateBp: 0,
    })),
  ),
  annualCaps: [],
  categoryAdjustments: [],
};

/** Paid amount of one layer of a result. */
export function paidBy(
  result: { layers: readonly { code: string; paidFen: number }[] },
  code: string,
): number {
  const layer = result.layers.find((l) => l.code === code);
  if (layer === undefined) {
    throw new Error(`no layer ${code}`);
  }
  return layer.paidFen;
}

/** layers + patient self-pay + borne, which must equal totalFen. */
export function sumOfParts(result: {
  layers: readonly { paidFen: number }[];
  patientPaysFen: number;
  borneByFen: number;
}): number {
  return result.layers.reduce((sum, l) => sum + l.paidFen, 0) + result.patientPaysFen + result.borneByFen;
}
