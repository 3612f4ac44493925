import { describe, expect, it } from 'vitest';
import type { TPolicySet } from './policy-set.schema.ts';
import { settleClaim, settleClaims } from './settle-claim.ts';
import {
  emptyYear,
  makeClaim,
  makePolicy,
  paidBy,
  sumOfParts,
  yuan,
  ZERO_BASIC,
} from './settlement-test-kit.ts';

/**
 * 大病保险, Beijing 2019 [domain.md §5, S17]: deductible 30,404 元, 60 % of the first 50,000 元 above it,
 * 70 % beyond; people in difficulty: deductible 15,202 元, 65 % / 75 %, no cap. Basic insurance pays
 * 0 % here so the 大病 base is the whole policy-scope cost.
 */
const beijing = makePolicy({
  basicInsurance: ZERO_BASIC,
  criticalIllness: {
    visitTypes: ['inpatient', 'outpatient_chronic'],
    deductibleFen: yuan(30_404),
    tiers: [
      { fromFen: 0, toFen: yuan(50_000), rateBp: 6_000 },
      { fromFen: yuan(50_000), toFen: null, rateBp: 7_000 },
    ],
    annualCapFen: yuan(300_000),
    isCategoryBFirstSelfPayIncluded: true,
    preferences: [
      {
        code: 'difficulty',
        categories: ['dibao', 'tekun', 'poor_registered'],
        deductibleMultiplierBp: 5_000,
        tierRateIncreaseBp: 500,
        isCapRemoved: true,
      },
    ],
  },
});

