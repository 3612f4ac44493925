/**
 * National major-disease lists (农村贫困人口大病专项救治).
 *
 * Counts 9 → 21 → 25 → 30 are from docs/domain.md §2. Effective dates are [M]: the first day of the
 * year the expansion was announced (2017 uses 1 February, when the work plan went out); counties
 * that started later should publish their own version.
 *
 * - 2017 (9) [M]: the announcement names 7 diseases and "等". The 9 are reached by splitting
 *   儿童白血病 into its two named types (ALL C91.0, APL C92.4) and 儿童先心病 into two pathway
 *   groups (septal defects; tetralogy / pulmonary stenosis / PDA), keeping every defect covered.
 * - 2018 (21): the 7 diseases (unsplit) + 14 additions.
 * - 2019 (25): extends 2018 + 耐多药结核、脑卒中、慢阻肺、艾滋病机会感染 (source report).
 * - 2020 (30): extends 2019 + 膀胱癌、卵巢癌、肾癌、重性精神病、风湿性心脏病 [M].
 */
import type { TDiseaseCatalog } from '../catalog.schema.ts';
import { MAJOR_ITEMS as M } from './major-items.ts';

const MAJOR_LIST_NAME = '农村贫困人口大病专项救治病种目录';

export const NATIONAL_MAJOR_2017: TDiseaseCatalog = {
  code: 'national-major-2017',
  name: `${MAJOR_LIST_NAME}（2017版，9种）`,
  kind: 'major',
  version: '2017',
  effectiveFrom: '2017-02-01',
  status: 'published',
  publishedOn: '2017-02-01',
  publishedBy: '系统内置',
  items: [
    M.childChdSeptal,
    M.childChdOther,
    M.childAll,
    M.childApl,
    M.oesophagealCancer,
    M.gastricCancer,
    M.colonCancer,
    M.rectalCancer,
    M.esrd,
  ],
};

export const NATIONAL_MAJOR_2018: TDiseaseCatalog = {
  code: 'national-major-2018',
  name: `${MAJOR_LIST_NAME}（2018版，21种）`,
  kind: 'major',
  version: '2018',
  effectiveFrom: '2018-01-01',
  status: 'published',
  publishedOn: '2018-01-01',
  publishedBy: '系统内置',
  items: [
    M.childChd,
    M.childLeukaemia,
    M.oesophagealCancer,
    M.gastricCancer,
    M.colonCancer,
    M.rectalCancer,
    M.esrd,
    M.lungCancer,
    M.liverCancer,
    M.breastCancer,
    M.cervicalCancer,
    M.acuteMi,
    M.cataract,
    M.pneumoconiosis,
    M.neuroblastoma,
    M.childLymphoma,
    M.osteosarcoma,
    M.haemophilia,
    M.thalassaemia,
    M.cleftLipPalate,
    M.hypospadias,
  ],
};

export const NATIONAL_MAJOR_2019: TDiseaseCatalog = {
  code: 'national-major-2019',
  name: `${MAJOR_LIST_NAME}（2019版，25种）`,
  kind: 'major',
  version: '2019',
  effectiveFrom: '2019-01-01',
  status: 'published',
  publishedOn: '2019-01-01',
  publishedBy: '系统内置',
  extends: NATIONAL_MAJOR_2018.code,
  items: [M.mdrTb, M.stroke, M.copd, M.aidsOpportunisticInfection],
};

export const NATIONAL_MAJOR_2020: TDiseaseCatalog = {
  code: 'national-major-2020',
  name: `${MAJOR_LIST_NAME}（2020版，30种）`,
  kind: 'major',
  version: '2020',
  effectiveFrom: '2020-01-01',
  status: 'published',
  publishedOn: '2020-01-01',
  publishedBy: '系统内置',
  extends: NATIONAL_MAJOR_2019.code,
  items: [M.bladderCancer, M.ovarianCancer, M.kidneyCancer, M.severePsychosis, M.rheumaticHeartDisease],
};
