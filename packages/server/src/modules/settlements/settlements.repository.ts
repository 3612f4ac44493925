import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB, SettlementTable } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

// ------------------------------------------------------------------ policy sets

const policyColumns = [
  'id',
  'code',
  'name',
  'region_code',
  'version',
  'effective_from',
  'effective_to',
  'status',
  'body',
  'created_at',
  'updated_at',
  'published_at',
] as const;

/** Policy sets visible from a region: its own and its ancestors' (regionCodes) plus its descendants. */
export function listPolicySets(db: Db, ancestorCodes: readonly string[], descendantPrefix: string) {
  return db
    .selectFrom('policy_set')
    .select(policyColumns)
    .where((w) =>
      w.or([w('region_code', 'in', [...ancestorCodes]), w('region_code', 'like', `${descendantPrefix}%`)]),
    )
    .orderBy('region_code')
    .orderBy('code')
    .orderBy('version', 'desc')
    .execute();
}

export function findPolicySet(db: Db, id: number) {
  return db.selectFrom('policy_set').select(policyColumns).where('id', '=', id).executeTakeFirst();
}

export function findPublishedPolicySets(db: Db, regionCodes: readonly string[]) {
  return db
    .selectFrom('policy_set')
    .select(policyColumns)
    .where('status', '=', 'published')
    .where('region_code', 'in', [...regionCodes])
    .execute();
}

export type PolicySetRow = NonNullable<Awaited<ReturnType<typeof findPolicySet>>>;

// ------------------------------------------------------------------ settlements

export function findByClaimNo(db: Db, institutionCode: string, claimNo: string) {
  return db
    .selectFrom('settlement')
    .select(['county_code', 'id', 'request_hash'])
    .where('institution_code', '=', institutionCode)
    .where('claim_no', '=', claimNo)
    .executeTakeFirst();
}

const settlementColumns = [
  's.county_code',
  's.id',
  's.person_id',
  's.institution_code',
  's.claim_no',
  's.policy_set_id',
  's.visit_type',
  's.institution_level',
  's.admission_date',
  's.discharge_date',
  's.year',
  's.categories',
  's.claim',
  's.result',
  's.accumulators_before',
  's.total_fen',
  's.basic_fen',
  's.critical_fen',
  's.assistance_fen',
  's.other_fen',
  's.self_pay_fen',
  's.borne_fen',
  's.in_scope_fen',
  's.in_scope_self_pay_fen',
  's.deposit_waived_fen',
  's.is_treat_first_pay_later',
  's.status',
  's.reversed_reason',
  's.reversed_at',
  's.created_at',
  'p.name as person_name',
  'p.id_number as person_id_number',
  'p.village_code as person_village_code',
  'ps.code as policy_code',
  'ps.name as policy_name',
  'ps.version as policy_version',
] as const;

function scopedSettlements(db: Db, scope: DataScope) {
  let query = applyDataScope(
    db
      .selectFrom('settlement as s')
      .innerJoin('person as p', (j) =>
        j.onRef('p.county_code', '=', 's.county_code').onRef('p.id', '=', 's.person_id'),
      )
      .innerJoin('policy_set as ps', 'ps.id', 's.policy_set_id'),
    scope,
    'p',
  );
  if (scope.institutionCode) {
    query = query.where('s.institution_code', '=', scope.institutionCode);
  }
  return query;
}

export function findSettlementInScope(db: Db, scope: DataScope, id: number) {
  return scopedSettlements(db, scope).select(settlementColumns).where('s.id', '=', id).executeTakeFirst();
}

export type SettlementRow = NonNullable<Awaited<ReturnType<typeof findSettlementInScope>>>;

export type SettlementFilter = {
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  status?: 'settled' | 'reversed' | undefined;
};

function filtered(db: Db, scope: DataScope, filter: SettlementFilter) {
  let query = scopedSettlements(db, scope);
  if (filter.from) {
    query = query.where('s.discharge_date', '>=', filter.from);
  }
  if (filter.to) {
    query = query.where('s.discharge_date', '<=', filter.to);
  }
  if (filter.status) {
    query = query.where('s.status', '=', filter.status);
  }
  const q = filter.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((w) =>
      w.or([w('p.name', 'like', like), w('p.id_number', '=', q.toUpperCase()), w('s.claim_no', '=', q)]),
    );
  }
  return query;
}

export async function listSettlements(
  db: Db,
  scope: DataScope,
  filter: SettlementFilter,
  page: { limit: number; offset: number },
) {
  const [count, items] = await Promise.all([
    filtered(db, scope, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    filtered(db, scope, filter)
      .select(settlementColumns)
      .orderBy('s.discharge_date', 'desc')
      .orderBy('s.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return { total: Number(count.n), items };
}

export function insertSettlement(db: Db, row: Insertable<SettlementTable>) {
  return db.insertInto('settlement').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Lock (creating it when missing) the accumulator row of a person-year and return its body. */
export async function lockAccumulators(
  db: Transaction<DB>,
  countyCode: string,
  personId: number,
  year: number,
  empty: unknown,
): Promise<unknown> {
  await sql`INSERT INTO settlement_accumulator (county_code, person_id, year, body)
    VALUES (${countyCode}, ${personId}, ${year}, ${JSON.stringify(empty)})
    ON CONFLICT (county_code, person_id, year) DO NOTHING`.execute(db);
  const { rows } = await sql<{ body: unknown }>`SELECT body FROM settlement_accumulator
    WHERE county_code = ${countyCode} AND person_id = ${personId} AND year = ${year}
    FOR UPDATE`.execute(db);
  return rows[0]?.body;
}

export function saveAccumulators(db: Db, countyCode: string, personId: number, year: number, body: unknown) {
  return db
    .updateTable('settlement_accumulator')
    .set({ body: JSON.stringify(body), updated_at: sql`now()` })
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .where('year', '=', year)
    .execute();
}

export function findAccumulators(db: Db, countyCode: string, personId: number, year: number) {
  return db
    .selectFrom('settlement_accumulator')
    .select('body')
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .where('year', '=', year)
    .executeTakeFirst();
}
