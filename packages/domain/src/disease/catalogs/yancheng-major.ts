/**
 * [P] Yancheng (盐城市, 320900) major-disease list.
 *
 * The source report (S1b, published 2021) names 《农村低收入人口22种大病专项救治实施方案》 but not its
 * diseases. 22 cannot be the national 2019 list (25) plus local items, so the count has another basis:
 * Jiangsu's own 低收入人口 programme. It is represented as its own series with:
 * - the national 2018 list (21) as its base [M], and
 * - one local item [M]: organ or bone-marrow transplant, the one disease-specific measure the same
 *   report describes (a one-off 10万元 grant after transplant, then yearly anti-rejection aid).
 * Replace the items with the city's actual 实施方案 when it is available.
 */
import type { TDiseaseCatalog } from '../catalog.schema.ts';
import { NATIONAL_MAJOR_2018 } from './national-major.ts';

export const YANCHENG_MAJOR_2021: TDiseaseCatalog = {
  code: 'yancheng-major-2021',
  name: '盐城市农村低收入人口22种大病专项救治病种',
  kind: 'major',
  version: '2021',
  effectiveFrom: '2021-01-01',
  status: 'published',
  publishedOn: '2021-01-01',
  publishedBy: '系统内置',
  regionCode: '320900000000',
  extends: NATIONAL_MAJOR_2018.code,
  items: [{ code: 'organ-bone-marrow-transplant', name: '器官移植或骨髓移植', icdPatterns: ['Z94'] }],
};
