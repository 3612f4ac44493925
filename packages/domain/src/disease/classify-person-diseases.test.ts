import { describe, expect, it } from 'vitest';
import type { TDiseaseCatalog } from './catalog.schema.ts';
import { DISEASE_CATALOGS, NATIONAL_MAJOR_2018 } from './catalogs/index.ts';
import {
  type ClassificationFlag,
  classifyPersonDiseases,
  type DiseaseLine,
  listPersonDiseases,
  type TClassifiableDiagnosis,
  type TClassifyPersonInput,
  UNCODED_DIAGNOSIS_REASON,
} from './classify-person-diseases.ts';
import { DiseaseCatalogError } from './resolve-catalog-items.ts';

/** 青龙满族自治县 (Hebei) village, Yancheng village. */
const HEBEI = '130321100201';
const YANCHENG = '320921100201';
const ADULT_BIRTH = '1960-05-20';

let nextId = 0;
function dx(icdCode: string | null, diagnosedOn: string, extra: Partial<TClassifiableDiagnosis> = {}) {
  nextId += 1;
  return {
    diagnosisId: `d${nextId}`,
    icdCode,
    name: extra.name ?? '诊断',
    diagnosedOn,
    verificationStatus: 'verified',
    ...extra,
  } satisfies TClassifiableDiagnosis;
}

function classifyOne(
  icdCode: string | null,
  diagnosedOn: string,
  options: Partial<Omit<TClassifyPersonInput, 'diagnoses'>> & {
    diagnosis?: Partial<TClassifiableDiagnosis>;
  } = {},
) {
  const { diagnosis, ...rest } = options;
  const [result] = classifyPersonDiseases({
    personId: 'p1',
    birthDate: ADULT_BIRTH,
    catalogs: DISEASE_CATALOGS,
    regionCode: HEBEI,
    diagnoses: [dx(icdCode, diagnosedOn, diagnosis)],
    ...rest,
  });
  if (result === undefined) {
    throw new Error('no classification');
  }
  return result;
}

type Row = [code: string, date: string, line: DiseaseLine, catalog: string | null, item: string | null];

describe('classifyPersonDiseases: catalogue versions by diagnosis date (adult, Hebei)', () => {
  it.each<Row>([
    // 2017 list (9): first day, last day, and a disease added only in 2018
    ['C16.900', '2017-02-01', 'major_treatment', 'national-major-2017', 'gastric-cancer'],
    ['C16.900', '2016-06-01', 'major_treatment', 'national-major-2017', 'gastric-cancer'],
    ['C19.x00', '2017-05-01', 'major_treatment', 'national-major-2017', 'colon-cancer'],
    ['C20.x00', '2017-05-01', 'major_treatment', 'national-major-2017', 'rectal-cancer'],
    ['C15.900', '2017-05-01', 'major_treatment', 'national-major-2017', 'oesophageal-cancer'],
    ['N18.500', '2017-05-01', 'major_treatment', 'national-major-2017', 'esrd'],
    ['Z99.200', '2017-05-01', 'major_treatment', 'national-major-2017', 'esrd'],
    ['C34.900', '2017-12-31', 'severe_safety_net', 'national-severe-2017', 'malignant-tumour'],
    // 2018 list (21): the day it takes effect
    ['C34.900', '2018-01-01', 'major_treatment', 'national-major-2018', 'lung-cancer'],
    ['H25.900', '2018-01-01', 'major_treatment', 'national-major-2018', 'cataract'],
    ['J64.x00', '2018-06-01', 'major_treatment', 'national-major-2018', 'pneumoconiosis'],
    ['D56.100', '2018-06-01', 'major_treatment', 'national-major-2018', 'thalassaemia'],
    ['I63.900', '2018-12-31', 'chronic_contract', 'chronic6-2017', 'cerebrovascular-disease'],
    ['J44.900', '2018-12-31', 'chronic_contract', 'chronic6-2017', 'copd'],
    // 2019 list (25)
    ['I63.900', '2019-01-01', 'major_treatment', 'national-major-2019', 'stroke'],
    ['J44.900', '2019-01-01', 'major_treatment', 'national-major-2019', 'copd'],
    ['U84.300', '2019-03-01', 'major_treatment', 'national-major-2019', 'mdr-tb'],
    ['B20.600', '2019-03-01', 'major_treatment', 'national-major-2019', 'aids-oi'],
    ['F20.900', '2019-12-31', 'chronic_contract', 'chronic4-2017', 'severe-mental-disorder'],
    ['C67.900', '2019-12-31', 'severe_safety_net', 'national-severe-2017', 'malignant-tumour'],
    // 2020 list (30)
    ['F20.900', '2020-01-01', 'major_treatment', 'national-major-2020', 'severe-psychosis'],
    ['C67.900', '2020-01-01', 'major_treatment', 'national-major-2020', 'bladder-cancer'],
    ['I05.000', '2020-01-01', 'major_treatment', 'national-major-2020', 'rheumatic-heart-disease'],
    ['C56.x00', '2024-01-01', 'major_treatment', 'national-major-2020', 'ovarian-cancer'],
    ['C64.x00', '2024-01-01', 'major_treatment', 'national-major-2020', 'kidney-cancer'],
  ])('%s on %s → %s (%s / %s)', (code, date, line, catalog, item) => {
    expect(classifyOne(code, date)).toMatchObject({ line, catalogCode: catalog, itemCode: item, flag: null });
  });
});

