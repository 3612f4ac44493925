/**
 * Items of the national major-disease list (农村贫困人口大病专项救治), shared by the yearly versions so
 * each disease keeps one stable code and one set of ICD patterns.
 *
 * ICD patterns are the usual WHO categories from docs/domain.md §2 [M]; departures are noted inline.
 */
import type { TAgeRule, TCatalogItem } from '../catalog.schema.ts';

/** [M/P] "儿童" items: age 0–14 at diagnosis, inclusive (some provinces use under 18). */
export const CHILD_AGE_RULE: TAgeRule = { minAge: 0, maxAge: 14 };

const CHD_SEPTAL_PATTERNS = ['Q21.0', 'Q21.1'];
const CHD_OTHER_PATTERNS = ['Q21.3', 'Q22.1', 'Q25.0'];

export const MAJOR_ITEMS = {
  // 2017 ----------------------------------------------------------------------------------------
  /** 2018+: one item for the five covered defects (VSD, ASD, tetralogy, pulmonary stenosis, PDA). */
  childChd: {
    code: 'child-chd',
    name: '儿童先天性心脏病',
    icdPatterns: [...CHD_SEPTAL_PATTERNS, ...CHD_OTHER_PATTERNS],
    ageRule: CHILD_AGE_RULE,
  },
  /** [M] 2017 only: the 9-disease count is reached by splitting 儿童先心病 into two pathway groups... */
  childChdSeptal: {
    code: 'child-chd-septal',
    name: '儿童先天性心脏病（房间隔缺损、室间隔缺损）',
    icdPatterns: CHD_SEPTAL_PATTERNS,
    ageRule: CHILD_AGE_RULE,
  },
  childChdOther: {
    code: 'child-chd-other',
    name: '儿童先天性心脏病（法洛四联症、肺动脉瓣狭窄、动脉导管未闭）',
    icdPatterns: CHD_OTHER_PATTERNS,
    ageRule: CHILD_AGE_RULE,
  },
  /** 2018+: acute lymphoblastic and acute promyelocytic leukaemia in one item. */
  childLeukaemia: {
    code: 'child-leukaemia',
    name: '儿童白血病',
    icdPatterns: ['C91.0', 'C92.4'],
    ageRule: CHILD_AGE_RULE,
  },
  /** [M] ...and 儿童白血病 into its two named types (the two codes domain.md lists for it). */
  childAll: {
    code: 'child-all',
    name: '儿童急性淋巴细胞白血病',
    icdPatterns: ['C91.0'],
    ageRule: CHILD_AGE_RULE,
  },
  childApl: {
    code: 'child-apl',
    name: '儿童急性早幼粒细胞白血病',
    icdPatterns: ['C92.4'],
    ageRule: CHILD_AGE_RULE,
  },
  oesophagealCancer: { code: 'oesophageal-cancer', name: '食管癌', icdPatterns: ['C15'] },
  gastricCancer: { code: 'gastric-cancer', name: '胃癌', icdPatterns: ['C16'] },
  /** [M] The rectosigmoid junction (C19) is grouped with the colon. */
  colonCancer: { code: 'colon-cancer', name: '结肠癌', icdPatterns: ['C18-C19'] },
  rectalCancer: { code: 'rectal-cancer', name: '直肠癌', icdPatterns: ['C20'] },
  /** N18.5 (CKD stage 5), the older N18.0 (end-stage renal disease), dialysis care and dependence. */
  esrd: { code: 'esrd', name: '终末期肾病', icdPatterns: ['N18.5', 'N18.0', 'Z49', 'Z99.2'] },
  // 2018 ----------------------------------------------------------------------------------------
  lungCancer: { code: 'lung-cancer', name: '肺癌', icdPatterns: ['C33-C34'] },
  liverCancer: { code: 'liver-cancer', name: '肝癌', icdPatterns: ['C22'] },
  breastCancer: { code: 'breast-cancer', name: '乳腺癌', icdPatterns: ['C50'] },
  cervicalCancer: { code: 'cervical-cancer', name: '宫颈癌', icdPatterns: ['C53'] },
  acuteMi: { code: 'acute-mi', name: '急性心肌梗死', icdPatterns: ['I21-I22'] },
  cataract: { code: 'cataract', name: '白内障', icdPatterns: ['H25-H26'] },
  pneumoconiosis: { code: 'pneumoconiosis', name: '尘肺', icdPatterns: ['J60-J65'] },
  /** [M] Morphology M9500/3 cannot be matched; use the sites: adrenal medulla/adrenal, sympathetic chain. */
  neuroblastoma: { code: 'neuroblastoma', name: '神经母细胞瘤', icdPatterns: ['C74.1', 'C74.9', 'C47'] },
  childLymphoma: {
    code: 'child-lymphoma',
    name: '儿童淋巴瘤',
    icdPatterns: ['C81-C85'],
    ageRule: CHILD_AGE_RULE,
  },
  /** [M] All primary bone malignancies (C40–C41); the morphology M9180/3 cannot be matched. */
  osteosarcoma: { code: 'osteosarcoma', name: '骨肉瘤', icdPatterns: ['C40-C41'] },
  haemophilia: { code: 'haemophilia', name: '血友病', icdPatterns: ['D66-D67'] },
  thalassaemia: { code: 'thalassaemia', name: '地中海贫血', icdPatterns: ['D56'] },
  cleftLipPalate: { code: 'cleft-lip-palate', name: '唇腭裂', icdPatterns: ['Q35-Q37'] },
  hypospadias: { code: 'hypospadias', name: '尿道下裂', icdPatterns: ['Q54'] },
  // 2019 ----------------------------------------------------------------------------------------
  /**
   * [M] ICD-10 has no MDR-TB category: the drug-resistance code U84.3 is recorded as its own
   * diagnosis next to the TB code (which itself classifies under the 4类 chronic list).
   */
  mdrTb: { code: 'mdr-tb', name: '耐多药结核', icdPatterns: ['U84.3'] },
  stroke: { code: 'stroke', name: '脑卒中', icdPatterns: ['I60-I64'] },
  copd: { code: 'copd', name: '慢阻肺', icdPatterns: ['J43-J44'] },
  aidsOpportunisticInfection: { code: 'aids-oi', name: '艾滋病机会感染', icdPatterns: ['B20-B24'] },
  // 2020 [M] ------------------------------------------------------------------------------------
  bladderCancer: { code: 'bladder-cancer', name: '膀胱癌', icdPatterns: ['C67'] },
  ovarianCancer: { code: 'ovarian-cancer', name: '卵巢癌', icdPatterns: ['C56'] },
  kidneyCancer: { code: 'kidney-cancer', name: '肾癌', icdPatterns: ['C64'] },
  severePsychosis: {
    code: 'severe-psychosis',
    name: '重性精神病',
    icdPatterns: ['F20', 'F22', 'F25', 'F31'],
  },
  rheumaticHeartDisease: { code: 'rheumatic-heart-disease', name: '风湿性心脏病', icdPatterns: ['I05-I09'] },
} satisfies Record<string, TCatalogItem>;
