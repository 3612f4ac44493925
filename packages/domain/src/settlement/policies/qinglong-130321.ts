import type { TPolicySet } from '../policy-set.schema.ts';

/**
 * 青龙满族自治县 (130321, 河北秦皇岛) example policy set, built from the county's 2024 work report
 * (source report S1a) and ../docs/domain.md §5. Figures the report does not give are illustrative [P]
 * and marked so; a county enters its own published figures as a new version.
 *
 * Confirmed by the report: 三重保障 with "三降三升" (deductible down, ratio and caps up for the poor),
 * 先诊疗后付费 + 一站式 settlement in county and township hospitals, 住院合规费用自付比 ≤ 10 %
 * (township ≈ 5 %, county ≈ 10 %), and 100 元 per haemodialysis session paid by the county budget.
 * The parameters reproduce the worked example of domain.md §5 to the fen (60,000 元 bill of a 低保 +
 * 建档立卡 patient at the county hospital: the patient pays 6,000.00, the safety-net fund bears 371.27).
 */
export const QINGLONG_2024_POLICY: TPolicySet = {
  id: 'hebei-qinglong-130321',
  version: 1,
  name: '青龙满族自治县城乡居民三重医疗保障政策（2024）',
  regionCode: '130321000000',
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  basicInsurance: {
    // Per-admission inpatient deductible rising with level, ratio falling [P, illustrative].
    rules: [
      {
        level: 'township',
        visitType: 'inpatient',
        deductibleFen: 20_000,
        deductibleBasis: 'per_admission',
        repeatAdmissionDeductibleFen: null,
        rateBp: 9_000,
      },
      {
        level: 'county',
        visitType: 'inpatient',
        deductibleFen: 60_000,
        deductibleBasis: 'per_admission',
        repeatAdmissionDeductibleFen: 30_000,
        rateBp: 8_000,
      },
      {
        level: 'city',
        visitType: 'inpatient',
        deductibleFen: 100_000,
        deductibleBasis: 'per_admission',
        repeatAdmissionDeductibleFen: 50_000,
        rateBp: 7_000,
      },
      {
        level: 'province',
        visitType: 'inpatient',
        deductibleFen: 150_000,
        deductibleBasis: 'per_admission',
        repeatAdmissionDeductibleFen: 75_000,
        rateBp: 6_000,
      },
      {
        level: 'township',
        visitType: 'outpatient_chronic',
        deductibleFen: 0,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 7_000,
      },
      {
        level: 'county',
        visitType: 'outpatient_chronic',
        deductibleFen: 0,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 7_000,
      },
      {
        level: 'city',
        visitType: 'outpatient_chronic',
        deductibleFen: 50_000,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 6_000,
      },
      {
        level: 'province',
        visitType: 'outpatient_chronic',
        deductibleFen: 50_000,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 6_000,
      },
      {
        level: 'township',
        visitType: 'outpatient',
        deductibleFen: 0,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 5_000,
      },
      {
        level: 'county',
        visitType: 'outpatient',
        deductibleFen: 10_000,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 4_000,
      },
    ],
    annualCaps: [
      { visitTypes: ['inpatient', 'outpatient_chronic'], capFen: 15_000_000 },
      { visitTypes: ['outpatient'], capFen: 40_000 },
    ],
    // 三降三升 [V S1a]: deductible halved, ratio + 5 points, cap + 50,000 元 [P].
    categoryAdjustments: [
      {
        code: 'poor_package',
        categories: ['poor_registered', 'dibao', 'tekun', 'relapse_poor'],
        levels: ['township', 'county', 'city', 'province'],
        visitTypes: ['inpatient', 'outpatient_chronic'],
        deductibleMultiplierBp: 5_000,
        rateIncreaseBp: 500,
        capIncreaseFen: 5_000_000,
      },
    ],
  },
  criticalIllness: {
    visitTypes: ['inpatient', 'outpatient_chronic'],
    // ≈ 50 % of the prior year's per-capita disposable income [M]; tiers and cap [P].
    deductibleFen: 1_500_000,
    tiers: [
      { fromFen: 0, toFen: 10_000_000, rateBp: 6_000 },
      { fromFen: 10_000_000, toFen: null, rateBp: 7_000 },
    ],
    annualCapFen: 30_000_000,
    isCategoryBFirstSelfPayIncluded: true,
    // Deductible halved, + 5 points per tier, cap removed [V S1b, S17].
    preferences: [
      {
        code: 'poor_preference',
        categories: ['poor_registered', 'dibao', 'tekun', 'relapse_poor', 'monitored'],
        deductibleMultiplierBp: 5_000,
        tierRateIncreaseBp: 500,
        isCapRemoved: true,
      },
    ],
  },
  medicalAssistance: {
    base: 'policy_scope_remaining',
    // 国办发〔2021〕42号 [V S15]: 特困/低保 no deductible and ≥ 70 %; others lower [P].
    rules: [
      {
        code: 'tekun',
        label: '特困人员',
        categories: ['tekun'],
        visitTypes: ['inpatient', 'outpatient_chronic'],
        deductibleFen: 0,
        rateBp: 9_000,
        annualCapFen: null,
      },
      {
        code: 'dibao',
        label: '低保对象、建档立卡及返贫致贫人口',
        categories: ['dibao', 'poor_registered', 'relapse_poor'],
        visitTypes: ['inpatient', 'outpatient_chronic'],
        deductibleFen: 0,
        rateBp: 7_000,
        annualCapFen: 5_000_000,
      },
      {
        code: 'monitored',
        label: '监测对象及低保边缘人口',
        categories: ['monitored', 'dibao_edge'],
        visitTypes: ['inpatient', 'outpatient_chronic'],
        deductibleFen: 200_000,
        rateBp: 6_000,
        annualCapFen: 3_000_000,
      },
      {
        code: 'illness_hardship',
        label: '因病支出型困难人员',
        categories: ['illness_hardship'],
        visitTypes: ['inpatient'],
        deductibleFen: 500_000,
        rateBp: 5_000,
        annualCapFen: 2_000_000,
      },
    ],
  },
  furtherLayers: [
    {
      // 县财政为透析患者每次补助100元 [V S1a]: every ESRD patient dialysed at the county hospital.
      kind: 'session_subsidy',
      code: 'dialysis_subsidy',
      label: '血液透析财政补助',
      eligibleCategories: 'all',
      levels: ['county'],
      visitTypes: ['outpatient_chronic', 'inpatient'],
      base: 'total_remaining',
      diagnosisPrefixes: ['N18.5', 'N18.6', 'Z49'],
      itemCodes: ['HD'],
      perSessionFen: 10_000,
      annualCapFen: null,
    },
  ],
  // 住院合规费用自付比不超10%，乡镇卫生院5%左右、县级10%左右 [V S1a]; excess to the county fund [P].
  selfPayCap: {
    eligibleCategories: ['poor_registered', 'dibao', 'tekun', 'relapse_poor'],
    visitTypes: ['inpatient'],
    levels: [
      { level: 'township', capRateBp: 500 },
      { level: 'county', capRateBp: 1_000 },
    ],
    base: 'total',
    bearer: { kind: 'fund', code: 'county_safety_net', label: '县级健康扶贫兜底保障资金' },
  },
  // 先诊疗后付费 in county and township hospitals [V S1a, S18].
  treatFirstPayLater: {
    eligibleCategories: ['poor_registered', 'tekun', 'dibao', 'relapse_poor'],
    levels: ['township', 'county'],
    visitTypes: ['inpatient'],
    excludedCauses: ['accident', 'traffic_accident', 'fight', 'poisoning', 'insured_elsewhere'],
  },
};