describe('classifyPersonDiseases: codes on pattern edges (2021, Hebei)', () => {
  it.each<Row>([
    ['I10.x00', '2021-03-01', 'chronic_contract', 'chronic4-2017', 'hypertension'],
    ['I10.x00x003', '2021-03-01', 'chronic_contract', 'chronic4-2017', 'hypertension'],
    ['I15.900', '2021-03-01', 'chronic_contract', 'chronic4-2017', 'hypertension'],
    ['E11.900', '2021-03-01', 'chronic_contract', 'chronic4-2017', 'type2-diabetes'],
    ['E10.900', '2021-03-01', 'chronic_contract', 'hebei-outpatient-special-2019', 'diabetes'],
    ['A16.200', '2021-03-01', 'chronic_contract', 'chronic4-2017', 'pulmonary-tb'],
    ['A19.000', '2021-03-01', 'chronic_contract', 'chronic4-2017', 'pulmonary-tb'],
    ['A17.000', '2021-03-01', 'none', null, null],
    ['I20.000', '2021-03-01', 'chronic_contract', 'chronic6-2017', 'coronary-heart-disease'],
    ['I21.900', '2021-03-01', 'major_treatment', 'national-major-2020', 'acute-mi'],
    ['I22.900', '2021-03-01', 'major_treatment', 'national-major-2020', 'acute-mi'],
    ['I25.100', '2021-03-01', 'chronic_contract', 'chronic6-2017', 'coronary-heart-disease'],
    ['I64.x00', '2021-03-01', 'major_treatment', 'national-major-2020', 'stroke'],
    ['I69.300', '2021-03-01', 'chronic_contract', 'chronic6-2017', 'cerebrovascular-disease'],
    ['J43.900', '2021-03-01', 'major_treatment', 'national-major-2020', 'copd'],
    ['J42.x00', '2021-03-01', 'chronic_contract', 'chronic6-2017', 'chronic-bronchitis'],
    ['J45.900', '2021-03-01', 'none', null, null],
    ['N18.400', '2021-03-01', 'none', null, null],
    ['G40.900', '2021-03-01', 'chronic_contract', 'hebei-outpatient-special-2019', 'epilepsy'],
    ['M32.900', '2021-03-01', 'severe_safety_net', 'national-severe-2017', 'sle'],
    ['Z94.000', '2021-03-01', 'severe_safety_net', 'national-severe-2017', 'organ-transplant'],
  ])('%s on %s → %s (%s / %s)', (code, date, line, catalog, item) => {
    expect(classifyOne(code, date)).toMatchObject({ line, catalogCode: catalog, itemCode: item });
  });

  it('explains the line in Chinese, naming version, disease and pattern', () => {
    expect(classifyOne('I63.900', '2019-01-01').reason).toBe('2019版大病专项救治目录：脑卒中（I60-I64）');
    expect(classifyOne('J45.900', '2021-03-01').reason).toBe('ICD编码J45.900不在2021-03-01有效的病种目录中');
  });
});

