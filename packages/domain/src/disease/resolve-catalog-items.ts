import { type TCatalogItem, type TDiseaseCatalog, ZDiseaseCatalog } from './catalog.schema.ts';

/** A catalogue set that cannot be used as configured (unknown base, cycle). Message is user-facing. */
export class DiseaseCatalogError extends Error {
  override readonly name = 'DiseaseCatalogError';
}

function findCatalog(code: string, allCatalogs: readonly TDiseaseCatalog[]): TDiseaseCatalog | undefined {
  return allCatalogs.find((candidate) => candidate.code === code);
}

function collectItems(
  catalog: TDiseaseCatalog,
  allCatalogs: readonly TDiseaseCatalog[],
  chain: readonly string[],
): TCatalogItem[] {
  if (chain.includes(catalog.code)) {
    throw new DiseaseCatalogError(`目录继承关系存在循环：${[...chain, catalog.code].join(' → ')}`);
  }
  const inherited: TCatalogItem[] = [];
  if (catalog.extends !== undefined) {
    const base = findCatalog(catalog.extends, allCatalogs);
    if (!base) {
      throw new DiseaseCatalogError(`目录“${catalog.code}”继承的目录“${catalog.extends}”不存在`);
    }
    inherited.push(...collectItems(base, allCatalogs, [...chain, catalog.code]));
  }
  for (const item of catalog.items) {
    const index = inherited.findIndex((existing) => existing.code === item.code);
    if (index === -1) {
      inherited.push(item);
    } else {
      inherited[index] = item;
    }
  }
  return inherited;
}

/**
 * All items of a catalogue with `extends` flattened: the base catalogue's items first (recursively,
 * in their order), then this catalogue's own items. An own item with the same code as an inherited
 * one replaces it in place (a local list may widen a national item's patterns or age rule).
 * Throws DiseaseCatalogError for an unknown base or a cycle.
 */
export function resolveCatalogItems(
  catalog: TDiseaseCatalog,
  allCatalogs: readonly TDiseaseCatalog[],
): TCatalogItem[] {
  return collectItems(catalog, allCatalogs, []);
}

/** Series of versions of one list: same kind and same region (national when regionCode is absent). */
export function catalogSeriesKeyOf(catalog: Pick<TDiseaseCatalog, 'kind' | 'regionCode'>): string {
  return `${catalog.kind}@${catalog.regionCode ?? 'national'}`;
}

function describeSchemaProblems(catalog: unknown, label: string): string[] {
  const parsed = ZDiseaseCatalog.safeParse(catalog);
  return parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `目录“${label}”的${issue.path.join('.') || '内容'}：${issue.message}`,
      );
}

function describeGraphProblems(catalog: TDiseaseCatalog, catalogs: readonly TDiseaseCatalog[]): string[] {
  if (catalog.extends === undefined) {
    return [];
  }
  const base = findCatalog(catalog.extends, catalogs);
  if (base && base.kind !== catalog.kind) {
    return [`目录“${catalog.code}”只能继承同类型目录，“${base.code}”类型不同`];
  }
  try {
    resolveCatalogItems(catalog, catalogs);
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * Problems (Chinese, one per line) that make a catalogue set unusable: schema violations,
 * duplicate catalogue codes, unknown or cyclic `extends`, a base of another kind, and two
 * versions of one series taking effect on the same day. An empty list means the set is usable.
 */
export function checkDiseaseCatalogs(catalogs: readonly TDiseaseCatalog[]): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  const seriesStarts = new Set<string>();
  catalogs.forEach((catalog, index) => {
    problems.push(...describeSchemaProblems(catalog, catalog.code || `#${index + 1}`));
    if (codes.has(catalog.code)) {
      problems.push(`目录编码“${catalog.code}”重复`);
    }
    codes.add(catalog.code);
    const start = `${catalogSeriesKeyOf(catalog)}:${catalog.effectiveFrom}`;
    if (seriesStarts.has(start)) {
      problems.push(`目录“${catalog.code}”与同系列的另一版本生效日期相同（${catalog.effectiveFrom}）`);
    }
    seriesStarts.add(start);
    problems.push(...describeGraphProblems(catalog, catalogs));
  });
  return problems;
}
