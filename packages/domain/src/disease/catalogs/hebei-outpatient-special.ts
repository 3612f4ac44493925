/**
 * [P] Hebei provincial outpatient chronic and special diseases (门诊慢特病), a representative
 * selection of common items. Each province publishes its own list and grading conditions
 * (e.g. hypertension only at grade II–III); load the county's actual list as configuration.
 */
import type { TDiseaseCatalog } from '../catalog.schema.ts';

export const HEBEI_OUTPATIENT_SPECIAL_2019: TDiseaseCatalog = {
  code: 'hebei-outpatient-special-2019',
  name: '河北省门诊慢性病和特殊病病种目录',
  kind: 'outpatient_special',
  version: '2019',
  effectiveFrom: '2019-01-01',
  status: 'published',
  publishedOn: '2019-01-01',
  publishedBy: '系统内置',
  regionCode: '130000000000',
  items: [
    { code: 'hypertension', name: '高血压病', icdPatterns: ['I10-I15'] },
    { code: 'diabetes', name: '糖尿病', icdPatterns: ['E10-E14'] },
    { code: 'coronary-heart-disease', name: '冠心病', icdPatterns: ['I20-I25'] },
    { code: 'chronic-heart-failure', name: '慢性心力衰竭', icdPatterns: ['I50'] },
    { code: 'rheumatic-heart-disease', name: '风湿性心脏病', icdPatterns: ['I05-I09'] },
    { code: 'stroke-sequelae', name: '脑血管病后遗症', icdPatterns: ['I69'] },
    { code: 'copd', name: '慢性阻塞性肺疾病', icdPatterns: ['J44'] },
    { code: 'pulmonary-tb', name: '肺结核', icdPatterns: ['A15-A16', 'A19'] },
    { code: 'severe-psychosis', name: '重性精神病', icdPatterns: ['F20', 'F22', 'F25', 'F31'] },
    { code: 'epilepsy', name: '癫痫', icdPatterns: ['G40'] },
    { code: 'parkinson', name: '帕金森病', icdPatterns: ['G20'] },
    { code: 'rheumatoid-arthritis', name: '类风湿关节炎', icdPatterns: ['M05-M06'] },
    { code: 'ankylosing-spondylitis', name: '强直性脊柱炎', icdPatterns: ['M45'] },
    { code: 'sle', name: '系统性红斑狼疮', icdPatterns: ['M32'] },
    { code: 'myasthenia-gravis', name: '重症肌无力', icdPatterns: ['G70.0'] },
    { code: 'chronic-hepatitis', name: '慢性病毒性肝炎', icdPatterns: ['B18'] },
    { code: 'liver-cirrhosis', name: '肝硬化', icdPatterns: ['K74', 'K70.3'] },
    { code: 'chronic-glomerulonephritis', name: '慢性肾小球肾炎', icdPatterns: ['N03'] },
    {
      code: 'uraemia-dialysis',
      name: '慢性肾功能衰竭（尿毒症期）透析',
      icdPatterns: ['N18.5', 'N18.0', 'Z49', 'Z99.2'],
    },
    { code: 'malignant-tumour', name: '恶性肿瘤（门诊放化疗）', icdPatterns: ['C00-C97'] },
    { code: 'organ-transplant', name: '器官移植术后抗排异治疗', icdPatterns: ['Z94'] },
    { code: 'aplastic-anaemia', name: '再生障碍性贫血', icdPatterns: ['D61'] },
    { code: 'haemophilia', name: '血友病', icdPatterns: ['D66-D67'] },
    { code: 'hyperthyroidism', name: '甲状腺功能亢进症', icdPatterns: ['E05'] },
    { code: 'childhood-autism', name: '儿童孤独症', icdPatterns: ['F84.0'] },
  ],
};