describe('classifyPersonDiseases: age rules (儿童 0–14 at diagnosis)', () => {
  const birthDate = '2010-03-15';
  it.each<[string, string, DiseaseLine, string | null]>([
    ['Q21.000', '2010-03-15', 'major_treatment', 'child-chd-septal'],
    ['Q21.000', '2024-03-14', 'major_treatment', 'child-chd'],
    ['Q21.000', '2025-03-14', 'major_treatment', 'child-chd'],
    ['Q21.000', '2025-03-15', 'none', null],
    ['Q21.100', '2025-03-14', 'major_treatment', 'child-chd'],
    ['Q21.300', '2020-01-01', 'major_treatment', 'child-chd'],
    ['Q22.100', '2020-01-01', 'major_treatment', 'child-chd'],
    ['Q25.000', '2020-01-01', 'major_treatment', 'child-chd'],
    ['Q21.200', '2020-01-01', 'none', null],
    ['Q21.000', '2017-03-01', 'major_treatment', 'child-chd-septal'],
    ['Q21.300', '2017-03-01', 'major_treatment', 'child-chd-other'],
    ['C91.000', '2017-03-01', 'major_treatment', 'child-all'],
    ['C92.400', '2017-03-01', 'major_treatment', 'child-apl'],
    ['C91.000', '2025-03-14', 'major_treatment', 'child-leukaemia'],
    ['C91.000', '2025-03-15', 'severe_safety_net', 'malignant-tumour'],
    ['C83.300', '2025-03-14', 'major_treatment', 'child-lymphoma'],
    ['C83.300', '2025-03-15', 'severe_safety_net', 'malignant-tumour'],
    ['C92.000', '2020-01-01', 'severe_safety_net', 'malignant-tumour'],
  ])('%s on %s (born 2010-03-15) → %s / %s', (code, date, line, item) => {
    expect(classifyOne(code, date, { birthDate })).toMatchObject({ line, itemCode: item });
  });

  it('names the age rule when a child item is refused for age', () => {
    expect(classifyOne('Q21.000', '2025-03-15', { birthDate }).reason).toBe(
      'ICD编码Q21.000不在2025-03-15有效的病种目录中：诊断时年龄15岁，不符合2020版大病专项救治目录“儿童先天性心脏病”的年龄条件（0–14岁）',
    );
    expect(classifyOne('C91.000', '2025-03-15', { birthDate }).reason).toBe(
      '2017版重病兜底目录：恶性肿瘤（C00-C97）（诊断时年龄15岁，不符合2020版大病专项救治目录“儿童白血病”的年龄条件（0–14岁））',
    );
  });

  it('does not apply an age item without a usable birth date', () => {
    const missing = classifyOne('Q21.000', '2020-01-01', { birthDate: null });
    expect(missing).toMatchObject({ line: 'none', flag: null });
    expect(missing.reason).toContain('缺少有效的出生日期，无法判断年龄');
    const later = classifyOne('Q21.000', '2020-01-01', { birthDate: '2021-01-01' });
    expect(later.reason).toContain('出生日期2021-01-01晚于诊断日期2020-01-01');
    expect(classifyOne('C16.900', '2020-01-01', { birthDate: null }).line).toBe('major_treatment');
  });

  it('counts age in completed years across a 29 February birthday', () => {
    expect(classifyOne('Q21.000', '2023-02-28', { birthDate: '2008-02-29' }).line).toBe('major_treatment');
    expect(classifyOne('Q21.000', '2023-03-01', { birthDate: '2008-02-29' }).line).toBe('none');
  });
});

describe('classifyPersonDiseases: regions and local lists', () => {
  it('uses the 盐城 local list first inside Yancheng, and not elsewhere', () => {
    expect(classifyOne('Z94.000', '2021-03-01', { regionCode: YANCHENG })).toMatchObject({
      line: 'major_treatment',
      catalogCode: 'yancheng-major-2021',
      itemCode: 'organ-bone-marrow-transplant',
      reason: '盐城市农村低收入人口22种大病专项救治病种（2021版）：器官移植或骨髓移植（Z94）',
    });
    expect(classifyOne('C16.900', '2021-03-01', { regionCode: YANCHENG }).catalogCode).toBe(
      'yancheng-major-2021',
    );
    expect(classifyOne('C67.900', '2021-03-01', { regionCode: YANCHENG }).catalogCode).toBe(
      'national-major-2020',
    );
  });

  it('applies a local list only from its own effective date', () => {
    expect(classifyOne('Z94.000', '2020-12-31', { regionCode: YANCHENG })).toMatchObject({
      line: 'severe_safety_net',
      catalogCode: 'national-severe-2017',
    });
    expect(classifyOne('C16.900', '2020-12-31', { regionCode: YANCHENG }).catalogCode).toBe(
      'national-major-2020',
    );
    expect(classifyOne('Z94.000', '2021-01-01', { regionCode: YANCHENG }).catalogCode).toBe(
      'yancheng-major-2021',
    );
  });

  it('uses the Hebei outpatient list only in Hebei', () => {
    expect(classifyOne('G40.900', '2021-03-01', { regionCode: YANCHENG }).line).toBe('none');
    expect(classifyOne('G40.900', '2021-03-01', { regionCode: HEBEI }).line).toBe('chronic_contract');
  });
});

