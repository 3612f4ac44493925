import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB, SettlementReversalTable, SettlementTable } from '../../db/schema.ts';
import { type DataScope, villagePattern } from '../auth/data-scope.ts';

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

// ------------------------------------------------------------------ institutions

export function findInstitution(db: Db, code: string) {
  return db
    .selectFrom('medical_institution')
    .select(['code', 'name', 'level', 'region_code', 'county_code', 'active'])
    .where('code', '=', code)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ insured persons

/** Who a settlement belongs to: a registry person or an outsider (普通参保人员 not in the registry). */
export type InsuredRef = { kind: 'person' | 'outsider'; countyCode: string; id: number };

export function findOutsider(db: Db, countyCode: string, idNumber: string) {
  return db
    .selectFrom('settlement_outsider')
    .select(['county_code', 'id', 'id_number', 'name', 'birth_date'])
    .where('county_code', '=', countyCode)
    .where('id_number', '=', idNumber)
    .executeTakeFirst();
}

/** The outsider row of an ID number in a county, created when missing (name kept up to date when given). */
export async function upsertOutsider(
  db: Db,
  row: {
    countyCode: string;
    idNumber: string;
    name: string | null;
    birthDate: string | null;
    sex: string | null;
  },
): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO settlement_outsider (county_code, id_number, name, birth_date, sex)
    VALUES (${row.countyCode}, ${row.idNumber}, ${row.name}, ${row.birthDate}, ${row.sex})
    ON CONFLICT (county_code, id_number)
    DO UPDATE SET name = coalesce(EXCLUDED.name, settlement_outsider.name)
    RETURNING id`.execute(db);
  return Number(rows[0]?.id);
}

// ------------------------------------------------------------------ accumulators

function accumulatorTable(kind: InsuredRef['kind']) {
  return kind === 'person'
    ? { table: sql.table('settlement_accumulator'), key: sql.ref('person_id') }
    : { table: sql.table('settlement_outsider_accumulator'), key: sql.ref('outsider_id') };
}

/** Lock (creating it when missing) the accumulator row of an insured person-year and return its body. */
export async function lockAccumulators(
  db: Transaction<DB>,
  insured: InsuredRef,
  year: number,
  empty: unknown,
): Promise<unknown> {
  const { table, key } = accumulatorTable(insured.kind);
  await sql`INSERT INTO ${table} (county_code, ${key}, year, body)
    VALUES (${insured.countyCode}, ${insured.id}, ${year}, ${JSON.stringify(empty)})
    ON CONFLICT DO NOTHING`.execute(db);
  const { rows } = await sql<{ body: unknown }>`SELECT body FROM ${table}
    WHERE county_code = ${insured.countyCode} AND ${key} = ${insured.id} AND year = ${year}
    FOR UPDATE`.execute(db);
  return rows[0]?.body;
}

export async function saveAccumulators(db: Db, insured: InsuredRef, year: number, body: unknown) {
  const { table, key } = accumulatorTable(insured.kind);
  await sql`UPDATE ${table} SET body = ${JSON.stringify(body)}, updated_at = now()
    WHERE county_code = ${insured.countyCode} AND ${key} = ${insured.id} AND year = ${year}`.execute(db);
}

export async function findAccumulators(db: Db, insured: InsuredRef, year: number): Promise<unknown> {
  const { table, key } = accumulatorTable(insured.kind);
  const { rows } = await sql<{ body: unknown }>`SELECT body FROM ${table}
    WHERE county_code = ${insured.countyCode} AND ${key} = ${insured.id} AND year = ${year}`.execute(db);
  return rows[0]?.body;
}

// ------------------------------------------------------------------ settlements

const SCOPE_REGION = sql<string>`coalesce(p.village_code, s.region_code)`;

const settlementColumns = [
  's.county_code',
  's.id',
  's.person_id',
  's.outsider_id',
  's.institution_code',
  's.claim_no',
  's.request_hash',
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
  's.revision',
  's.claim_seq',
  's.replaced_by_id',
  's.run_id',
  's.source',
  's.created_at',
  'ps.code as policy_code',
  'ps.name as policy_name',
  'ps.version as policy_version',
  'mi.name as institution_name',
] as const;

function scopedSettlements(db: Db, scope: DataScope) {
  let query = db
    .selectFrom('settlement as s')
    .leftJoin('person as p', (j) =>
      j.onRef('p.county_code', '=', 's.county_code').onRef('p.id', '=', 's.person_id'),
    )
    .leftJoin('settlement_outsider as o', (j) =>
      j.onRef('o.county_code', '=', 's.county_code').onRef('o.id', '=', 's.outsider_id'),
    )
    .leftJoin('medical_institution as mi', 'mi.code', 's.institution_code')
    .innerJoin('policy_set as ps', 'ps.id', 's.policy_set_id')
    .where(SCOPE_REGION, 'like', villagePattern(scope));
  if (scope.countyCode) {
    query = query.where('s.county_code', '=', scope.countyCode);
  }
  if (scope.institutionCode) {
    query = query.where('s.institution_code', '=', scope.institutionCode);
  }
  return query;
}

function selectSettlement(db: Db, scope: DataScope) {
  return scopedSettlements(db, scope)
    .select(settlementColumns)
    .select([
      sql<string>`coalesce(p.name, o.name, '')`.as('person_name'),
      sql<string>`coalesce(p.id_number, o.id_number)`.as('person_id_number'),
      sql<string>`${SCOPE_REGION}`.as('person_village_code'),
    ]);
}

export function findSettlementInScope(db: Db, scope: DataScope, id: number) {
  return selectSettlement(db, scope).where('s.id', '=', id).executeTakeFirst();
}

export type SettlementRow = NonNullable<Awaited<ReturnType<typeof findSettlementInScope>>>;

export type SettlementFilter = {
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  status?: 'settled' | 'reversed' | undefined;
  institutionCode?: string | undefined;
  personId?: number | undefined;
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
  if (filter.institutionCode) {
    query = query.where('s.institution_code', '=', filter.institutionCode);
  }
  if (filter.personId !== undefined) {
    query = query.where('s.person_id', '=', filter.personId);
  }
  const q = filter.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((w) =>
      w.or([
        w('p.name', 'like', like),
        w('o.name', 'like', like),
        w('p.id_number', '=', q.toUpperCase()),
        w('o.id_number', '=', q.toUpperCase()),
        w('s.claim_no', '=', q),
      ]),
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
      .select([
        sql<string>`coalesce(p.name, o.name, '')`.as('person_name'),
        sql<string>`coalesce(p.id_number, o.id_number)`.as('person_id_number'),
        sql<string>`${SCOPE_REGION}`.as('person_village_code'),
      ])
      .orderBy('s.discharge_date', 'desc')
      .orderBy('s.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return { total: Number(count.n), items };
}

/** The current (or, when reversed without replacement, latest) revision of a claim of an institution. */
export function findLatestByClaimNo(db: Db, institutionCode: string, claimNo: string) {
  return db
    .selectFrom('settlement')
    .select(['county_code', 'id', 'request_hash', 'status', 'revision'])
    .where('institution_code', '=', institutionCode)
    .where('claim_no', '=', claimNo)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function insertSettlement(db: Db, row: Insertable<SettlementTable>) {
  return db.insertInto('settlement').values(row).returning('id').executeTakeFirstOrThrow();
}

export function insertReversal(db: Db, row: Insertable<SettlementReversalTable>) {
  return db.insertInto('settlement_reversal').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Columns the re-settlement of a person-year reads. */
export const personYearColumns = [
  'county_code',
  'id',
  'person_id',
  'outsider_id',
  'institution_code',
  'claim_no',
  'request_hash',
  'policy_set_id',
  'discharge_date',
  'year',
  'categories',
  'claim',
  'result',
  'revision',
  'claim_seq',
  'source',
  'region_code',
  'accumulators_before',
  'total_fen',
  'basic_fen',
  'critical_fen',
  'assistance_fen',
  'other_fen',
  'self_pay_fen',
  'borne_fen',
  'in_scope_fen',
  'in_scope_self_pay_fen',
  'deposit_waived_fen',
] as const;

/** The current settlements of an insured person-year in settlement order (discharge date, then claim). */
export function listCurrentOfPersonYear(db: Db, insured: InsuredRef, year: number) {
  return db
    .selectFrom('settlement')
    .select(personYearColumns)
    .where('county_code', '=', insured.countyCode)
    .where(insured.kind === 'person' ? 'person_id' : 'outsider_id', '=', insured.id)
    .where('year', '=', year)
    .where('status', '=', 'settled')
    .orderBy('discharge_date')
    .orderBy(sql`coalesce(claim_seq, id)`)
    .execute();
}

export type PersonYearRow = Awaited<ReturnType<typeof listCurrentOfPersonYear>>[number];

/** Latest discharge date among the current settlements of an insured person-year. */
export async function lastDischargeOf(db: Db, insured: InsuredRef, year: number): Promise<string | null> {
  const row = await db
    .selectFrom('settlement')
    .select((eb) => eb.fn.max('discharge_date').as('last'))
    .where('county_code', '=', insured.countyCode)
    .where(insured.kind === 'person' ? 'person_id' : 'outsider_id', '=', insured.id)
    .where('year', '=', year)
    .where('status', '=', 'settled')
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}

// ------------------------------------------------------------------ idempotency keys

export function findIdempotencyKey(db: Db, institutionCode: string, key: string) {
  return db
    .selectFrom('settlement_idempotency_key')
    .select(['county_code', 'settlement_id', 'request_hash'])
    .where('institution_code', '=', institutionCode)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function insertIdempotencyKey(
  db: Db,
  row: {
    countyCode: string;
    institutionCode: string;
    key: string;
    requestHash: string;
    settlementId: number;
  },
) {
  await db
    .insertInto('settlement_idempotency_key')
    .values({
      county_code: row.countyCode,
      institution_code: row.institutionCode,
      idempotency_key: row.key,
      request_hash: row.requestHash,
      settlement_id: row.settlementId,
    })
    .execute();
}

// ------------------------------------------------------------------ reversal entries

export function listReversalsOf(db: Db, countyCode: string, settlementIds: readonly number[]) {
  if (settlementIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('settlement_reversal')
    .select(['id', 'settlement_id', 'run_id', 'reason', 'total_fen', 'self_pay_fen', 'body', 'created_at'])
    .where('county_code', '=', countyCode)
    .where('settlement_id', 'in', [...settlementIds])
    .orderBy('id')
    .execute();
}

/** Every revision of a claim (oldest first). */
export function listRevisions(db: Db, countyCode: string, institutionCode: string, claimNo: string) {
  return db
    .selectFrom('settlement')
    .select([
      'id',
      'revision',
      'status',
      'total_fen',
      'self_pay_fen',
      'policy_set_id',
      'run_id',
      'source',
      'replaced_by_id',
      'reversed_reason',
      'created_at',
    ])
    .where('county_code', '=', countyCode)
    .where('institution_code', '=', institutionCode)
    .where('claim_no', '=', claimNo)
    .orderBy('revision')
    .execute();
}
