import type { TBasicUsage, TLayerUsage, TSettlementAccumulators } from './settlement-claim.schema.ts';

const EMPTY_BASIC_USAGE: TBasicUsage = Object.freeze({ paidFen: 0, deductibleUsedFen: 0, admissionCount: 0 });
export const EMPTY_LAYER_USAGE: TLayerUsage = Object.freeze({ paidFen: 0, deductibleUsedFen: 0 });

/** Zero year-to-date totals for one person in one insurance year. */
export function createAccumulators(year: number): TSettlementAccumulators {
  return {
    year,
    basic: {
      inpatient: EMPTY_BASIC_USAGE,
      outpatient_chronic: EMPTY_BASIC_USAGE,
      outpatient: EMPTY_BASIC_USAGE,
    },
    criticalIllness: { baseFen: 0, paidFen: 0 },
    assistance: EMPTY_LAYER_USAGE,
    layers: {},
    patientPaidFen: 0,
  };
}