describe('classifyPersonDiseases: uncoded, malformed and unverified diagnoses', () => {
  it.each<[string | null, string, ClassificationFlag, string]>([
    [null, '2021-03-01', 'uncoded', `“腰腿痛”为${UNCODED_DIAGNOSIS_REASON}`],
    ['  ', '2021-03-01', 'uncoded', `“腰腿痛”为${UNCODED_DIAGNOSIS_REASON}`],
    ['高血压', '2021-03-01', 'invalid_code', 'ICD编码“高血压”格式无效，需更正'],
    ['I1', '2021-03-01', 'invalid_code', 'ICD编码“I1”格式无效，需更正'],
    ['I10.x00', '2021-02-30', 'invalid_date', '诊断日期“2021-02-30”无效，需更正'],
  ])('%j on %s is flagged %s, not classified', (code, date, flag, reason) => {
    expect(classifyOne(code, date, { diagnosis: { name: '腰腿痛' } })).toMatchObject({
      line: 'none',
      flag,
      reason,
      catalogCode: null,
      itemCode: null,
    });
  });

  it('leaves out 待核准 and 核准不患病 diagnoses', () => {
    const result = classifyPersonDiseases({
      personId: 'p1',
      birthDate: ADULT_BIRTH,
      catalogs: DISEASE_CATALOGS,
      diagnoses: [
        dx('C16.900', '2021-01-01', { diagnosisId: 'pending', verificationStatus: 'pending' }),
        dx('C16.900', '2021-01-01', { diagnosisId: 'rejected', verificationStatus: 'rejected' }),
        dx('I10.x00', '2021-01-01', { diagnosisId: 'verified' }),
      ],
    });
    expect(result.map((entry) => entry.diagnosisId)).toEqual(['verified']);
  });

  it('accepts loosely written codes', () => {
    expect(classifyOne(' c16。900 ', '2021-01-01')).toMatchObject({
      icdCode: 'C16.900',
      line: 'major_treatment',
    });
    expect(classifyOne('Ｉ１０', '2021-01-01')).toMatchObject({ icdCode: 'I10', line: 'chronic_contract' });
  });
});

describe('classifyPersonDiseases: several diseases per person', () => {
  const input: TClassifyPersonInput = {
    personId: 'p7',
    birthDate: ADULT_BIRTH,
    catalogs: DISEASE_CATALOGS,
    regionCode: HEBEI,
    diagnoses: [
      dx('I10.x00', '2018-04-01', { diagnosisId: 'hypertension' }),
      dx('E11.900', '2018-04-01', { diagnosisId: 'diabetes' }),
      dx('I63.900', '2019-02-10', { diagnosisId: 'stroke' }),
      dx('C16.900', '2020-05-01', { diagnosisId: 'gastric-1' }),
      dx('C16.000', '2020-03-01', { diagnosisId: 'gastric-2' }),
      dx('J45.900', '2020-03-01', { diagnosisId: 'asthma' }),
      dx(null, '2020-03-01', { diagnosisId: 'free-text', name: '头晕' }),
    ],
  };

  it('classifies every diagnosis, in input order', () => {
    expect(
      classifyPersonDiseases(input).map((entry) => [entry.diagnosisId, entry.line, entry.itemCode]),
    ).toEqual([
      ['hypertension', 'chronic_contract', 'hypertension'],
      ['diabetes', 'chronic_contract', 'type2-diabetes'],
      ['stroke', 'major_treatment', 'stroke'],
      ['gastric-1', 'major_treatment', 'gastric-cancer'],
      ['gastric-2', 'major_treatment', 'gastric-cancer'],
      ['asthma', 'none', null],
      ['free-text', 'none', null],
    ]);
  });

  it('merges diagnoses of the same disease into one person-disease', () => {
    const diseases = listPersonDiseases(classifyPersonDiseases(input));
    expect(diseases.map((disease) => [disease.personDiseaseKey, disease.diagnosisIds])).toEqual([
      ['chronic_contract:hypertension', ['hypertension']],
      ['chronic_contract:type2-diabetes', ['diabetes']],
      ['major_treatment:stroke', ['stroke']],
      ['major_treatment:gastric-cancer', ['gastric-1', 'gastric-2']],
      ['code:J45.900', ['asthma']],
      ['dx:free-text', ['free-text']],
    ]);
    expect(diseases[3]).toMatchObject({ firstDiagnosisId: 'gastric-2', firstDiagnosedOn: '2020-03-01' });
    expect(diseases[5]).toMatchObject({ flag: 'uncoded', line: 'none' });
  });

  it('keeps persons apart when merging', () => {
    const a = classifyPersonDiseases({ ...input, personId: 'a' });
    const b = classifyPersonDiseases({ ...input, personId: 'b' });
    expect(listPersonDiseases([...a, ...b])).toHaveLength(12);
  });
});