describe('大病保险 (critical illness): Beijing 2019 golden figures', () => {
  it.each([
    // 100,000 − 30,404 = 69,596 above: 50,000 × 60 % + 19,596 × 70 % = 30,000 + 13,717.20 = 43,717.20
    { categories: [], self: 100_000, paid: 4_371_720, deductible: yuan(30_404), rateBp: 7_000 },
    // 100,000 − 15,202 = 84,798 above: 50,000 × 65 % + 34,798 × 75 % = 32,500 + 26,098.50 = 58,598.50
    { categories: ['dibao'], self: 100_000, paid: 5_859_850, deductible: yuan(15_202), rateBp: 7_500 },
    // 40,000 − 30,404 = 9,596 × 60 % = 5,757.60
    { categories: [], self: 40_000, paid: 575_760, deductible: yuan(30_404), rateBp: 6_000 },
    // 40,000 − 15,202 = 24,798 × 65 % = 16,118.70
    { categories: ['tekun'], self: 40_000, paid: 1_611_870, deductible: yuan(15_202), rateBp: 6_500 },
    // Below the deductible: nothing.
    { categories: [], self: 30_000, paid: 0, deductible: yuan(30_000), rateBp: 6_000 },
  ])('$categories, self-pay $self 元 → $paid fen', ({ categories, self, paid, deductible, rateBp }) => {
    const result = settleClaim(beijing, makeClaim({ policyScopeFen: yuan(self) }), emptyYear(), categories);
    const layer = result.layers[1];
    expect(layer?.code).toBe('critical_illness');
    expect(layer?.paidFen).toBe(paid);
    expect(layer?.deductibleFen).toBe(deductible);
    expect(layer?.rateBp).toBe(rateBp);
  });

  it('accumulates the yearly base: two claims pay exactly what one claim of the sum pays', () => {
    const split = settleClaims(
      beijing,
      [
        { claim: makeClaim({ claimId: 'A', policyScopeFen: yuan(60_000) }), categories: [] },
        {
          claim: makeClaim({
            claimId: 'B',
            policyScopeFen: 4_000_001,
            dischargeDate: '2024-06-01',
            admissionDate: '2024-05-20',
          }),
          categories: [],
        },
      ],
      emptyYear(),
    );
    const once = settleClaim(
      beijing,
      makeClaim({ policyScopeFen: yuan(60_000) + 4_000_001 }),
      emptyYear(),
      [],
    );
    const splitPaid = split.results.map((r) => paidBy(r, 'critical_illness'));
    // Claim A: (60,000 − 30,404) × 60 % = 17,757.60; both: 43,717.20 + 0.01 × 70 % = 43,717.207 → 43,717.21
    expect(splitPaid[0]).toBe(1_775_760);
    expect(splitPaid[0]! + splitPaid[1]!).toBe(paidBy(once, 'critical_illness'));
    expect(paidBy(once, 'critical_illness')).toBe(4_371_721);
    expect(split.accumulators.criticalIllness).toEqual({ baseFen: yuan(100_000) + 1, paidFen: 4_371_721 });
  });

  it('stops at the ordinary annual cap; the preference removes it', () => {
    const before = emptyYear();
    before.criticalIllness = { baseFen: yuan(500_000), paidFen: yuan(299_000) };
    const ordinary = settleClaim(beijing, makeClaim({ policyScopeFen: yuan(10_000) }), before, []);
    // 10,000 × 70 % = 7,000 due but only 1,000 left of the 300,000 cap.
    expect(paidBy(ordinary, 'critical_illness')).toBe(yuan(1_000));
    expect(ordinary.layers[1]?.isCapHit).toBe(true);
    const preferred = settleClaim(beijing, makeClaim({ policyScopeFen: yuan(10_000) }), before, ['dibao']);
    // 10,000 × 75 % = 7,500, no cap.
    expect(paidBy(preferred, 'critical_illness')).toBe(yuan(7_500));
    expect(preferred.layers[1]?.capFen).toBeNull();
  });

  it('leaves 乙类先自付 out of the base when the policy says so', () => {
    const critical = beijing.criticalIllness!;
    const policy = makePolicy({
      basicInsurance: ZERO_BASIC,
      criticalIllness: { ...critical, isCategoryBFirstSelfPayIncluded: false },
    });
    const claim = makeClaim({ policyScopeFen: yuan(50_404), categoryBFirstSelfPayFen: yuan(10_000) });
    // Base 50,404 − 10,000 = 40,404: (40,404 − 30,404) × 60 % = 6,000.00
    expect(paidBy(settleClaim(policy, claim, emptyYear(), []), 'critical_illness')).toBe(yuan(6_000));
    // Included: (50,404 − 30,404) × 60 % = 12,000.00
    expect(paidBy(settleClaim(beijing, claim, emptyYear(), []), 'critical_illness')).toBe(yuan(12_000));
  });

  it('does not cover 普通门诊', () => {
    const policy = makePolicy({
      basicInsurance: ZERO_BASIC,
      criticalIllness: beijing.criticalIllness,
    });
    const result = settleClaim(
      policy,
      makeClaim({ visitType: 'outpatient', policyScopeFen: yuan(90_000) }),
      emptyYear(),
      [],
    );
    expect(paidBy(result, 'critical_illness')).toBe(0);
    expect(result.layers[1]?.ruleCode).toBe('critical_illness.not_covered');
  });
});

/** 医疗救助, Jiujiang 2023 [domain.md §5, S16]; basic insurance pays 0 % so the base is the whole cost. */
const jiujiang = makePolicy({
  basicInsurance: ZERO_BASIC,
  medicalAssistance: {
    base: 'policy_scope_remaining',
    rules: [
      {
        code: 'tekun',
        label: '特困人员',
        categories: ['tekun'],
        visitTypes: ['inpatient'],
        deductibleFen: 0,
        rateBp: 10_000,
        annualCapFen: null,
      },
      {
        code: 'dibao',
        label: '低保/返贫致贫人口',
        categories: ['dibao', 'relapse_poor'],
        visitTypes: ['inpatient'],
        deductibleFen: 0,
        rateBp: 7_500,
        annualCapFen: yuan(50_000),
      },
      {
        code: 'edge',
        label: '脱贫不稳定/边缘易致贫/低保边缘',
        categories: ['monitored', 'dibao_edge'],
        visitTypes: ['inpatient'],
        deductibleFen: 287_530,
        rateBp: 6_000,
        annualCapFen: yuan(30_000),
      },
      {
        code: 'hardship',
        label: '因病支出型困难',
        categories: ['illness_hardship'],
        visitTypes: ['inpatient'],
        deductibleFen: 718_825,
        rateBp: 5_000,
        annualCapFen: yuan(20_000),
      },
    ],
  },
});

