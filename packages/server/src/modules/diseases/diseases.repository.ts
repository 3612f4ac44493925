import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';
import { containsPattern, regionNameOf, townshipNameOf } from '../shared/sql-fragments.ts';
import type { TCaseFilter, TDiagnosisFilter } from './diseases.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** A person inside the scope, or undefined (outside the scope looks exactly like missing). */
export function findPersonInScope(db: Db, scope: DataScope, id: number) {
  return applyDataScope(db.selectFrom('person as p'), scope, 'p')
    .select(['p.county_code', 'p.id', 'p.name', 'p.birth_date', 'p.village_code', 'p.id_number', 'p.status'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}
export type PersonInScope = NonNullable<Awaited<ReturnType<typeof findPersonInScope>>>;

/** Every diagnosis of one person, oldest first (the classification keeps this order). */
export function listPersonDiagnosisRows(db: Db, countyCode: string, personId: number) {
  return db
    .selectFrom('diagnosis')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .orderBy('diagnosed_on')
    .orderBy('id')
    .execute();
}
export type DiagnosisRow = Awaited<ReturnType<typeof listPersonDiagnosisRows>>[number];

/** Diagnoses joined with their person and region names; the scope applies to the person. */
function diagnosisBase(db: Db, scope: DataScope) {
  let query = applyDataScope(
    db
      .selectFrom('diagnosis as d')
      .innerJoin('person as p', (j) =>
        j.onRef('p.county_code', '=', 'd.county_code').onRef('p.id', '=', 'd.person_id'),
      ),
    scope,
    'p',
  );
  if (scope.countyCode) {
    query = query.where('d.county_code', '=', scope.countyCode);
  }
  return query;
}

const DIAGNOSIS_COLUMNS = [
  'd.county_code',
  'd.id',
  'd.person_id',
  'd.icd_code',
  'd.name',
  'd.is_uncoded',
  'd.institution',
  'd.diagnosed_on',
  'd.source',
  'd.registered_on',
  'd.verification_status',
  'd.status_date',
  'd.status_by',
  'd.verified_by',
  'd.reason',
  'd.disease_line',
  'd.person_disease_key',
  'd.item_code',
  'd.item_name',
  'd.classification_reason',
  'p.name as person_name',
  'p.id_number',
  'p.village_code',
] as const;

const villageName = regionNameOf('p.village_code');
const townshipName = townshipNameOf('p.village_code');

export function findDiagnosisInScope(db: Db, scope: DataScope, id: number) {
  return diagnosisBase(db, scope)
    .select(DIAGNOSIS_COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .where('d.id', '=', id)
    .executeTakeFirst();
}
export type DiagnosisListRow = NonNullable<Awaited<ReturnType<typeof findDiagnosisInScope>>>;

type DiagnosisQuery = TDiagnosisFilter & { personId?: number };

function filteredDiagnoses(db: Db, scope: DataScope, filter: DiagnosisQuery) {
  let query = diagnosisBase(db, scope);
  if (filter.personId !== undefined) {
    query = query.where('d.person_id', '=', filter.personId);
  }
  if (filter.status) {
    query = query.where('d.verification_status', '=', filter.status);
  }
  if (filter.line) {
    query = query.where('d.disease_line', '=', filter.line);
  }
  if (filter.itemCode) {
    query = query.where('d.item_code', '=', filter.itemCode);
  }
  if (filter.uncoded !== undefined) {
    query = query.where('d.is_uncoded', '=', filter.uncoded);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([eb('p.name', 'like', like), eb('d.name', 'like', like), eb('d.icd_code', 'ilike', like)]),
    );
  }
  return query;
}

/** How many diagnoses match (the `total` of `listDiagnoses`), in one COUNT query. */
export async function countDiagnoses(db: Db, scope: DataScope, filter: DiagnosisQuery): Promise<number> {
  const row = await filteredDiagnoses(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listDiagnoses(
  db: Db,
  scope: DataScope,
  filter: DiagnosisQuery,
  page: { limit: number; offset: number },
) {
  const total = await filteredDiagnoses(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredDiagnoses(db, scope, filter)
    .select(DIAGNOSIS_COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .orderBy('d.registered_on', 'desc')
    .orderBy('d.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.n), rows };
}

/** 核准 counts per group of the village code (first `groupLength` digits), registered in [from, to]. */
export async function countVerificationBy(
  db: Db,
  scope: DataScope,
  groupLength: number,
  period: { from: string; to: string },
) {
  const { rows } = await sql<{ group_key: string; pending: number; verified: number; rejected: number }>`
    SELECT substr(p.village_code, 1, ${groupLength}) AS group_key,
      sum(CASE WHEN d.verification_status = 'pending' THEN 1 ELSE 0 END)::int AS pending,
      sum(CASE WHEN d.verification_status = 'verified' THEN 1 ELSE 0 END)::int AS verified,
      sum(CASE WHEN d.verification_status = 'rejected' THEN 1 ELSE 0 END)::int AS rejected
    FROM diagnosis d JOIN person p ON p.county_code = d.county_code AND p.id = d.person_id
    WHERE p.village_code LIKE ${`${scope.villagePrefix}%`}
      ${scope.countyCode ? sql`AND d.county_code = ${scope.countyCode}` : sql``}
      AND d.registered_on BETWEEN ${period.from} AND ${period.to}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows;
}

// ------------------------------------------------------------------ treatment ledger

function caseBase(db: Db, scope: DataScope) {
  let query = applyDataScope(
    db
      .selectFrom('treatment_case as c')
      .innerJoin('person as p', (j) =>
        j.onRef('p.county_code', '=', 'c.county_code').onRef('p.id', '=', 'c.person_id'),
      ),
    scope,
    'p',
  );
  if (scope.countyCode) {
    query = query.where('c.county_code', '=', scope.countyCode);
  }
  return query;
}

const CASE_COLUMNS = [
  'c.county_code',
  'c.id',
  'c.person_id',
  'c.person_disease_key',
  'c.item_code',
  'c.item_name',
  'c.opened_on',
  'c.status',
  'c.status_date',
  'c.reason',
  'c.outcome',
  'c.details',
  'p.name as person_name',
  'p.id_number',
  'p.village_code',
] as const;

export function findCaseInScope(db: Db, scope: DataScope, id: number) {
  return caseBase(db, scope)
    .select(CASE_COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
export type CaseListRow = NonNullable<Awaited<ReturnType<typeof findCaseInScope>>>;

function filteredCases(db: Db, scope: DataScope, filter: TCaseFilter) {
  let query = caseBase(db, scope);
  if (filter.personId !== undefined) {
    query = query.where('c.person_id', '=', filter.personId);
  }
  if (filter.status) {
    query = query.where('c.status', '=', filter.status);
  }
  if (filter.itemCode) {
    query = query.where('c.item_code', '=', filter.itemCode);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('p.name', 'like', like), eb('c.item_name', 'like', like)]));
  }
  return query;
}

export async function listCases(
  db: Db,
  scope: DataScope,
  filter: TCaseFilter,
  page: { limit: number; offset: number },
) {
  const total = await filteredCases(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredCases(db, scope, filter)
    .select(CASE_COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .orderBy('c.opened_on')
    .orderBy('c.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.n), rows };
}

export function listCaseEvents(db: Db, countyCodes: readonly string[], caseIds: readonly number[]) {
  if (caseIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('treatment_case_event')
    .select(['county_code', 'case_id', 'status', 'event_date', 'reason', 'outcome', 'created_by_name'])
    .where('county_code', 'in', [...new Set(countyCodes)])
    .where('case_id', 'in', [...caseIds])
    .orderBy('event_date')
    .orderBy('id')
    .execute();
}
export type CaseEventRow = Awaited<ReturnType<typeof listCaseEvents>>[number];

export function findCaseByDisease(db: Db, countyCode: string, personId: number, key: string) {
  return db
    .selectFrom('treatment_case')
    .select(['id'])
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .where('person_disease_key', '=', key)
    .executeTakeFirst();
}

export function listCasesOfPerson(db: Db, countyCode: string, personId: number) {
  return db
    .selectFrom('treatment_case')
    .select(['id', 'person_disease_key'])
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .execute();
}

/** Ledger status counts per group of the village code (first `groupLength` digits) and disease. */
export async function countCasesBy(db: Db, scope: DataScope, groupLength: number) {
  const { rows } = await sql<{
    group_key: string;
    item_code: string | null;
    item_name: string | null;
    status: string;
    n: number;
  }>`
    SELECT substr(p.village_code, 1, ${groupLength}) AS group_key, c.item_code, max(c.item_name) AS item_name,
      c.status, count(*)::int AS n
    FROM treatment_case c JOIN person p ON p.county_code = c.county_code AND p.id = c.person_id
    WHERE p.village_code LIKE ${`${scope.villagePrefix}%`}
      ${scope.countyCode ? sql`AND c.county_code = ${scope.countyCode}` : sql``}
    GROUP BY 1, 2, 4 ORDER BY 1, 2, 4`.execute(db);
  return rows;
}

export function findChildRegions(db: Db, parentCode: string) {
  return db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('parent_code', '=', parentCode)
    .orderBy('code')
    .execute();
}

// ------------------------------------------------------------------ who is ill with what

export type IllPersonFilter = {
  householdId?: number | undefined;
  line?: string | undefined;
  q?: string | undefined;
};

function illPersons(db: Db, scope: DataScope, filter: IllPersonFilter) {
  let query = applyDataScope(
    db
      .selectFrom('person as p')
      .leftJoin('household as h', (j) =>
        j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'),
      ),
    scope,
    'p',
  ).where((eb) =>
    eb.exists(
      eb
        .selectFrom('diagnosis as d')
        .select(sql`1`.as('one'))
        .whereRef('d.county_code', '=', 'p.county_code')
        .whereRef('d.person_id', '=', 'p.id')
        .where('d.verification_status', 'in', ['verified', 'pending'])
        .$if(filter.line !== undefined, (q) => q.where('d.disease_line', '=', filter.line ?? '')),
    ),
  );
  if (filter.householdId !== undefined) {
    query = query.where('p.household_id', '=', filter.householdId);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('p.name', 'like', like), eb('h.household_no', 'like', like)]));
  }
  return query;
}

/** Persons in scope with a verified or pending diagnosis, by village and household. */
export async function listIllPersons(
  db: Db,
  scope: DataScope,
  filter: IllPersonFilter,
  page: { limit: number; offset: number },
) {
  const total = await illPersons(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await illPersons(db, scope, filter)
    .select([
      'p.county_code',
      'p.id',
      'p.name',
      'p.sex',
      'p.birth_date',
      'p.village_code',
      'p.household_id',
      'h.household_no',
      villageName.as('village_name'),
      townshipName.as('township_name'),
    ])
    .orderBy('p.village_code')
    .orderBy('h.household_no')
    .orderBy('p.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.n), rows };
}

/** Verified and pending diagnoses of the given persons of one county, with the ledger status of their disease. */
export function listDiseasesOfPersons(db: Db, countyCode: string, personIds: readonly number[]) {
  if (personIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('diagnosis as d')
    .leftJoin('treatment_case as c', (j) =>
      j
        .onRef('c.county_code', '=', 'd.county_code')
        .onRef('c.person_id', '=', 'd.person_id')
        .onRef('c.person_disease_key', '=', 'd.person_disease_key'),
    )
    .select([
      'd.person_id',
      'd.id',
      'd.icd_code',
      'd.name',
      'd.diagnosed_on',
      'd.verification_status',
      'd.disease_line',
      'd.item_name',
      'd.person_disease_key',
      'c.id as case_id',
      'c.status as case_status',
    ])
    .where('d.county_code', '=', countyCode)
    .where('d.person_id', 'in', [...personIds])
    .where('d.verification_status', 'in', ['verified', 'pending'])
    .orderBy('d.person_id')
    .orderBy('d.diagnosed_on')
    .execute();
}
