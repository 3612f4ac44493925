/**
 * Catalogue life cycle: county admins edit drafts and publish them; a published version never changes.
 *
 * - Every function is pure and returns a new object; the input is never modified.
 * - publishCatalogDraft returns a deeply frozen catalogue (Object.freeze on every level), so even
 *   code that ignores the types cannot change a published version in place.
 * - Edits to a published version are refused with a Chinese message; to change a list, derive a new
 *   draft version from it (deriveCatalogDraft) and publish that with a later effective date.
 */
import { isIsoDate } from '../calendar/iso-date.ts';
import { type TCatalogItem, type TDiseaseCatalog, ZCatalogItem, ZDiseaseCatalog } from './catalog.schema.ts';
import { catalogSeriesKeyOf, resolveCatalogItems } from './resolve-catalog-items.ts';

export type CatalogEditErrorCode =
  | 'CATALOG_PUBLISHED'
  | 'CATALOG_NOT_DRAFT'
  | 'CATALOG_INVALID'
  | 'ITEM_INVALID'
  | 'ITEM_NOT_FOUND';

export type CatalogEditError = { code: CatalogEditErrorCode; messages: string[] };

export type CatalogEditResult = { ok: true; value: TDiseaseCatalog } | { ok: false; error: CatalogEditError };

function fail(code: CatalogEditErrorCode, ...messages: string[]): CatalogEditResult {
  return { ok: false, error: { code, messages } };
}

/** Recursively freeze plain objects and arrays; returns the same value for chaining. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}

function cloneItem(item: TCatalogItem): TCatalogItem {
  return {
    code: item.code,
    name: item.name,
    icdPatterns: [...item.icdPatterns],
    ...(item.ageRule === undefined ? {} : { ageRule: { ...item.ageRule } }),
  };
}

function cloneCatalog(catalog: TDiseaseCatalog): TDiseaseCatalog {
  return { ...catalog, items: catalog.items.map(cloneItem) };
}

function catalogLabel(catalog: Pick<TDiseaseCatalog, 'name' | 'version'>): string {
  return `目录“${catalog.name}”（${catalog.version}版）`;
}

function refusePublished(catalog: TDiseaseCatalog): CatalogEditResult {
  return fail(
    'CATALOG_PUBLISHED',
    `${catalogLabel(catalog)}已发布，不能修改；如需调整，请以它为基础新建草稿版本并设置新的生效日期`,
  );
}

function schemaMessages(catalog: unknown): string[] {
  const parsed = ZDiseaseCatalog.safeParse(catalog);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '目录'}：${issue.message}`);
}

export type TCatalogDraftSeed = Pick<TDiseaseCatalog, 'code' | 'version' | 'effectiveFrom'> &
  Partial<Pick<TDiseaseCatalog, 'name'>>;

/**
 * A new draft version of the same list, with copies of `source`'s own items (and its `extends`,
 * region and kind). `source` may be published or a draft; it is not changed.
 */
export function deriveCatalogDraft(source: TDiseaseCatalog, seed: TCatalogDraftSeed): TDiseaseCatalog {
  const { publishedOn: _publishedOn, publishedBy: _publishedBy, effectiveTo: _effectiveTo, ...rest } = source;
  return {
    ...cloneCatalog({ ...rest, status: 'draft' }),
    code: seed.code,
    name: seed.name ?? source.name,
    version: seed.version,
    effectiveFrom: seed.effectiveFrom,
  };
}

export type TCatalogDraftChanges = Partial<
  Pick<TDiseaseCatalog, 'name' | 'version' | 'effectiveFrom' | 'effectiveTo' | 'extends' | 'items'>
>;

/** Change the header fields or replace the items of a draft. Refused for a published catalogue. */
export function reviseCatalogDraft(
  catalog: TDiseaseCatalog,
  changes: TCatalogDraftChanges,
): CatalogEditResult {
  if (catalog.status !== 'draft') {
    return refusePublished(catalog);
  }
  const next = cloneCatalog({ ...catalog, ...changes });
  const problems = schemaMessages(next);
  return problems.length > 0 ? fail('CATALOG_INVALID', ...problems) : { ok: true, value: next };
}

