import { regionScopePrefix } from '@healthaid/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { applyChronicScope, type ChronicScope } from './chronic-data-scope.ts';

export type Db = Kysely<DB> | Transaction<DB>;

/** A person the scope may see (joined through the person's own village code). */
export function findPersonInScope(db: Db, scope: ChronicScope, personId: number) {
  return applyChronicScope(db.selectFrom('person as p'), scope, 'p')
    .where('p.id', '=', personId)
    .select([
      'p.county_code',
      'p.id',
      'p.id_number',
      'p.name',
      'p.sex',
      'p.birth_date',
      'p.household_id',
      'p.phone',
      'p.village_code',
      'p.status',
    ])
    .executeTakeFirst();
}

export type PersonInScope = NonNullable<Awaited<ReturnType<typeof findPersonInScope>>>;

export function findHouseholdMembersInScope(db: Db, scope: ChronicScope, householdId: number) {
  return applyChronicScope(db.selectFrom('person as p'), scope, 'p')
    .where('p.household_id', '=', householdId)
    .where('p.status', '=', 'normal')
    .select(['p.county_code', 'p.id', 'p.name', 'p.village_code', 'p.household_id'])
    .orderBy('p.id')
    .execute();
}

export async function findRegionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) {
    return new Map();
  }
  const rows = await db.selectFrom('region').where('code', 'in', unique).select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export function searchPersons(
  db: Db,
  scope: ChronicScope,
  filter: { q?: string | undefined; limit: number; offset: number },
) {
  let query = applyChronicScope(db.selectFrom('person as p'), scope, 'p').where('p.status', '=', 'normal');
  if (filter.q) {
    const q = filter.q;
    query = /^\d/.test(q)
      ? query.where('p.id_number', 'like', `${q}%`)
      : query.where('p.name', 'like', `${q}%`);
  }
  return Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    query
      .select(['p.id', 'p.name', 'p.sex', 'p.birth_date', 'p.id_number', 'p.village_code', 'p.household_id'])
      .orderBy('p.name')
      .orderBy('p.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
  ]);
}

/** The villages under a region (township or county), from the region table. */
export async function findVillagesUnder(db: Db, regionCode: string): Promise<string[]> {
  const prefix = regionScopePrefix(regionCode);
  const rows = await db
    .selectFrom('region')
    .where('level', '=', 'village')
    .where('code', 'like', `${prefix}%`)
    .select('code')
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}