describe('医疗救助 (medical assistance): Jiujiang 2023 table', () => {
  it.each([
    // 特困: 0 deductible, 100 %: 10,000.00
    { categories: ['tekun'], paid: yuan(10_000), rule: 'medical_assistance.tekun' },
    // 低保: 10,000 × 75 % = 7,500.00
    { categories: ['dibao'], paid: yuan(7_500), rule: 'medical_assistance.dibao' },
    // 返贫致贫 shares the 低保 rule
    { categories: ['relapse_poor'], paid: yuan(7_500), rule: 'medical_assistance.dibao' },
    // 监测对象: (10,000 − 2,875.30) × 60 % = 4,274.82
    { categories: ['monitored'], paid: 427_482, rule: 'medical_assistance.edge' },
    // 因病支出型: (10,000 − 7,188.25) × 50 % = 1,405.875 → 1,405.88 (half up)
    { categories: ['illness_hardship'], paid: 140_588, rule: 'medical_assistance.hardship' },
    // Two categories: the more favourable rule (特困 100 %) wins.
    { categories: ['dibao', 'tekun'], paid: yuan(10_000), rule: 'medical_assistance.tekun' },
    // No category: no assistance.
    { categories: [], paid: 0, rule: 'medical_assistance.not_eligible' },
  ])('$categories → $paid fen', ({ categories, paid, rule }) => {
    const result = settleClaim(jiujiang, makeClaim(), emptyYear(), categories);
    expect(paidBy(result, 'medical_assistance')).toBe(paid);
    expect(result.layers[2]?.ruleCode).toBe(rule);
    expect(sumOfParts(result)).toBe(result.totalFen);
  });

  it('consumes the yearly deductible over claims and stops at the cap', () => {
    const { results, accumulators } = settleClaims(
      jiujiang,
      [
        // 2,000 < 2,875.30: nothing, 2,000 of the deductible used.
        { claim: makeClaim({ claimId: 'A', policyScopeFen: yuan(2_000) }), categories: ['monitored'] },
        // 875.30 left: (10,000 − 875.30) × 60 % = 5,474.82
        {
          claim: makeClaim({ claimId: 'B', dischargeDate: '2024-04-01', admissionDate: '2024-03-25' }),
          categories: ['monitored'],
        },
        // 60,000 × 60 % = 36,000 due, 30,000 − 5,474.82 = 24,525.18 left under the cap.
        {
          claim: makeClaim({
            claimId: 'C',
            policyScopeFen: yuan(60_000),
            dischargeDate: '2024-05-01',
            admissionDate: '2024-04-25',
          }),
          categories: ['monitored'],
        },
      ],
      emptyYear(),
    );
    expect(results.map((r) => paidBy(r, 'medical_assistance'))).toEqual([0, 547_482, 2_452_518]);
    expect(results[2]?.layers[2]?.isCapHit).toBe(true);
    expect(accumulators.assistance).toEqual({ paidFen: yuan(30_000), deductibleUsedFen: 287_530 });
  });

  it('works on all remaining cost when its base is total_remaining', () => {
    const policy = makePolicy({
      basicInsurance: ZERO_BASIC,
      medicalAssistance: { ...jiujiang.medicalAssistance, base: 'total_remaining' },
    });
    const claim = makeClaim({ policyScopeFen: yuan(8_000), outOfCatalogueFen: yuan(2_000) });
    const result = settleClaim(policy, claim, emptyYear(), ['dibao']);
    // (8,000 + 2,000) × 75 % = 7,500, taken from the policy-scope part first (8,000 → 500 left);
    // the 2,000 out-of-catalogue part stays with the patient.
    expect(paidBy(result, 'medical_assistance')).toBe(yuan(7_500));
    expect(result.patientPolicyScopeFen).toBe(yuan(500));
    expect(result.patientOutOfCatalogueFen).toBe(yuan(2_000));
  });
});