/** Add an item to a draft, or replace the item with the same code. Refused for a published catalogue. */
export function upsertCatalogItem(catalog: TDiseaseCatalog, item: TCatalogItem): CatalogEditResult {
  if (catalog.status !== 'draft') {
    return refusePublished(catalog);
  }
  const parsed = ZCatalogItem.safeParse(item);
  if (!parsed.success) {
    const label = item.name || item.code || '病种';
    return fail(
      'ITEM_INVALID',
      ...parsed.error.issues.map(
        (issue) => `病种“${label}”的${issue.path.join('.') || '内容'}：${issue.message}`,
      ),
    );
  }
  const index = catalog.items.findIndex((existing) => existing.code === item.code);
  const items =
    index === -1
      ? [...catalog.items, parsed.data]
      : catalog.items.map((existing, at) => (at === index ? parsed.data : existing));
  return reviseCatalogDraft(catalog, { items });
}

/** Remove an item (by code) from a draft. Refused for a published catalogue. */
export function removeCatalogItem(catalog: TDiseaseCatalog, itemCode: string): CatalogEditResult {
  if (catalog.status !== 'draft') {
    return refusePublished(catalog);
  }
  if (!catalog.items.some((item) => item.code === itemCode)) {
    return fail('ITEM_NOT_FOUND', `${catalogLabel(catalog)}中没有病种编码“${itemCode}”`);
  }
  return reviseCatalogDraft(catalog, { items: catalog.items.filter((item) => item.code !== itemCode) });
}

export type TPublishOptions = { publishedOn: string; publishedBy: string };

function publishProblems(
  candidate: TDiseaseCatalog,
  published: readonly TDiseaseCatalog[],
  options: TPublishOptions,
): string[] {
  const problems: string[] = [];
  if (!isIsoDate(options.publishedOn)) {
    problems.push(`发布日期“${options.publishedOn}”无效：应为 YYYY-MM-DD 格式的有效日期`);
  }
  if (options.publishedBy.trim() === '') {
    problems.push('发布人不能为空');
  }
  problems.push(...schemaMessages(candidate));
  if (published.some((catalog) => catalog.code === candidate.code)) {
    problems.push(`目录编码“${candidate.code}”已被已发布的目录使用`);
  }
  const series = catalogSeriesKeyOf(candidate);
  const latest = published
    .filter((catalog) => catalogSeriesKeyOf(catalog) === series)
    .reduce<TDiseaseCatalog | null>(
      (best, catalog) => (best === null || catalog.effectiveFrom > best.effectiveFrom ? catalog : best),
      null,
    );
  if (latest !== null && candidate.effectiveFrom <= latest.effectiveFrom) {
    problems.push(
      `生效日期${candidate.effectiveFrom}必须晚于同系列最新已发布版本${catalogLabel(latest)}的生效日期${latest.effectiveFrom}`,
    );
  }
  if (candidate.extends !== undefined) {
    const base = published.find((catalog) => catalog.code === candidate.extends);
    if (base === undefined) {
      problems.push(`继承的目录“${candidate.extends}”不存在或尚未发布`);
    } else if (base.kind !== candidate.kind) {
      problems.push(`只能继承同类型目录，“${base.code}”类型不同`);
    } else {
      try {
        resolveCatalogItems(candidate, [...published, candidate]);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  return problems;
}

/**
 * Publish a draft: returns a new, deeply frozen catalogue with status 'published' and the
 * publication stamp; the draft itself is not changed. `published` is every already-published
 * catalogue: the code must be new, the base of `extends` must be published and of the same kind,
 * and the effective date must be later than the latest published version of the same series (so
 * publishing never changes which version applied on a past date). Refused, with every problem in
 * Chinese, when the draft is not valid.
 */
export function publishCatalogDraft(
  draft: TDiseaseCatalog,
  published: readonly TDiseaseCatalog[],
  options: TPublishOptions,
): CatalogEditResult {
  if (draft.status !== 'draft') {
    return fail('CATALOG_NOT_DRAFT', `${catalogLabel(draft)}已发布，不能重复发布`);
  }
  const candidate: TDiseaseCatalog = {
    ...cloneCatalog(draft),
    status: 'published',
    publishedOn: options.publishedOn,
    publishedBy: options.publishedBy.trim(),
  };
  const problems = publishProblems(candidate, published, options);
  if (problems.length > 0) {
    return fail('CATALOG_INVALID', ...problems.map((problem) => `${catalogLabel(draft)}：${problem}`));
  }
  return { ok: true, value: deepFreeze(candidate) };
}
