import type { RegistryCategory } from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * "Which categories did these persons have on date D" (bounds inclusive; valid_to null = open).
 * Any rule may call it; every person id is looked up in the given county.
 */
export async function categoriesOn(
  db: Db,
  countyCode: string,
  personIds: readonly number[],
  date: string,
): Promise<Map<number, RegistryCategory[]>> {
  const result = new Map<number, RegistryCategory[]>();
  if (personIds.length === 0) {
    return result;
  }
  const rows = await db
    .selectFrom('person_category')
    .select(['person_id', 'category'])
    .where('county_code', '=', countyCode)
    .where('person_id', 'in', [...new Set(personIds)])
    .where('valid_from', '<=', date)
    .where((w) => w.or([w('valid_to', 'is', null), w('valid_to', '>=', date)]))
    .orderBy('person_id')
    .orderBy('valid_from')
    .execute();
  for (const row of rows) {
    const list = result.get(row.person_id) ?? [];
    if (!list.includes(row.category)) {
      list.push(row.category);
    }
    result.set(row.person_id, list);
  }
  return result;
}

export type PersonFilter = {
  category?: RegistryCategory | undefined;
  date: string;
  status?: 'normal' | 'dead' | 'moved_out' | undefined;
  mainCause?: string | undefined;
  needsVerification?: boolean | undefined;
  householdId?: number | undefined;
  q?: string | undefined;
};

function filtered(db: Kysely<DB>, scope: DataScope, filter: PersonFilter) {
  let query = applyDataScope(db.selectFrom('person as p'), scope, 'p')
    .leftJoin('household as h', (j) =>
      j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'),
    )
    .innerJoin('region as r', 'r.code', 'p.village_code');
  if (filter.status) {
    query = query.where('p.status', '=', filter.status);
  }
  if (filter.needsVerification !== undefined) {
    query = query.where('p.needs_verification', '=', filter.needsVerification);
  }
  if (filter.householdId) {
    query = query.where('p.household_id', '=', filter.householdId);
  }
  if (filter.mainCause) {
    query = query.where('h.main_cause', '=', filter.mainCause);
  }
  if (filter.category) {
    const { category, date } = filter;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('person_category as c')
          .select(sql.lit(1).as('one'))
          .whereRef('c.county_code', '=', 'p.county_code')
          .whereRef('c.person_id', '=', 'p.id')
          .where('c.category', '=', category)
          .where('c.valid_from', '<=', date)
          .where((w) => w.or([w('c.valid_to', 'is', null), w('c.valid_to', '>=', date)])),
      ),
    );
  }
  const q = filter.q?.trim().toUpperCase();
  if (q) {
    if (/^\d{6,17}[\dX]?$/.test(q)) {
      // ID number (or its start): exact for 18 characters, prefix otherwise.
      query =
        q.length === 18 ? query.where('p.id_number', '=', q) : query.where('p.id_number', 'like', `${q}%`);
    } else {
      const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      query = query.where((w) => w.or([w('p.name', 'like', like), w('h.household_no', 'like', like)]));
    }
  }
  return query;
}

const personColumns = [
  'p.county_code',
  'p.id',
  'p.id_number',
  'p.name',
  'p.sex',
  'p.birth_date',
  'p.household_id',
  'p.relation',
  'p.phone',
  'p.village_code',
  'p.status',
  'p.status_date',
  'p.is_insured',
  'p.has_premium_subsidy',
  'p.disability_cert',
  'p.needs_verification',
  'p.verification_reason',
  'h.household_no',
  'r.name as village_name',
] as const;

export async function countPersons(db: Kysely<DB>, scope: DataScope, filter: PersonFilter): Promise<number> {
  const row = await filtered(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findPersons(
  db: Kysely<DB>,
  scope: DataScope,
  filter: PersonFilter,
  limit: number,
  offset: number,
) {
  return filtered(db, scope, filter)
    .select(personColumns)
    .orderBy('p.village_code')
    .orderBy('p.household_id')
    .orderBy('p.id')
    .limit(limit)
    .offset(offset)
    .execute();
}
export type PersonRow = Awaited<ReturnType<typeof findPersons>>[number];

/** One person inside the scope, or undefined (outside the scope looks exactly like missing). */
export function findPersonInScope(db: Db, scope: DataScope, id: number) {
  return applyDataScope(db.selectFrom('person as p'), scope, 'p')
    .leftJoin('household as h', (j) =>
      j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'),
    )
    .innerJoin('region as r', 'r.code', 'p.village_code')
    .select(personColumns)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export function findCategoryPeriods(db: Db, countyCode: string, personId: number) {
  return db
    .selectFrom('person_category')
    .select(['id', 'category', 'valid_from', 'valid_to', 'source'])
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
}

export function findIdIndex(db: Db, idNumber: string) {
  return db.selectFrom('person_id_index').selectAll().where('id_number', '=', idNumber).executeTakeFirst();
}

export function findSameNameAndBirth(db: Db, countyCode: string, name: string, birthDate: string) {
  return db
    .selectFrom('person')
    .select(['id', 'id_number', 'village_code'])
    .where('county_code', '=', countyCode)
    .where('name', '=', name)
    .where('birth_date', '=', birthDate)
    .limit(5)
    .execute();
}
