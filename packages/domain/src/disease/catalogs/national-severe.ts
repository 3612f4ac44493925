/**
 * [M] Severe diseases for the safety-net line (重病兜底保障一批).
 *
 * Neither source report defines a list: 重病兜底 is a financial protection (insurance layers, then
 * 兜底保险 and special assistance funds) for patients whose costs stay high after treatment. The list
 * is derived from the diseases the reports and the usual provincial special-disease lists treat as
 * catastrophic: malignant tumours (all sites, so a cancer outside the major list is still covered),
 * end-stage renal disease on dialysis (the source county funds every dialysis session), transplants,
 * aplastic anaemia, haemophilia and SLE. The Yancheng report's 30-disease 民生特别重大疾病专项保险 is an
 * insurance product for 特困 families, not this line, and its diseases are not listed.
 */
import type { TDiseaseCatalog } from '../catalog.schema.ts';

export const NATIONAL_SEVERE_2017: TDiseaseCatalog = {
  code: 'national-severe-2017',
  name: '重病兜底保障病种',
  kind: 'severe',
  version: '2017',
  effectiveFrom: '2017-01-01',
  status: 'published',
  publishedOn: '2017-01-01',
  publishedBy: '系统内置',
  items: [
    { code: 'malignant-tumour', name: '恶性肿瘤', icdPatterns: ['C00-C97'] },
    { code: 'esrd-dialysis', name: '终末期肾病（透析）', icdPatterns: ['N18.5', 'N18.0', 'Z49', 'Z99.2'] },
    { code: 'organ-transplant', name: '器官移植术后', icdPatterns: ['Z94'] },
    { code: 'aplastic-anaemia', name: '再生障碍性贫血', icdPatterns: ['D61'] },
    { code: 'haemophilia', name: '血友病', icdPatterns: ['D66-D67'] },
    { code: 'sle', name: '系统性红斑狼疮', icdPatterns: ['M32'] },
  ],
};