function withLayers(furtherLayers: TPolicySet['furtherLayers'], extra: Partial<TPolicySet> = {}): TPolicySet {
  return makePolicy({ basicInsurance: ZERO_BASIC, furtherLayers, ...extra });
}

const ALL_LEVELS = ['township', 'county', 'city', 'province'] as const;
const ALL_VISITS = ['inpatient', 'outpatient_chronic', 'outpatient'] as const;

describe('further layers in configured order', () => {
  const supplementary = {
    kind: 'ratio' as const,
    code: 'supplementary',
    label: '补充医疗保险',
    eligibleCategories: 'all' as const,
    levels: [...ALL_LEVELS],
    visitTypes: [...ALL_VISITS],
    base: 'policy_scope_remaining' as const,
    diagnosisPrefixes: [],
    deductibleFen: yuan(1_000),
    rateBp: 5_000,
    annualCapFen: yuan(3_000),
  };
  const commercial = {
    ...supplementary,
    code: 'commercial',
    label: '商业补充保险',
    eligibleCategories: ['poor_registered' as const],
    deductibleFen: 0,
    rateBp: 4_000,
    annualCapFen: null,
  };
  const safetyNet = {
    ...supplementary,
    code: 'safety_net',
    label: '兜底救助基金',
    eligibleCategories: ['poor_registered' as const, 'dibao' as const],
    base: 'total_remaining' as const,
    deductibleFen: 0,
    rateBp: 5_000,
    annualCapFen: yuan(50_000),
  };
  const policy = withLayers([supplementary, commercial, safetyNet]);

  it('applies each layer to what the previous one left', () => {
    const claim = makeClaim({ policyScopeFen: yuan(5_000), outOfCatalogueFen: yuan(1_000) });
    const result = settleClaim(policy, claim, emptyYear(), ['poor_registered']);
    // 补充: (5,000 − 1,000) × 50 % = 2,000 → 3,000 left
    // 商业: 3,000 × 40 % = 1,200 → 1,800 policy scope left
    // 兜底 (total): (1,800 + 1,000) × 50 % = 1,400, policy scope first → 400 + 1,000 out-of-catalogue left
    expect([
      paidBy(result, 'supplementary'),
      paidBy(result, 'commercial'),
      paidBy(result, 'safety_net'),
    ]).toEqual([yuan(2_000), yuan(1_200), yuan(1_400)]);
    expect(result.patientPaysFen).toBe(yuan(1_400));
    expect(result.patientPolicyScopeFen).toBe(yuan(400));
    expect(result.patientOutOfCatalogueFen).toBe(yuan(1_000));
    expect(sumOfParts(result)).toBe(yuan(6_000));
  });

  it('skips layers the person is not eligible for', () => {
    const result = settleClaim(policy, makeClaim({ policyScopeFen: yuan(5_000) }), emptyYear(), []);
    // Only 补充 (all insured): 2,000.
    expect(paidBy(result, 'commercial')).toBe(0);
    expect(paidBy(result, 'safety_net')).toBe(0);
    expect(result.layers[4]?.ruleCode).toBe('commercial.not_eligible');
    expect(result.patientPaysFen).toBe(yuan(3_000));
  });

  it('keeps a layer cap across claims', () => {
    const before = emptyYear();
    before.layers.supplementary = { paidFen: yuan(2_500), deductibleUsedFen: yuan(1_000) };
    const result = settleClaim(policy, makeClaim({ policyScopeFen: yuan(5_000) }), before, []);
    // 5,000 × 50 % = 2,500 due, 500 left under the 3,000 cap.
    expect(paidBy(result, 'supplementary')).toBe(yuan(500));
    expect(result.layers[3]?.isCapHit).toBe(true);
    expect(result.nextAccumulators.layers.supplementary).toEqual({
      paidFen: yuan(3_000),
      deductibleUsedFen: yuan(1_000),
    });
  });

  it('restricts a layer to listed diagnoses (特别重大疾病专项保险: 70 % of self-pay up to 300,000)', () => {
    const special = {
      ...supplementary,
      code: 'special',
      label: '特别重大疾病专项保险',
      eligibleCategories: ['tekun' as const],
      base: 'total_remaining' as const,
      diagnosisPrefixes: ['C92', 'c16'],
      deductibleFen: 0,
      rateBp: 7_000,
      annualCapFen: yuan(300_000),
    };
    const specialPolicy = withLayers([special]);
    const leukaemia = makeClaim({
      diagnosisCodes: ['c92.0'],
      policyScopeFen: yuan(20_000),
      outOfCatalogueFen: yuan(10_000),
    });
    // (20,000 + 10,000) × 70 % = 21,000.00
    expect(paidBy(settleClaim(specialPolicy, leukaemia, emptyYear(), ['tekun']), 'special')).toBe(
      yuan(21_000),
    );
    const stroke = makeClaim({ diagnosisCodes: ['I63.9'], policyScopeFen: yuan(20_000) });
    const strokeResult = settleClaim(specialPolicy, stroke, emptyYear(), ['tekun']);
    expect(paidBy(strokeResult, 'special')).toBe(0);
    expect(strokeResult.layers[3]?.ruleCode).toBe('special.diagnosis_not_listed');
  });

  it('pays a per-session subsidy (血液透析 100 元/次) up to its yearly cap', () => {
    const dialysis = {
      kind: 'session_subsidy' as const,
      code: 'dialysis',
      label: '血液透析补助',
      eligibleCategories: 'all' as const,
      levels: ['county' as const],
      visitTypes: ['outpatient_chronic' as const],
      base: 'total_remaining' as const,
      diagnosisPrefixes: ['N18'],
      itemCodes: [],
      perSessionFen: yuan(100),
      annualCapFen: yuan(1_500),
    };
    const dialysisPolicy = withLayers([dialysis]);
    const claim = makeClaim({
      visitType: 'outpatient_chronic',
      diagnosisCodes: ['N18.5'],
      dialysisSessions: 12,
      policyScopeFen: yuan(6_000),
    });
    const first = settleClaim(dialysisPolicy, claim, emptyYear(), []);
    // 12 × 100 = 1,200.00
    expect(paidBy(first, 'dialysis')).toBe(yuan(1_200));
    expect(first.explanation[3]).toContain('12 次 × 100.00 元 = 1,200.00 元');
    // Next month: 12 sessions due 1,200 but only 300 left of 1,500.
    const second = settleClaim(dialysisPolicy, { ...claim, claimId: 'C-2' }, first.nextAccumulators, []);
    expect(paidBy(second, 'dialysis')).toBe(yuan(300));
    // At the township level the subsidy does not apply.
    const township = settleClaim(dialysisPolicy, { ...claim, institutionLevel: 'township' }, emptyYear(), []);
    expect(paidBy(township, 'dialysis')).toBe(0);
  });

  it('pays a transplant grant in the transplant year, then anti-rejection grants for 3 years', () => {
    const transplant = {
      kind: 'transplant_grant' as const,
      code: 'transplant',
      label: '器官移植专项救助',
      eligibleCategories: ['dibao' as const],
      levels: [...ALL_LEVELS],
      visitTypes: [...ALL_VISITS],
      base: 'total_remaining' as const,
      oneOffGrantFen: yuan(100_000),
      antiRejectionAnnualFen: yuan(20_000),
      antiRejectionYears: 3,
    };
    const transplantPolicy = withLayers([transplant], { effectiveTo: null });
    const operation = makeClaim({
      policyScopeFen: yuan(250_000),
      transplant: { transplantDate: '2024-03-05' },
    });
    // Year 0: 100,000 one-off.
    const year0 = settleClaim(transplantPolicy, operation, emptyYear(), ['dibao']);
    expect(paidBy(year0, 'transplant')).toBe(yuan(100_000));
    expect(year0.layers[3]?.ruleCode).toBe('transplant.one_off');
    const drugs = (year: number, amount: number) =>
      makeClaim({
        visitType: 'inpatient',
        admissionDate: `${year}-06-01`,
        dischargeDate: `${year}-06-03`,
        policyScopeFen: yuan(amount),
        transplant: { transplantDate: '2024-03-05' },
      });
    // Years 1–3: 20,000 a year, limited by what is left of the bill; the rest of the year's grant stays available.
    const year1a = settleClaim(transplantPolicy, drugs(2025, 15_000), emptyYear(2025), ['dibao']);
    expect(paidBy(year1a, 'transplant')).toBe(yuan(15_000));
    const year1b = settleClaim(
      transplantPolicy,
      { ...drugs(2025, 15_000), claimId: 'C-2' },
      year1a.nextAccumulators,
      ['dibao'],
    );
    expect(paidBy(year1b, 'transplant')).toBe(yuan(5_000));
    expect(
      paidBy(settleClaim(transplantPolicy, drugs(2027, 30_000), emptyYear(2027), ['dibao']), 'transplant'),
    ).toBe(yuan(20_000));
    // Year 4: nothing.
    const year4 = settleClaim(transplantPolicy, drugs(2028, 30_000), emptyYear(2028), ['dibao']);
    expect(paidBy(year4, 'transplant')).toBe(0);
    expect(year4.layers[3]?.ruleCode).toBe('transplant.not_in_period');
  });
});

