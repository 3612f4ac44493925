import { describe, expect, it } from 'vitest';
import { settleClaim, settleClaims } from './settle-claim.ts';
import { SettlementError } from './settlement.errors.ts';
import { emptyYear, makeClaim, makePolicy, paidBy, sumOfParts, yuan } from './settlement-test-kit.ts';

const policy = makePolicy();

describe('基本医保 (basic insurance) table', () => {
  const cases: {
    name: string;
    claim: Parameters<typeof makeClaim>[0];
    categories: string[];
    paid: number;
    deductible: number;
    rateBp: number;
  }[] = [
    // (10,000 − 600) × 80 % = 7,520.00
    {
      name: 'ordinary, county inpatient',
      claim: {},
      categories: [],
      paid: yuan(7_520),
      deductible: yuan(600),
      rateBp: 8_000,
    },
    // 500 < deductible 600: nothing paid, the whole 500 is deductible.
    {
      name: 'below the deductible',
      claim: { policyScopeFen: yuan(500) },
      categories: [],
      paid: 0,
      deductible: yuan(500),
      rateBp: 8_000,
    },
    // 乙类先自付 1,000 leaves 9,000: (9,000 − 600) × 80 % = 6,720.00
    {
      name: '乙类先自付 is excluded',
      claim: { categoryBFirstSelfPayFen: yuan(1_000) },
      categories: [],
      paid: yuan(6_720),
      deductible: yuan(600),
      rateBp: 8_000,
    },
    // township: (10,000 − 200) × 90 % = 8,820.00
    {
      name: 'township inpatient',
      claim: { institutionLevel: 'township' },
      categories: [],
      paid: yuan(8_820),
      deductible: yuan(200),
      rateBp: 9_000,
    },
    // 三降三升 for 低保: deductible 600 × 50 % = 300, 80 % + 5 = 85 %: (10,000 − 300) × 85 % = 8,245.00
    {
      name: '低保 adjustment (三降三升)',
      claim: {},
      categories: ['dibao'],
      paid: yuan(8_245),
      deductible: yuan(300),
      rateBp: 8_500,
    },
    // Adjustment not unlocked by another category: ordinary parameters.
    {
      name: 'other category gets ordinary parameters',
      claim: {},
      categories: ['severe_disability'],
      paid: yuan(7_520),
      deductible: yuan(600),
      rateBp: 8_000,
    },
    // Half-up: (300.10 − 300) × 85 % = 0.085 元 = 8.5 fen → 9 fen.
    {
      name: 'rounds half up to the fen',
      claim: { policyScopeFen: 30_010 },
      categories: ['dibao'],
      paid: 9,
      deductible: 30_000,
      rateBp: 8_500,
    },
    // Out-of-catalogue cost is never paid by basic insurance: (10,000 − 600) × 80 % = 7,520.00
    {
      name: 'out-of-catalogue ignored',
      claim: { outOfCatalogueFen: yuan(2_000) },
      categories: [],
      paid: yuan(7_520),
      deductible: yuan(600),
      rateBp: 8_000,
    },
  ];
  it.each(cases)('$name', ({ claim, categories, paid, deductible, rateBp }) => {
    const result = settleClaim(policy, makeClaim(claim), emptyYear(), categories);
    const layer = result.layers[0];
    expect(layer?.code).toBe('basic_insurance');
    expect(layer?.paidFen).toBe(paid);
    expect(layer?.deductibleFen).toBe(deductible);
    expect(layer?.rateBp).toBe(rateBp);
    expect(sumOfParts(result)).toBe(result.totalFen);
  });

  it('uses the lower repeat-admission deductible from the 2nd admission of the year', () => {
    const { results, accumulators } = settleClaims(
      policy,
      [
        { claim: makeClaim({ claimId: 'A' }), categories: [] },
        // (10,000 − 300) × 80 % = 7,760.00
        {
          claim: makeClaim({ claimId: 'B', dischargeDate: '2024-05-01', admissionDate: '2024-04-20' }),
          categories: [],
        },
      ],
      emptyYear(),
    );
    expect(results.map((r) => paidBy(r, 'basic_insurance'))).toEqual([yuan(7_520), yuan(7_760)]);
    expect(accumulators.basic.inpatient).toEqual({
      paidFen: yuan(7_520 + 7_760),
      deductibleUsedFen: yuan(600 + 300),
      admissionCount: 2,
    });
  });

  it('consumes a yearly deductible across claims (门诊慢特病)', () => {
    const chronic = { visitType: 'outpatient_chronic' as const };
    const { results, accumulators } = settleClaims(
      policy,
      [
        // 300 < 500: all deductible, nothing paid.
        { claim: makeClaim({ ...chronic, claimId: 'A', policyScopeFen: yuan(300) }), categories: [] },
        // 200 of the deductible left: (1,000 − 200) × 70 % = 560.00
        {
          claim: makeClaim({
            ...chronic,
            claimId: 'B',
            policyScopeFen: yuan(1_000),
            dischargeDate: '2024-04-01',
            admissionDate: '2024-04-01',
          }),
          categories: [],
        },
        // Deductible used up: 1,000 × 70 % = 700.00
        {
          claim: makeClaim({
            ...chronic,
            claimId: 'C',
            policyScopeFen: yuan(1_000),
            dischargeDate: '2024-05-01',
            admissionDate: '2024-05-01',
          }),
          categories: [],
        },
      ],
      emptyYear(),
    );
    expect(results.map((r) => paidBy(r, 'basic_insurance'))).toEqual([0, yuan(560), yuan(700)]);
    expect(results.map((r) => r.layers[0]?.deductibleFen)).toEqual([yuan(300), yuan(200), 0]);
    expect(accumulators.basic.outpatient_chronic.deductibleUsedFen).toBe(yuan(500));
  });

  it('stops at the annual cap shared by inpatient and 门诊慢特病', () => {
    const before = emptyYear();
    // 99,000 paid this year on 门诊慢特病 (same pool) → 1,000 left of the 100,000 cap.
    before.basic.outpatient_chronic = {
      paidFen: yuan(99_000),
      deductibleUsedFen: yuan(500),
      admissionCount: 5,
    };
    const result = settleClaim(policy, makeClaim(), before, []);
    const layer = result.layers[0];
    expect(layer?.paidFen).toBe(yuan(1_000));
    expect(layer?.isCapHit).toBe(true);
    expect(layer?.capFen).toBe(yuan(100_000));
    expect(layer?.capRemainingFen).toBe(yuan(1_000));
    expect(result.explanation[0]).toContain('受年度限额');
  });

  it('raises the cap for the adjusted category (封顶线提高)', () => {
    const before = emptyYear();
    before.basic.inpatient = { paidFen: yuan(99_000), deductibleUsedFen: 0, admissionCount: 3 };
    // 低保 cap 120,000: 21,000 left; the claim would pay (10,000 − 150) × 85 % = 8,372.50 (repeat 300 × 50 %).
    const result = settleClaim(policy, makeClaim(), before, ['dibao']);
    expect(paidBy(result, 'basic_insurance')).toBe(837_250);
    expect(result.layers[0]?.capFen).toBe(yuan(120_000));
  });

  it('starts a new year from zero when the accumulators are of an earlier year', () => {
    const before = emptyYear(2023);
    before.basic.inpatient = { paidFen: yuan(100_000), deductibleUsedFen: 0, admissionCount: 9 };
    const result = settleClaim(policy, makeClaim(), before, []);
    expect(paidBy(result, 'basic_insurance')).toBe(yuan(7_520));
    expect(result.nextAccumulators.year).toBe(2024);
    expect(result.nextAccumulators.basic.inpatient.admissionCount).toBe(1);
  });

  it('names the missing parameter when the policy has no rule for the level and visit type', () => {
    expect(() => settleClaim(policy, makeClaim({ institutionLevel: 'province' }), emptyYear(), [])).toThrow(
      expect.objectContaining({
        code: 'POLICY_RULE_MISSING',
        field: 'institutionLevel',
        message: expect.stringContaining('省级及以上医疗机构住院'),
      }),
    );
  });

  it('refuses accumulators of a later year', () => {
    expect(() => settleClaim(policy, makeClaim(), emptyYear(2025), [])).toThrow(SettlementError);
  });

  it('refuses an unknown person category, naming it', () => {
    expect(() => settleClaim(policy, makeClaim(), emptyYear(), ['dibao', 'vip'])).toThrow(
      expect.objectContaining({ code: 'CLAIM_CATEGORY_INVALID', field: 'categories[1]' }),
    );
  });

  it('settles a person outside every category as an ordinary insured person', () => {
    const result = settleClaim(policy, makeClaim(), emptyYear(), []);
    expect(result.personCategories).toEqual([]);
    expect(result.layers[0]?.ruleCode).toBe('basic.county.inpatient');
  });
});