describe('classifyPersonDiseases: options', () => {
  it('uses the versions valid on asOf for older diagnoses (re-verification after a list expands)', () => {
    expect(classifyOne('C34.900', '2017-06-01').line).toBe('severe_safety_net');
    expect(classifyOne('C34.900', '2017-06-01', { asOf: '2018-01-01' })).toMatchObject({
      line: 'major_treatment',
      catalogCode: 'national-major-2018',
    });
    expect(classifyOne('C34.900', '2019-06-01', { asOf: '2018-01-01' }).catalogCode).toBe(
      'national-major-2019',
    );
  });

  it('puts a diagnosis with high self-pay on the safety-net line when a threshold is set', () => {
    const severeRule = { selfPayThresholdFen: 5_000_000 };
    expect(
      classifyOne('J45.900', '2021-03-01', { severeRule, diagnosis: { annualSelfPayFen: 5_000_000 } }),
    ).toMatchObject({
      line: 'severe_safety_net',
      catalogCode: null,
      reason: '年度自付医疗费用50,000.00元，达到重病兜底标准50,000.00元',
    });
    expect(
      classifyOne('J45.900', '2021-03-01', { severeRule, diagnosis: { annualSelfPayFen: 4_999_999 } }).line,
    ).toBe('none');
    expect(
      classifyOne('C16.900', '2021-03-01', { severeRule, diagnosis: { annualSelfPayFen: 9_000_000 } }).line,
    ).toBe('major_treatment');
  });

  it('can run without the severe-disease list', () => {
    const severeRule = { shouldUseSevereCatalogs: false };
    expect(classifyOne('C71.900', '2021-06-01', { regionCode: YANCHENG }).line).toBe('severe_safety_net');
    expect(classifyOne('C71.900', '2021-06-01', { severeRule, regionCode: YANCHENG }).line).toBe('none');
    expect(classifyOne('C71.900', '2021-06-01', { severeRule, regionCode: HEBEI })).toMatchObject({
      line: 'chronic_contract',
      itemCode: 'malignant-tumour',
    });
  });

  it('classifies with a draft when the caller adds it (preview)', () => {
    const draft: TDiseaseCatalog = {
      code: 'hebei-major-2022',
      name: '河北省大病专项救治病种（试行）',
      kind: 'major',
      version: '2022',
      effectiveFrom: '2022-01-01',
      regionCode: '130000000000',
      extends: 'national-major-2020',
      status: 'draft',
      items: [{ code: 'asthma', name: '重症哮喘', icdPatterns: ['J45'] }],
    };
    const catalogs = [...DISEASE_CATALOGS, draft];
    expect(classifyOne('J45.900', '2022-01-01', { catalogs })).toMatchObject({
      line: 'major_treatment',
      itemCode: 'asthma',
    });
    expect(classifyOne('J45.900', '2021-12-31', { catalogs, regionCode: YANCHENG }).line).toBe('none');
  });

  it('throws DiseaseCatalogError when an extends base is missing', () => {
    const broken = {
      ...NATIONAL_MAJOR_2018,
      code: 'broken',
      extends: 'missing',
      effectiveFrom: '2030-01-01',
    };
    expect(() => classifyOne('C16.900', '2030-02-01', { catalogs: [...DISEASE_CATALOGS, broken] })).toThrow(
      DiseaseCatalogError,
    );
  });
});