describe('self-pay cap (自付上限) and who bears the excess', () => {
  const capped = (cap: Partial<NonNullable<TPolicySet['selfPayCap']>> = {}) =>
    makePolicy({
      selfPayCap: {
        eligibleCategories: ['dibao'],
        visitTypes: ['inpatient'],
        levels: [
          { level: 'township', capRateBp: 500 },
          { level: 'county', capRateBp: 1_000 },
        ],
        base: 'total',
        bearer: { kind: 'hospital' },
        ...cap,
      },
    });
  const claim = makeClaim({ policyScopeFen: yuan(10_000), outOfCatalogueFen: yuan(1_000) });

  it('caps total self-pay at 10 % of the total at county level; the hospital bears the rest', () => {
    const result = settleClaim(capped(), claim, emptyYear(), ['dibao']);
    // Basic (低保): (10,000 − 300) × 85 % = 8,245 → self-pay 1,755 + 1,000 = 2,755 > 10 % × 11,000 = 1,100.
    expect(paidBy(result, 'basic_insurance')).toBe(yuan(8_245));
    expect(result.patientPaysFen).toBe(yuan(1_100));
    expect(result.borneByFen).toBe(yuan(1_655));
    expect(result.bearer).toEqual({ kind: 'hospital', code: 'hospital', label: '医疗机构' });
    expect(sumOfParts(result)).toBe(yuan(11_000));
  });

  it('uses 5 % at township level', () => {
    const result = settleClaim(capped(), { ...claim, institutionLevel: 'township' }, emptyYear(), ['dibao']);
    // Basic: (10,000 − 100) × 95 % = 9,405 → self-pay 595 + 1,000 = 1,595 > 5 % × 11,000 = 550.
    expect(result.patientPaysFen).toBe(yuan(550));
    expect(result.borneByFen).toBe(yuan(1_045));
  });

  it('caps only policy-scope self-pay against policy-scope cost when so configured; a fund bears it', () => {
    const policy = capped({
      base: 'policy_scope',
      bearer: { kind: 'fund', code: 'fund_x', label: '兜底基金' },
    });
    const result = settleClaim(policy, claim, emptyYear(), ['dibao']);
    // Policy-scope self-pay 1,755 > 10 % × 10,000 = 1,000 → 755 to the fund; out-of-catalogue 1,000 stays.
    expect(result.patientPaysFen).toBe(yuan(2_000));
    expect(result.patientPolicyScopeFen).toBe(yuan(1_000));
    expect(result.borneByFen).toBe(yuan(755));
    expect(result.bearer?.label).toBe('兜底基金');
  });

  it('does not apply to other categories, to levels without a rate or when under the cap', () => {
    expect(settleClaim(capped(), claim, emptyYear(), []).borneByFen).toBe(0);
    const cityPolicy = { ...capped(), basicInsurance: ZERO_BASIC };
    expect(
      settleClaim(cityPolicy, { ...claim, institutionLevel: 'city' }, emptyYear(), ['dibao']).borneByFen,
    ).toBe(0);
    const small = settleClaim(
      capped({ levels: [{ level: 'county', capRateBp: 5_000 }] }),
      claim,
      emptyYear(),
      ['dibao'],
    );
    expect(small.borneByFen).toBe(0);
    expect(small.bearer).toBeNull();
    expect(small.explanation.some((line) => line.includes('未超过'))).toBe(true);
  });
});

