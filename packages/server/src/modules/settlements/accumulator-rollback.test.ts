import {
  createAccumulators,
  QINGLONG_2024_POLICY,
  settleClaim,
  type TSettlementClaim,
} from '@healthaid/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rollbackAccumulators } from './accumulator-rollback.ts';

const claim = (i: number, policyScopeFen: number): TSettlementClaim => ({
  claimId: `C-${i}`,
  institutionLevel: 'county',
  visitType: 'inpatient',
  admissionDate: `2024-0${i + 1}-01`,
  dischargeDate: `2024-0${i + 1}-05`,
  diagnosisCodes: [],
  totalFen: policyScopeFen,
  policyScopeFen,
  outOfCatalogueFen: 0,
  hasOutOfCatalogueConsent: false,
  categoryBFirstSelfPayFen: 0,
  treatFirstPayLater: false,
  depositFen: 0,
});

describe('rollbackAccumulators', () => {
  it('taking any one claim out of a year equals the year settled without its contribution', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (amounts, pick) => {
          let acc = createAccumulators(2024);
          const steps = amounts.map((amount, i) => {
            const before = acc;
            acc = settleClaim(QINGLONG_2024_POLICY, claim(i, amount), before, ['dibao']).nextAccumulators;
            return { before, next: acc };
          });
          const last = steps.at(-1);
          // Reversing the last claim restores exactly the state before it.
          expect(rollbackAccumulators(acc, last?.before, last?.next)).toEqual(last?.before);
          // Reversing every claim, in any order, restores zero totals.
          const index = pick % steps.length;
          const order = [steps[index], ...steps.filter((_, i) => i !== index)];
          let current: unknown = acc;
          for (const step of order) {
            current = rollbackAccumulators(current, step?.before, step?.next);
          }
          expect(current).toEqual(createAccumulators(2024));
        },
      ),
    );
  });
});
