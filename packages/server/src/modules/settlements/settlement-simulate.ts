import {
  createAccumulators,
  describePolicySetIssues,
  isIsoDate,
  PERSON_CATEGORIES,
  parsePolicySet,
  SettlementError,
  type SettlementResult,
  settleClaim,
  type TSettlementAccumulators,
  type TSettlementClaim,
} from '@healthaid/domain';
import { AppError } from '../../http/app-error.ts';
import { settlementError } from './settlement-booking.ts';

/**
 * POST /settlements/simulate: settle a list of claims of one person under a policy set given as JSON, without
 * reading or writing the database. For what-if work on draft policies and for HIS vendors' integration tests.
 * Claims are settled in discharge-date order (ties keep their order) on accumulators that start at zero each
 * insurance year (or at the given opening accumulators for the first claim's year).
 */
export type SimulateInput = {
  policy: unknown;
  person: { categories: string[]; birthDate: string };
  claims: TSettlementClaim[];
  openingAccumulators?: TSettlementAccumulators | undefined;
  withTrace?: boolean | undefined;
};

const KNOWN: ReadonlySet<string> = new Set(PERSON_CATEGORIES);

export function simulateSettlements(input: SimulateInput) {
  const parsed = parsePolicySet(input.policy);
  if (!parsed.ok) {
    const lines = describePolicySetIssues(parsed.issues);
    throw new AppError('VALIDATION_FAILED', `政策参数不正确：${lines.slice(0, 5).join('；')}`, {
      field: 'policy',
      issues: parsed.issues,
    });
  }
  const { birthDate, categories } = input.person;
  if (!isIsoDate(birthDate)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `出生日期（person.birthDate）“${birthDate}”必须是 YYYY-MM-DD 日期`,
      {
        field: 'person.birthDate',
      },
    );
  }
  categories.forEach((category, i) => {
    if (!KNOWN.has(category)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `人员类别（person.categories[${i}]）“${category}”不是已知类别，应为 ${PERSON_CATEGORIES.join('、')} 之一`,
        { field: `person.categories[${i}]` },
      );
    }
  });
  const ids = new Set<string>();
  input.claims.forEach((claim, i) => {
    if (ids.has(claim.claimId)) {
      throw new AppError('VALIDATION_FAILED', `结算单号（claims[${i}].claimId）“${claim.claimId}”重复`, {
        field: `claims[${i}].claimId`,
      });
    }
    ids.add(claim.claimId);
    if (isIsoDate(claim.admissionDate) && claim.admissionDate < birthDate) {
      throw new AppError(
        'VALIDATION_FAILED',
        `入院日期（claims[${i}].admissionDate）${claim.admissionDate} 早于出生日期 ${birthDate}`,
        { field: `claims[${i}].admissionDate` },
      );
    }
    if (!isIsoDate(claim.dischargeDate)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `出院（结算）日期（claims[${i}].dischargeDate）“${claim.dischargeDate}”必须是真实存在的 YYYY-MM-DD 日期`,
        { field: `claims[${i}].dischargeDate` },
      );
    }
  });
  const order = input.claims
    .map((claim, index) => ({ claim, index }))
    .sort((a, b) =>
      a.claim.dischargeDate < b.claim.dischargeDate
        ? -1
        : a.claim.dischargeDate > b.claim.dischargeDate
          ? 1
          : a.index - b.index,
    );
  const policy = parsed.policy;
  const results: (SettlementResult & { inputIndex: number; order: number })[] = [];
  let accumulators: TSettlementAccumulators | null = input.openingAccumulators ?? null;
  order.forEach(({ claim, index }, position) => {
    const year = Number(claim.dischargeDate.slice(0, 4));
    if (accumulators === null || accumulators.year < year) {
      accumulators = accumulators?.year === year ? accumulators : createAccumulators(year);
    }
    try {
      const result = settleClaim(policy, claim, accumulators, categories, {
        withTrace: input.withTrace !== false,
      });
      accumulators = result.nextAccumulators;
      results.push({ ...result, inputIndex: index, order: position + 1 });
    } catch (error) {
      throw error instanceof SettlementError ? settlementError(error, `claims[${index}].`) : error;
    }
  });
  const totals = {
    totalFen: 0,
    patientPaysFen: 0,
    borneByFen: 0,
    depositWaivedFen: 0,
    layers: {} as Record<string, number>,
  };
  for (const r of results) {
    totals.totalFen += r.totalFen;
    totals.patientPaysFen += r.patientPaysFen;
    totals.borneByFen += r.borneByFen;
    totals.depositWaivedFen += r.depositWaivedFen;
    for (const layer of r.layers) {
      totals.layers[layer.code] = (totals.layers[layer.code] ?? 0) + layer.paidFen;
    }
  }
  return {
    policy: { id: policy.id, version: policy.version, name: policy.name },
    settlements: results
      .sort((a, b) => a.inputIndex - b.inputIndex)
      .map(({ nextAccumulators, ...rest }) => ({ ...rest, accumulatorsAfter: nextAccumulators })),
    totals,
    closingAccumulators: accumulators,
    isWritten: false as const,
  };
}
