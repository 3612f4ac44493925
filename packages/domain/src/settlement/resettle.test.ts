import { describe, expect, it } from 'vitest';
import { QINGLONG_2024_POLICY } from './policies/qinglong-130321.ts';
import { isSameSettlement, resettlePersonYear, reverseSettlement } from './resettle.ts';
import { type SettleClaimsItem, settleClaims } from './settle-claim.ts';
import { emptyYear, makeClaim, sumOfParts, yuan } from './settlement-test-kit.ts';
import { whatIfClaim, whatIfPolicies } from './what-if.ts';

const dibao = ['dibao'];
const items: SettleClaimsItem[] = [
  { claim: makeClaim({ claimId: 'A', policyScopeFen: yuan(30_000) }), categories: dibao },
  {
    claim: makeClaim({
      claimId: 'B',
      admissionDate: '2024-06-01',
      dischargeDate: '2024-06-09',
      policyScopeFen: yuan(20_000),
    }),
    categories: dibao,
  },
  {
    claim: makeClaim({
      claimId: 'C',
      admissionDate: '2024-09-01',
      dischargeDate: '2024-09-05',
      policyScopeFen: yuan(8_000),
    }),
    categories: dibao,
  },
];
const original = settleClaims(QINGLONG_2024_POLICY, items, emptyYear());

describe('reversal and re-settlement', () => {
  it('reverses a settlement by negating every amount', () => {
    const first = original.results[0]!;
    const reversal = reverseSettlement(first, '金额更正');
    expect(reversal.totalFen).toBe(-first.totalFen);
    expect(reversal.layers.map((l) => l.paidFen)).toEqual(
      first.layers.map((l) => (l.paidFen === 0 ? 0 : -l.paidFen)),
    );
    expect(
      reversal.patientPaysFen + reversal.borneByFen + reversal.layers.reduce((s, l) => s + l.paidFen, 0),
    ).toBe(-first.totalFen);
    expect(Object.is(reverseSettlement(first, 'x').layers[3]?.paidFen, 0)).toBe(true);
  });

  it('re-settling an unchanged year changes nothing', () => {
    const again = resettlePersonYear({
      items,
      previous: original.results,
      accumulatorsAtYearStart: emptyYear(),
      policy: QINGLONG_2024_POLICY,
      reason: '复核',
    });
    expect(again.reversals).toEqual([]);
    expect(again.settlements).toEqual([]);
    expect(again.unchangedClaimIds).toEqual(['A', 'B', 'C']);
    expect(again.results).toEqual(original.results);
    expect(again.accumulators).toEqual(original.accumulators);
  });

  it('a corrected earlier claim re-settles the later claims whose figures change', () => {
    // Claim A was 30,000; corrected to 60,000: the 大病 yearly deductible is used up earlier, so B changes too.
    const corrected = items.map((item) =>
      item.claim.claimId === 'A'
        ? { ...item, claim: makeClaim({ claimId: 'A', policyScopeFen: yuan(60_000) }) }
        : item,
    );
    const out = resettlePersonYear({
      items: corrected,
      previous: original.results,
      accumulatorsAtYearStart: emptyYear(),
      policy: QINGLONG_2024_POLICY,
      reason: '结算单 A 金额更正',
    });
    const changed = out.settlements.map((r) => r.claimId);
    expect(changed).toContain('A');
    expect(changed).toContain('B');
    expect(out.reversals.map((r) => r.claimId)).toEqual(changed);
    expect(out.reversals.every((r) => r.reason === '结算单 A 金额更正')).toBe(true);
    // Ledger per claim: original + reversal + new = new.
    for (const result of out.results) {
      expect(sumOfParts(result)).toBe(result.totalFen);
    }
    expect(out.results).toEqual(settleClaims(QINGLONG_2024_POLICY, corrected, emptyYear()).results);
  });

  it('a removed claim is reversed; a new policy version re-books every claim', () => {
    const withoutB = resettlePersonYear({
      items: items.filter((item) => item.claim.claimId !== 'B'),
      previous: original.results,
      accumulatorsAtYearStart: emptyYear(),
      policy: QINGLONG_2024_POLICY,
      reason: '结算单 B 作废',
    });
    expect(withoutB.reversals.map((r) => r.claimId)).toContain('B');
    expect(withoutB.results.map((r) => r.claimId)).toEqual(['A', 'C']);

    const v2 = { ...QINGLONG_2024_POLICY, version: 2 };
    const rebooked = resettlePersonYear({
      items,
      previous: original.results,
      accumulatorsAtYearStart: emptyYear(),
      policy: v2,
      reason: '政策版本更正',
    });
    expect(rebooked.settlements.map((r) => r.policyVersion)).toEqual([2, 2, 2]);
    expect(rebooked.reversals.map((r) => r.policyVersion)).toEqual([1, 1, 1]);
    expect(isSameSettlement(rebooked.results[0]!, original.results[0]!)).toBe(false);
  });
});

describe('what-if', () => {
  // Draft: assistance for 低保 raised from 70 % to 80 %.
  const draft = {
    ...QINGLONG_2024_POLICY,
    version: 2,
    effectiveFrom: '2025-01-01',
    medicalAssistance: {
      ...QINGLONG_2024_POLICY.medicalAssistance,
      rules: QINGLONG_2024_POLICY.medicalAssistance.rules.map((rule) =>
        rule.code === 'dibao' ? { ...rule, rateBp: 8_000 } : rule,
      ),
    },
  };

  it('settles the same claim under another policy (even outside its period)', () => {
    const claim = makeClaim({ policyScopeFen: yuan(10_000) });
    const { baseline, alternative, delta } = whatIfClaim(
      QINGLONG_2024_POLICY,
      draft,
      claim,
      emptyYear(),
      dibao,
    );
    // Basic: (10,000 − 300) × 85 % = 8,245 → 1,755; 大病 below 7,500 → 0; 救助 70 % = 1,228.50 vs 80 % = 1,404.00.
    expect(baseline.layers[2]?.paidFen).toBe(122_850);
    expect(alternative.layers[2]?.paidFen).toBe(yuan(1_404));
    expect(delta.layers.medical_assistance).toBe(17_550);
    expect(delta.patientPaysFen).toBe(-17_550);
    expect(delta.totalFen).toBe(0);
  });

  it('sums the change per layer and patient self-pay, in total and by category', () => {
    const report = whatIfPolicies(QINGLONG_2024_POLICY, draft, [
      { personKey: 'p1', items },
      { personKey: 'p2', items: [{ claim: makeClaim({ claimId: 'D' }), categories: [] }] },
      { personKey: 'p3', items: [] },
    ]);
    expect(report.baseline.claimCount).toBe(4);
    expect(report.delta.totalFen).toBe(0);
    expect(report.delta.layers.basic_insurance).toBe(0);
    expect(report.delta.layers.medical_assistance).toBeGreaterThan(0);
    // Every extra fen of assistance is a fen less for the patient (no cap is hit in these claims).
    expect(report.delta.patientPaysFen + report.delta.borneByFen).toBe(
      -report.delta.layers.medical_assistance!,
    );
    expect(Object.keys(report.byCategory)).toEqual(['dibao', 'ordinary']);
    expect(report.byCategory.ordinary?.delta.patientPaysFen).toBe(0);
    expect(report.byCategory.dibao?.delta.layers.medical_assistance).toBe(
      report.delta.layers.medical_assistance,
    );
  });
});
