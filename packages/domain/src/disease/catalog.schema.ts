/**
 * Versioned disease catalogues (病种目录): the major-disease list, the "4类" and "6类" chronic lists,
 * provincial outpatient chronic/special diseases (门诊慢特病) and the severe-disease safety-net list.
 *
 * A catalogue is one version of one list. Versions of the same list form a series, identified by
 * (kind, regionCode): the national major list 2017 → 2018 → 2019 → 2020 is one series; a city's own
 * major list is another. A local list may `extends` another catalogue (by code) to add items to it.
 */
import { z } from 'zod';
import { isIsoDate } from '../calendar/iso-date.ts';
import { isValidIcdPattern } from './icd-pattern.ts';

export const CATALOG_KINDS = ['major', 'chronic4', 'chronic6', 'outpatient_special', 'severe'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export const CATALOG_KIND_LABELS: Readonly<Record<CatalogKind, string>> = {
  major: '大病专项救治',
  chronic4: '4类慢病',
  chronic6: '6类慢病',
  outpatient_special: '门诊慢特病',
  severe: '重病兜底',
};

/** draft: editable by county admins; published: immutable, used for classification. */
export const CATALOG_STATUSES = ['draft', 'published'] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];

export const CATALOG_STATUS_LABELS: Readonly<Record<CatalogStatus, string>> = {
  draft: '草稿',
  published: '已发布',
};

export const ZIsoDate = z.string().refine(isIsoDate, { error: '日期必须是有效的 YYYY-MM-DD 日期' });

/** Stable identifiers: lower-case letters, digits and hyphens ('national-major-2019', 'child-chd'). */
export const ZStableCode = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: '编码只能由小写字母、数字和连字符组成' });

export const ZIcdPatternText = z.string().refine(isValidIcdPattern, {
  error: 'ICD匹配规则格式无效：应为类目（C15）、亚目前缀（Q21.0）或类目范围（C18-C20）',
});

/**
 * Age limits checked against the age at diagnosis, in completed years, both bounds inclusive:
 * { minAge: 0, maxAge: 14 } admits a child diagnosed the day before the 15th birthday and refuses
 * one diagnosed on it.
 */
export const ZAgeRule = z
  .object({
    minAge: z.int().min(0, { error: '最小年龄不能为负数' }).optional(),
    maxAge: z.int().min(0, { error: '最大年龄不能为负数' }).optional(),
  })
  .refine((rule) => rule.minAge === undefined || rule.maxAge === undefined || rule.minAge <= rule.maxAge, {
    error: '年龄条件无效：最小年龄不能大于最大年龄',
  });
export type TAgeRule = z.infer<typeof ZAgeRule>;

export const ZCatalogItem = z.object({
  /** Stable disease code, kept across catalogue versions ('oesophageal-cancer'). */
  code: ZStableCode,
  name: z.string().trim().min(1, { error: '病种名称不能为空' }),
  icdPatterns: z.array(ZIcdPatternText).min(1, { error: '病种至少需要一条ICD匹配规则' }),
  ageRule: ZAgeRule.optional(),
});
export type TCatalogItem = z.infer<typeof ZCatalogItem>;

export const ZDiseaseCatalog = z
  .object({
    code: ZStableCode,
    name: z.string().trim().min(1, { error: '目录名称不能为空' }),
    kind: z.enum(CATALOG_KINDS),
    version: z.string().trim().min(1, { error: '目录版本不能为空' }),
    effectiveFrom: ZIsoDate,
    effectiveTo: ZIsoDate.optional(),
    /** Code of the catalogue whose items this one inherits (a local list adding to a national one). */
    extends: ZStableCode.optional(),
    /** 12-digit region code of the province/city/county that publishes a local list; absent = national. */
    regionCode: z
      .string()
      .regex(/^\d{12}$/, { error: '地区编码必须是12位数字' })
      .optional(),
    items: z.array(ZCatalogItem),
    status: z.enum(CATALOG_STATUSES),
    /** Set when published (see publishCatalogDraft); absent on drafts. */
    publishedOn: ZIsoDate.optional(),
    publishedBy: z.string().trim().min(1).optional(),
  })
  .superRefine((catalog, ctx) => {
    if (catalog.effectiveTo !== undefined && catalog.effectiveTo < catalog.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: '失效日期不能早于生效日期' });
    }
    if (catalog.extends === undefined && catalog.items.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: '目录至少需要一个病种（或继承其他目录）' });
    }
    if (catalog.status === 'published' && catalog.publishedOn === undefined) {
      ctx.addIssue({ code: 'custom', path: ['publishedOn'], message: '已发布的目录必须有发布日期' });
    }
    if (catalog.status === 'draft' && catalog.publishedOn !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['publishedOn'], message: '草稿目录不能有发布日期' });
    }
    const seen = new Set<string>();
    catalog.items.forEach((item, index) => {
      if (seen.has(item.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'code'],
          message: `病种编码“${item.code}”重复`,
        });
      }
      seen.add(item.code);
    });
  });
export type TDiseaseCatalog = z.infer<typeof ZDiseaseCatalog>;
