import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ImportScope } from '../imports/imports.service.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Person-import batches previewed but not committed, among the batches `GET /imports/batches` lists for
 * the same scope (county, kind `persons`, importer's region under the caller's). The imports module has no
 * count of its own and stays untouched, so its list's scope is repeated here.
 */
export async function countPreviewedImports(db: Db, scope: ImportScope): Promise<number> {
  const row = await db
    .selectFrom('import_batch as b')
    .where('b.county_code', '=', scope.countyCode)
    .where('b.kind', '=', 'persons')
    .where('b.region_code', 'like', `${scope.regionPrefix}%`)
    .where('b.status', '=', 'previewed')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
