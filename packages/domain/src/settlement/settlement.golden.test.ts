import { describe, expect, it } from 'vitest';
import { QINGLONG_2024_POLICY } from './policies/qinglong-130321.ts';
import { YANCHENG_2023_POLICY } from './policies/yancheng-3209.ts';
import { settleClaim, settleClaims } from './settle-claim.ts';
import { emptyYear, makeClaim, paidBy, sumOfParts, yuan } from './settlement-test-kit.ts';

describe('domain.md §5 worked example under the 青龙 policy', () => {
  // 低保 + 建档立卡 patient, county (grade-2) hospital; total 60,000 = policy-scope 56,000 + out-of-catalogue 4,000.
  const claim = makeClaim({
    claimId: 'QL-2024-0001',
    admissionDate: '2024-03-01',
    dischargeDate: '2024-03-15',
    policyScopeFen: yuan(56_000),
    outOfCatalogueFen: yuan(4_000),
    hasOutOfCatalogueConsent: true,
    treatFirstPayLater: true,
    depositFen: yuan(3_000),
  });
  const result = settleClaim(QINGLONG_2024_POLICY, claim, emptyYear(), ['dibao', 'poor_registered']);

  it('reproduces every step to the fen', () => {
    // 基本医保: deductible 300 (halved), 85 %: (56,000 − 300) × 85 % = 47,345.00
    expect(result.layers[0]).toMatchObject({
      code: 'basic_insurance',
      baseFen: yuan(56_000),
      deductibleFen: yuan(300),
      rateBp: 8_500,
      paidFen: yuan(47_345),
    });
    // 大病保险: deductible 7,500 (halved from 15,000), 60 % + 5 = 65 %: (8,655 − 7,500) × 65 % = 750.75
    expect(result.layers[1]).toMatchObject({
      code: 'critical_illness',
      baseFen: yuan(8_655),
      deductibleFen: yuan(7_500),
      rateBp: 6_500,
      paidFen: 75_075,
    });
    // 医疗救助: 低保, no deductible, 70 %: 7,904.25 × 70 % = 5,532.975 → 5,532.98
    expect(result.layers[2]).toMatchObject({
      code: 'medical_assistance',
      baseFen: 790_425,
      deductibleFen: 0,
      rateBp: 7_000,
      paidFen: 553_298,
    });
    // Cap: 2,371.27 + 4,000 = 6,371.27 > 10 % × 60,000 = 6,000 → 371.27 borne by the safety-net fund.
    expect(result.patientPaysFen).toBe(yuan(6_000));
    expect(result.borneByFen).toBe(37_127);
    expect(result.bearer?.code).toBe('county_safety_net');
    expect(result.depositWaivedFen).toBe(yuan(3_000));
    // Check: 47,345 + 750.75 + 5,532.98 + 371.27 + 6,000 = 60,000.00
    expect(sumOfParts(result)).toBe(yuan(60_000));
  });

  it('explains each step in Chinese for the statement', () => {
    expect(result.explanation).toEqual([
      expect.stringContaining('(56,000.00 − 300.00) × 85.00% = 47,345.00 元'),
      expect.stringContaining('本次应付 750.75 元'),
      expect.stringContaining('(7,904.25 − 0.00) × 70.00% = 5,532.98 元'),
      expect.stringContaining('血液透析财政补助'),
      '自付上限：个人自付 6,371.27 元 超过总费用 60,000.00 元 的 10.00%（6,000.00 元），超出的 371.27 元 由县级健康扶贫兜底保障资金承担',
      '先诊疗后付费：免收住院押金，出院时只结清个人自付部分，免收押金 3,000.00 元',
      '合计：基本医保 47,345.00 + 大病保险 750.75 + 医疗救助 5,532.98 + 县级健康扶贫兜底保障资金承担 371.27 + 个人自付 6,000.00 = 总费用 60,000.00 元；出院时个人在窗口支付 6,000.00 元',
    ]);
  });

  it('pays 100 元 per haemodialysis session at the county hospital (青龙 county budget)', () => {
    const dialysis = makeClaim({
      claimId: 'QL-HD-01',
      visitType: 'outpatient_chronic',
      diagnosisCodes: ['N18.5'],
      dialysisSessions: 13,
      policyScopeFen: yuan(5_200),
    });
    const r = settleClaim(QINGLONG_2024_POLICY, dialysis, emptyYear(), ['poor_registered']);
    // Basic 门诊慢特病 county (poor package): deductible 0, 70 % + 5 = 75 %: 5,200 × 75 % = 3,900.00 → 1,300 left.
    expect(paidBy(r, 'basic_insurance')).toBe(yuan(3_900));
    // 大病: cumulative 1,300 < 7,500 → 0. 医疗救助 70 %: 1,300 × 70 % = 910.00 → 390 left.
    expect(paidBy(r, 'critical_illness')).toBe(0);
    expect(paidBy(r, 'medical_assistance')).toBe(yuan(910));
    // 13 × 100 = 1,300 subsidy, limited to the 390.00 left.
    expect(paidBy(r, 'dialysis_subsidy')).toBe(yuan(390));
    expect(r.patientPaysFen).toBe(0);
    expect(sumOfParts(r)).toBe(yuan(5_200));
  });
});

