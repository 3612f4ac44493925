/**
 * The chronic-disease lists of poverty work (docs/domain.md §3). Effective from 2017-01-01 [M],
 * the start of the 三个一批 action plan; earlier diagnoses use them too (see selectSeriesVersionOn).
 */
import type { TDiseaseCatalog } from '../catalog.schema.ts';

/**
 * "4类": managed under the basic public-health service.
 * - 2型糖尿病 is E11 only; unspecified diabetes (E14) is not assumed to be type 2 [M].
 * - 肺结核 includes A19 because the Chinese TB classification (WS 196-2017) counts 血行播散性肺结核
 *   as pulmonary TB [M]; extrapulmonary TB (A17, A18) is excluded.
 * - 严重精神障碍 lists the six disorders of the specification: 精神分裂症 F20, 偏执性精神病 F22,
 *   分裂情感性障碍 F25, 双相障碍 F31, 癫痫所致精神障碍 F06 (the category is wider than epilepsy), and
 *   精神发育迟滞伴发精神障碍 F70–F79 (ICD cannot say "with a mental disorder": verification decides) [M].
 */
export const CHRONIC4_2017: TDiseaseCatalog = {
  code: 'chronic4-2017',
  name: '基本公共卫生服务管理的4类慢病',
  kind: 'chronic4',
  version: '2017',
  effectiveFrom: '2017-01-01',
  status: 'published',
  publishedOn: '2017-01-01',
  publishedBy: '系统内置',
  items: [
    { code: 'hypertension', name: '高血压', icdPatterns: ['I10-I15'] },
    { code: 'type2-diabetes', name: '2型糖尿病', icdPatterns: ['E11'] },
    { code: 'pulmonary-tb', name: '肺结核', icdPatterns: ['A15-A16', 'A19'] },
    {
      code: 'severe-mental-disorder',
      name: '严重精神障碍',
      icdPatterns: ['F20', 'F22', 'F25', 'F31', 'F06', 'F70-F79'],
    },
  ],
};

/** "6类": 脑血管病 and five others; the mapping to diseases and codes is [M]. */
export const CHRONIC6_2017: TDiseaseCatalog = {
  code: 'chronic6-2017',
  name: '签约服务管理的6类慢病',
  kind: 'chronic6',
  version: '2017',
  effectiveFrom: '2017-01-01',
  status: 'published',
  publishedOn: '2017-01-01',
  publishedBy: '系统内置',
  items: [
    { code: 'cerebrovascular-disease', name: '脑血管病', icdPatterns: ['I60-I69'] },
    { code: 'coronary-heart-disease', name: '冠心病', icdPatterns: ['I20-I25'] },
    { code: 'copd', name: '慢阻肺', icdPatterns: ['J44'] },
    { code: 'rheumatoid-arthritis', name: '类风湿关节炎', icdPatterns: ['M05-M06'] },
    { code: 'osteoarthritis', name: '骨关节炎', icdPatterns: ['M15-M19'] },
    { code: 'chronic-bronchitis', name: '重型老年慢性支气管炎', icdPatterns: ['J41-J42'] },
  ],
};