describe('先诊疗后付费 (deposit waiver)', () => {
  const policy = makePolicy({
    treatFirstPayLater: {
      eligibleCategories: ['dibao', 'poor_registered'],
      levels: ['county', 'township'],
      visitTypes: ['inpatient'],
      excludedCauses: ['traffic_accident', 'fight'],
    },
  });
  const claim = makeClaim({ treatFirstPayLater: true, depositFen: yuan(3_000) });

  it.each([
    {
      name: 'eligible person',
      claim,
      categories: ['dibao'],
      waived: yuan(3_000),
      rule: 'treat_first_pay_later.waived',
    },
    { name: 'ordinary person', claim, categories: [], waived: 0, rule: 'treat_first_pay_later.ineligible' },
    {
      name: 'traffic accident',
      claim: { ...claim, cause: 'traffic_accident' as const },
      categories: ['dibao'],
      waived: 0,
      rule: 'treat_first_pay_later.excluded_cause',
    },
    {
      name: 'city hospital',
      claim: { ...claim, institutionLevel: 'city' as const },
      categories: ['dibao'],
      waived: 0,
      rule: 'treat_first_pay_later.out_of_scope',
    },
  ])('$name', ({ claim: c, categories, waived, rule }) => {
    const policyForCase = c.institutionLevel === 'city' ? { ...policy, basicInsurance: ZERO_BASIC } : policy;
    const result = settleClaim(policyForCase, c, emptyYear(), categories);
    expect(result.depositWaivedFen).toBe(waived);
    expect(result.trace.at(-1)?.rule.code).toBe(rule);
  });

  it('waives nothing when the patient did not ask for it', () => {
    expect(
      settleClaim(policy, { ...claim, treatFirstPayLater: false }, emptyYear(), ['dibao']).depositWaivedFen,
    ).toBe(0);
  });
});

describe('trace and explanation', () => {
  it('gives one Chinese line per layer plus the closing check, and nothing without trace', () => {
    const result = settleClaim(makePolicy(), makeClaim(), emptyYear(), []);
    expect(result.trace.map((t) => t.layer)).toEqual([
      'basic_insurance',
      'critical_illness',
      'medical_assistance',
    ]);
    expect(result.explanation).toHaveLength(4);
    expect(result.explanation[0]).toContain('(10,000.00 − 600.00) × 80.00% = 7,520.00 元');
    expect(result.explanation.at(-1)).toBe(
      '合计：基本医保 7,520.00 + 个人自付 2,480.00 = 总费用 10,000.00 元；出院时个人在窗口支付 2,480.00 元',
    );
    const bare = settleClaim(makePolicy(), makeClaim(), emptyYear(), [], { withTrace: false });
    expect(bare.trace).toEqual([]);
    expect(bare.explanation).toEqual([]);
    expect(bare.layers).toEqual(result.layers);
  });
});
