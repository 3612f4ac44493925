import { DISEASE_CATALOGS, deepFreeze, type TCatalogItem, type TDiseaseCatalog } from '@healthaid/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type CatalogRow, listCatalogRows } from './disease-catalogs.repository.ts';

/** A stored catalogue version as the domain type (published rows deeply frozen, like the shipped ones). */
export function catalogOfRow(row: CatalogRow): TDiseaseCatalog {
  const catalog: TDiseaseCatalog = {
    code: row.code,
    name: row.name,
    kind: row.kind as TDiseaseCatalog['kind'],
    version: row.version,
    effectiveFrom: row.effective_from,
    ...(row.effective_to ? { effectiveTo: row.effective_to } : {}),
    ...(row.extends ? { extends: row.extends } : {}),
    regionCode: row.region_code,
    items: (row.items ?? []) as TCatalogItem[],
    status: row.status,
    ...(row.published_on ? { publishedOn: row.published_on } : {}),
    ...(row.published_by ? { publishedBy: row.published_by } : {}),
  };
  return row.status === 'published' ? deepFreeze(catalog) : catalog;
}

export type CatalogSet = {
  /** Shipped versions and stored published versions: what classification uses. */
  published: TDiseaseCatalog[];
  /** Stored drafts (every region; callers filter by scope). */
  drafts: { catalog: TDiseaseCatalog; row: CatalogRow }[];
  rows: Map<string, CatalogRow>;
};

/** The catalogue versions in force: the shipped ones plus those counties published (one small query). */
export async function loadDiseaseCatalogs(db: Kysely<DB> | Transaction<DB>): Promise<CatalogSet> {
  const rows = await listCatalogRows(db);
  const published = [...DISEASE_CATALOGS];
  const drafts: CatalogSet['drafts'] = [];
  for (const row of rows) {
    const catalog = catalogOfRow(row);
    if (row.status === 'published') {
      published.push(catalog);
    } else {
      drafts.push({ catalog, row });
    }
  }
  return { published, drafts, rows: new Map(rows.map((row) => [row.code, row])) };
}