describe('盐城 examples', () => {
  it('特困 leukaemia patient at a city hospital: 特别重大疾病专项保险 pays 70 % of the remaining self-pay', () => {
    const claim = makeClaim({
      claimId: 'YC-2023-0001',
      institutionLevel: 'city',
      admissionDate: '2023-05-02',
      dischargeDate: '2023-06-10',
      diagnosisCodes: ['C92.0'],
      policyScopeFen: yuan(180_000),
      outOfCatalogueFen: yuan(20_000),
    });
    const r = settleClaim(YANCHENG_2023_POLICY, claim, emptyYear(2023), ['tekun']);
    // 基本医保 city: (180,000 − 900) × 70 % = 125,370.00 → 54,630 policy scope left.
    expect(paidBy(r, 'basic_insurance')).toBe(yuan(125_370));
    // 大病 low-income: deductible 16,000 × 50 % = 8,000; 65 %: (54,630 − 8,000) × 65 % = 30,309.50 → 24,320.50 left.
    expect(paidBy(r, 'critical_illness')).toBe(3_030_950);
    // 医疗救助 特困 100 %, no deductible: 24,320.50 → 0 policy scope left.
    expect(paidBy(r, 'medical_assistance')).toBe(2_432_050);
    // 民生商业补充保险 works on policy scope only: 0. No transplant: 0.
    expect(paidBy(r, 'commercial_top_up')).toBe(0);
    expect(paidBy(r, 'transplant_grant')).toBe(0);
    // 特别重大疾病专项保险 on all remaining self-pay: 20,000 × 70 % = 14,000.00.
    expect(paidBy(r, 'special_severe_disease')).toBe(yuan(14_000));
    // City level has no self-pay cap: the patient pays 6,000.00.
    expect(r.patientPaysFen).toBe(yuan(6_000));
    expect(r.borneByFen).toBe(0);
    expect(sumOfParts(r)).toBe(yuan(200_000));
  });

  it('阜宁: a 低保 patient twice in a county hospital, the hospital bears the excess over 10 %', () => {
    const first = makeClaim({
      claimId: 'YC-2023-0101',
      admissionDate: '2023-02-01',
      dischargeDate: '2023-02-09',
      policyScopeFen: yuan(27_000),
      outOfCatalogueFen: yuan(3_000),
    });
    const second = makeClaim({
      claimId: 'YC-2023-0102',
      admissionDate: '2023-08-01',
      dischargeDate: '2023-08-12',
      policyScopeFen: yuan(20_000),
    });
    const { results, accumulators } = settleClaims(
      YANCHENG_2023_POLICY,
      [
        { claim: first, categories: ['dibao'] },
        { claim: second, categories: ['dibao'] },
      ],
      emptyYear(2023),
    );
    const [a, b] = results;
    // 1st: basic (27,000 − 600) × 80 % = 21,120 → 5,880; 大病 5,880 < 8,000 → 0; 救助 75 % → 4,410 → 1,470;
    // 商业 50 % → 735 → 735 + 3,000 = 3,735 > 10 % × 30,000 = 3,000 → hospital bears 735.
    expect(a?.layers.map((l) => l.paidFen)).toEqual([yuan(21_120), 0, yuan(4_410), yuan(735), 0, 0]);
    expect(a?.patientPaysFen).toBe(yuan(3_000));
    expect(a?.borneByFen).toBe(yuan(735));
    expect(a?.bearer?.kind).toBe('hospital');
    // 2nd: basic (20,000 − 600) × 80 % = 15,520 → 4,480; 大病 cumulative 5,880 → 10,360: (10,360 − 8,000) × 65 %
    // = 1,534 → 2,946; 救助 75 % → 2,209.50 → 736.50; 商业 50 % → 368.25; self-pay 368.25 ≤ 2,000.
    expect(b?.layers.map((l) => l.paidFen)).toEqual([yuan(15_520), yuan(1_534), 220_950, 36_825, 0, 0]);
    expect(b?.patientPaysFen).toBe(36_825);
    expect(b?.borneByFen).toBe(0);
    expect(accumulators.criticalIllness).toEqual({ baseFen: yuan(10_360), paidFen: yuan(1_534) });
    expect(accumulators.layers.commercial_top_up).toEqual({
      paidFen: yuan(735) + 36_825,
      deductibleUsedFen: 0,
    });
    expect(accumulators.patientPaidFen).toBe(yuan(3_000) + 36_825);
  });

  it('organ transplant: 100,000 one-off after basic and critical-illness insurance', () => {
    const claim = makeClaim({
      claimId: 'YC-TX-1',
      institutionLevel: 'province',
      admissionDate: '2023-09-01',
      dischargeDate: '2023-10-20',
      diagnosisCodes: ['N18.5'],
      policyScopeFen: yuan(400_000),
      transplant: { transplantDate: '2023-09-10' },
    });
    const r = settleClaim(YANCHENG_2023_POLICY, claim, emptyYear(2023), ['dibao']);
    // Basic province: (400,000 − 1,200) × 60 % = 239,280, capped at the 200,000 annual cap → 200,000 left.
    expect(paidBy(r, 'basic_insurance')).toBe(yuan(200_000));
    expect(r.layers[0]?.isCapHit).toBe(true);
    // 大病: 200,000 − 8,000 = 192,000 above: 50,000 × 65 % + 50,000 × 75 % + 92,000 × 85 %
    // = 32,500 + 37,500 + 78,200 = 148,200 → 51,800 left.
    expect(paidBy(r, 'critical_illness')).toBe(yuan(148_200));
    // 救助 低保 75 % (cap 50,000): 51,800 × 75 % = 38,850 → 12,950 left.
    expect(paidBy(r, 'medical_assistance')).toBe(yuan(38_850));
    // 商业 50 %: 6,475 → 6,475 left; the 100,000 transplant grant is limited to the 6,475 still unpaid.
    expect(paidBy(r, 'commercial_top_up')).toBe(yuan(6_475));
    expect(paidBy(r, 'transplant_grant')).toBe(yuan(6_475));
    expect(r.layers[4]?.ruleCode).toBe('transplant_grant.one_off');
    expect(r.patientPaysFen).toBe(0);
    expect(sumOfParts(r)).toBe(yuan(400_000));
  });
});
