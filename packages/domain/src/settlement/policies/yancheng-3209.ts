import type { TPolicySet } from '../policy-set.schema.ts';

/**
 * 盐城市 (3209, 江苏) example policy set, built from the city's 2021 健康扶贫 report (source report S1b)
 * and ../docs/domain.md §5. Figures the report does not give are illustrative [P] and marked so.
 *
 * Confirmed by the report: 大病保险 for low-income people with the deductible at 50 % of the ordinary one
 * and every tier + 5 points; 重点医疗救助对象 without an assistance deductible; 器官/骨髓移植 one-off
 * 10 万元 after basic and critical-illness insurance, then 1–3 万元 a year for anti-rejection drugs for
 * three years; 民生特别重大疾病专项保险 for 特困 family members with one of 30 diseases, 70 % of the
 * self-pay up to 30 万元; 阜宁 "一条龙" settlement including 民生商业保险 and in-county inpatient
 * self-pay ≤ 10 % of the total with the excess borne by the hospital.
 */
const LOW_INCOME = ['poor_registered', 'dibao', 'tekun', 'relapse_poor', 'monitored'] as const;
const ALL_LEVELS = ['township', 'county', 'city', 'province'] as const;

export const YANCHENG_2023_POLICY: TPolicySet = {
  id: 'jiangsu-yancheng-3209',
  version: 1,
  name: '盐城市低收入人口医疗保障政策（2023）',
  regionCode: '320900000000',
  effectiveFrom: '2023-01-01',
  effectiveTo: null,
  basicInsurance: {
    // [P, illustrative]
    rules: [
      {
        level: 'township',
        visitType: 'inpatient',
        deductibleFen: 30_000,
        deductibleBasis: 'per_admission',
        repeatAdmissionDeductibleFen: null,
        rateBp: 9_000,
      },
      {
        level: 'county',
        visitType: 'inpatient',
        deductibleFen: 60_000,
        deductibleBasis: 'per_admission',
        repeatAdmissionDeductibleFen: null,
        rateBp: 8_000,
      },
      {
        level: 'city',
        visitType: 'inpatient',
        deductibleFen: 90_000,
        deductibleBasis: 'per_admission',
        repeatAdmissionDeductibleFen: null,
        rateBp: 7_000,
      },
      {
        level: 'province',
        visitType: 'inpatient',
        deductibleFen: 120_000,
        deductibleBasis: 'per_admission',
        repeatAdmissionDeductibleFen: null,
        rateBp: 6_000,
      },
      {
        level: 'township',
        visitType: 'outpatient_chronic',
        deductibleFen: 0,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 7_500,
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
        deductibleFen: 0,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 6_500,
      },
      {
        level: 'province',
        visitType: 'outpatient_chronic',
        deductibleFen: 0,
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
        rateBp: 6_000,
      },
      {
        level: 'county',
        visitType: 'outpatient',
        deductibleFen: 0,
        deductibleBasis: 'per_year',
        repeatAdmissionDeductibleFen: null,
        rateBp: 5_000,
      },
    ],
    annualCaps: [
      { visitTypes: ['inpatient', 'outpatient_chronic'], capFen: 20_000_000 },
      { visitTypes: ['outpatient'], capFen: 50_000 },
    ],
    categoryAdjustments: [],
  },
  criticalIllness: {
    visitTypes: ['inpatient', 'outpatient_chronic'],
    deductibleFen: 1_600_000,
    tiers: [
      { fromFen: 0, toFen: 5_000_000, rateBp: 6_000 },
      { fromFen: 5_000_000, toFen: 10_000_000, rateBp: 7_000 },
      { fromFen: 10_000_000, toFen: null, rateBp: 8_000 },
    ],
    annualCapFen: 40_000_000,
    isCategoryBFirstSelfPayIncluded: true,
    // 起付线按普通参保患者标准50%执行，且各段报销比例提升5个百分点 [V S1b]; the report keeps the cap.
    preferences: [
      {
        code: 'low_income',
        categories: [...LOW_INCOME],
        deductibleMultiplierBp: 5_000,
        tierRateIncreaseBp: 500,
        isCapRemoved: false,
      },
    ],
  },
  medicalAssistance: {
    base: 'policy_scope_remaining',
    // 全面取消重点医疗救助对象救助起付线 [V S1b]; ratios and caps [P].
    rules: [
      {
        code: 'tekun',
        label: '特困人员',
        categories: ['tekun'],
        visitTypes: ['inpatient', 'outpatient_chronic'],
        deductibleFen: 0,
        rateBp: 10_000,
        annualCapFen: null,
      },
      {
        code: 'dibao',
        label: '低保对象及返贫致贫人口',
        categories: ['dibao', 'poor_registered', 'relapse_poor'],
        visitTypes: ['inpatient', 'outpatient_chronic'],
        deductibleFen: 0,
        rateBp: 7_500,
        annualCapFen: 5_000_000,
      },
      {
        code: 'monitored',
        label: '监测对象及低保边缘人口',
        categories: ['monitored', 'dibao_edge'],
        visitTypes: ['inpatient', 'outpatient_chronic'],
        deductibleFen: 0,
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
      // 民生商业保险 in the 阜宁 一条龙 settlement [V S1b]; figures [P].
      kind: 'ratio',
      code: 'commercial_top_up',
      label: '民生商业补充保险',
      eligibleCategories: [...LOW_INCOME],
      levels: [...ALL_LEVELS],
      visitTypes: ['inpatient'],
      base: 'policy_scope_remaining',
      diagnosisPrefixes: [],
      deductibleFen: 0,
      rateBp: 5_000,
      annualCapFen: 10_000_000,
    },
    {
      // 器官移植或骨髓移植: 一次性10万元，次年起三年内每年1-3万元 [V S1b]; 2 万元 a year chosen [P].
      kind: 'transplant_grant',
      code: 'transplant_grant',
      label: '器官/骨髓移植专项救助',
      eligibleCategories: ['tekun', 'dibao', 'poor_registered', 'relapse_poor'],
      levels: [...ALL_LEVELS],
      visitTypes: ['inpatient', 'outpatient_chronic', 'outpatient'],
      base: 'total_remaining',
      oneOffGrantFen: 10_000_000,
      antiRejectionAnnualFen: 2_000_000,
      antiRejectionYears: 3,
    },
    {
      // 特困家庭成员首次罹患白血病、食管癌、胃癌等30种特别重大疾病，个人自负全部医疗费用在最高限额
      // 30万元内按70%的比例赔付 [V S1b]. The ICD-10 prefixes list the named diseases and common others [P].
      kind: 'ratio',
      code: 'special_severe_disease',
      label: '民生特别重大疾病专项保险',
      eligibleCategories: ['tekun'],
      levels: [...ALL_LEVELS],
      visitTypes: ['inpatient', 'outpatient_chronic'],
      base: 'total_remaining',
      diagnosisPrefixes: [
        'C91',
        'C92',
        'C93',
        'C94',
        'C95',
        'C15',
        'C16',
        'C18',
        'C20',
        'C22',
        'C25',
        'C34',
        'C50',
        'C53',
        'C56',
        'C61',
        'C67',
        'C71',
        'N18.5',
      ],
      deductibleFen: 0,
      rateBp: 7_000,
      annualCapFen: 30_000_000,
    },
  ],
  // 低收入人口自付费用不超过总额10%，超出部分由医疗机构承担 (阜宁) [V S1b].
  selfPayCap: {
    eligibleCategories: [...LOW_INCOME],
    visitTypes: ['inpatient'],
    levels: [
      { level: 'township', capRateBp: 1_000 },
      { level: 'county', capRateBp: 1_000 },
    ],
    base: 'total',
    bearer: { kind: 'hospital' },
  },
  treatFirstPayLater: {
    eligibleCategories: ['poor_registered', 'tekun', 'dibao'],
    levels: ['township', 'county'],
    visitTypes: ['inpatient'],
    excludedCauses: ['accident', 'traffic_accident', 'fight', 'poisoning', 'insured_elsewhere'],
  },
};
