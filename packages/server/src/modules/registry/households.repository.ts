import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, HouseholdTable } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type HouseholdFilter = {
  povertyAttribute?: HouseholdTable['poverty_attribute'] | undefined;
  monitoringType?: HouseholdTable['monitoring_type'] | undefined;
  exitStatus?: 'not_exited' | 'exited' | undefined;
  mainCause?: string | undefined;
  q?: string | undefined;
};

function filtered(db: Db, scope: DataScope, filter: HouseholdFilter) {
  let query = applyDataScope(db.selectFrom('household as h'), scope, 'h').innerJoin(
    'region as r',
    'r.code',
    'h.village_code',
  );
  if (filter.povertyAttribute) {
    query = query.where('h.poverty_attribute', '=', filter.povertyAttribute);
  }
  if (filter.monitoringType) {
    query = query.where('h.monitoring_type', '=', filter.monitoringType);
  }
  if (filter.exitStatus) {
    query = query.where('h.exit_status', '=', filter.exitStatus);
  }
  if (filter.mainCause) {
    query = query.where('h.main_cause', '=', filter.mainCause);
  }
  const q = filter.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where((w) => w.or([w('h.household_no', 'like', like), w('h.head_name', 'like', like)]));
  }
  return query;
}

const householdColumns = [
  'h.county_code',
  'h.id',
  'h.household_no',
  'h.village_code',
  'h.address',
  'h.head_name',
  'h.poverty_attribute',
  'h.main_cause',
  'h.other_causes',
  'h.registered_year',
  'h.exit_status',
  'h.exit_year',
  'h.monitoring_type',
  'h.risk_status',
  'r.name as village_name',
] as const;

const memberCount = sql<number>`(SELECT count(*)::int FROM person m
  WHERE m.county_code = h.county_code AND m.household_id = h.id AND m.status = 'normal')`;

export async function countHouseholds(db: Db, scope: DataScope, filter: HouseholdFilter): Promise<number> {
  const row = await filtered(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findHouseholds(
  db: Db,
  scope: DataScope,
  filter: HouseholdFilter,
  limit: number,
  offset: number,
) {
  return filtered(db, scope, filter)
    .select([...householdColumns, memberCount.as('member_count')])
    .orderBy('h.village_code')
    .orderBy('h.household_no')
    .limit(limit)
    .offset(offset)
    .execute();
}
export type HouseholdRow = Awaited<ReturnType<typeof findHouseholds>>[number];

export function findHouseholdInScope(db: Db, scope: DataScope, id: number) {
  return applyDataScope(db.selectFrom('household as h'), scope, 'h')
    .innerJoin('region as r', 'r.code', 'h.village_code')
    .select([...householdColumns, memberCount.as('member_count')])
    .where('h.id', '=', id)
    .executeTakeFirst();
}

export function findHouseholdByNo(db: Db, countyCode: string, householdNo: string) {
  return db
    .selectFrom('household')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('household_no', '=', householdNo)
    .executeTakeFirst();
}

export function findIncomes(db: Db, countyCode: string, householdId: number) {
  return db
    .selectFrom('household_income')
    .select(['year', 'per_capita_net_income_fen'])
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .orderBy('year')
    .execute();
}
