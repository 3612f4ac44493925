import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function findRegionByCode(db: Db, code: string) {
  return db.selectFrom('region').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findRegionsByCodes(db: Db, codes: readonly string[]) {
  if (codes.length === 0) {
    return Promise.resolve([]);
  }
  return db.selectFrom('region').selectAll().where('code', 'in', codes).execute();
}

export function findChildRegions(db: Db, parentCode: string) {
  return db
    .selectFrom('region as r')
    .select(['r.code', 'r.name', 'r.level'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('region as c').select('c.code').whereRef('c.parent_code', '=', 'r.code'))
        .as('has_children'),
    )
    .where('r.parent_code', '=', parentCode)
    .orderBy('r.code')
    .execute();
}
