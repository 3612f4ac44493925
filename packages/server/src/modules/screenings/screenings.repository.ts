import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';
import { containsPattern, regionNameOf, townshipNameOf } from '../shared/sql-fragments.ts';
import type { TScreeningFilter } from './screenings.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The registry person holding an ID number (global lookup), or undefined. */
export function findPersonKeyByIdNumber(db: Db, idNumber: string) {
  return db
    .selectFrom('person_id_index')
    .select(['county_code', 'person_id'])
    .where('id_number', '=', idNumber)
    .executeTakeFirst();
}

/** A person inside the scope with the categories valid on a date, or undefined. */
export async function findPersonInScope(
  db: Db,
  scope: DataScope,
  countyCode: string,
  id: number,
  on: string,
) {
  const person = await applyDataScope(db.selectFrom('person as p'), scope, 'p')
    .select([
      'p.county_code',
      'p.id',
      'p.name',
      'p.sex',
      'p.birth_date',
      'p.village_code',
      'p.id_number',
      'p.status',
      'p.status_date',
      regionNameOf('p.village_code').as('village_name'),
    ])
    .where('p.county_code', '=', countyCode)
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!person) {
    return undefined;
  }
  const categories = await db
    .selectFrom('person_category')
    .select('category')
    .where('county_code', '=', countyCode)
    .where('person_id', '=', id)
    .where('valid_from', '<=', on)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', on)]))
    .execute();
  return { ...person, categories: categories.map((c) => c.category as string) };
}
export type ScreeningPerson = NonNullable<Awaited<ReturnType<typeof findPersonInScope>>>;

export function findVillage(db: Db, code: string) {
  return db
    .selectFrom('region')
    .select(['code', 'name', 'level'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Serialises writes for one subject and programme (counting flags are decided per subject). */
export async function lockSubject(trx: Transaction<DB>, countyCode: string, programme: string, key: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`screening:${countyCode}:${programme}:${key}`}))`.execute(
    trx,
  );
}

export function listSubjectRecords(trx: Db, countyCode: string, programme: string, subjectKey: string) {
  return trx
    .selectFrom('screening_record')
    .select(['id', 'screened_on', 'is_voided', 'is_counted'])
    .where('county_code', '=', countyCode)
    .where('programme', '=', programme)
    .where('subject_key', '=', subjectKey)
    .execute();
}

/** Sets `is_counted` to exactly the given ids (clearing first, so the partial unique index always holds). */
export async function applyCountedFlags(
  trx: Transaction<DB>,
  countyCode: string,
  rows: readonly { id: number; is_counted: boolean }[],
  counted: ReadonlySet<number>,
) {
  const off = rows.filter((r) => r.is_counted && !counted.has(r.id)).map((r) => r.id);
  const on = rows.filter((r) => !r.is_counted && counted.has(r.id)).map((r) => r.id);
  if (off.length > 0) {
    await trx
      .updateTable('screening_record')
      .set({ is_counted: false, updated_at: sql`now()` })
      .where('county_code', '=', countyCode)
      .where('id', 'in', off)
      .execute();
  }
  if (on.length > 0) {
    await trx
      .updateTable('screening_record')
      .set({ is_counted: true, updated_at: sql`now()` })
      .where('county_code', '=', countyCode)
      .where('id', 'in', on)
      .execute();
  }
}

const villageName = regionNameOf('s.village_code');
const townshipName = townshipNameOf('s.village_code');

function recordBase(db: Db, scope: DataScope) {
  return applyDataScope(db.selectFrom('screening_record as s'), scope, 's');
}

const COLUMNS = [
  's.county_code',
  's.id',
  's.programme',
  's.method',
  's.person_id',
  's.subject_key',
  's.id_number',
  's.name',
  's.sex',
  's.birth_date',
  's.birth_time',
  's.mother_name',
  's.mother_id_number',
  's.village_code',
  's.priority_group',
  's.screened_on',
  's.screened_time',
  's.gestational_days',
  's.hours_of_life',
  's.age_years',
  's.result',
  's.result_detail',
  's.institution',
  's.is_counted',
  's.is_voided',
  's.void_reason',
  's.referral_status',
  's.referral_institution',
  's.referred_on',
  's.referral_diagnosis',
  's.referral_closed_on',
  's.referral_note',
  's.created_by_name',
] as const;

export function findRecordInScope(db: Db, scope: DataScope, id: number) {
  return recordBase(db, scope)
    .select(COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type ScreeningRow = NonNullable<Awaited<ReturnType<typeof findRecordInScope>>>;

type RecordQuery = TScreeningFilter & { personId?: number; countyCode?: string };

function filtered(db: Db, scope: DataScope, filter: RecordQuery) {
  let query = recordBase(db, scope);
  if (filter.personId !== undefined && filter.countyCode) {
    query = query.where('s.county_code', '=', filter.countyCode).where('s.person_id', '=', filter.personId);
  }
  if (!filter.includeVoided) {
    query = query.where('s.is_voided', '=', false);
  }
  if (filter.programme) {
    query = query.where('s.programme', '=', filter.programme);
  }
  if (filter.from) {
    query = query.where('s.screened_on', '>=', filter.from);
  }
  if (filter.to) {
    query = query.where('s.screened_on', '<=', filter.to);
  }
  if (filter.result) {
    query = query.where('s.result', '=', filter.result);
  }
  if (filter.referral === 'open') {
    query = query.where('s.referral_status', 'in', ['pending', 'referred']);
  } else if (filter.referral) {
    query = query.where('s.referral_status', '=', filter.referral);
  }
  if (filter.priority) {
    query = query.where('s.priority_group', '=', filter.priority);
  }
  if (filter.inRegistry !== undefined) {
    query = query.where('s.person_id', filter.inRegistry ? 'is not' : 'is', null);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb('s.name', 'like', like),
        eb('s.id_number', '=', filter.q?.toUpperCase() ?? ''),
        eb('s.mother_name', 'like', like),
      ]),
    );
  }
  return query;
}

export async function listRecords(
  db: Db,
  scope: DataScope,
  filter: RecordQuery,
  page: { limit: number; offset: number },
) {
  const total = await filtered(db, scope, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(db, scope, filter)
    .select(COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .orderBy('s.screened_on', 'desc')
    .orderBy('s.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: total.n, rows };
}

/** Earlier screenings of an ID number within the scope (shown when entering a new one). */
export function listPreviousOf(db: Db, scope: DataScope, idNumber: string) {
  return recordBase(db, scope)
    .select(['s.programme', 's.screened_on', 's.result'])
    .where('s.id_number', '=', idNumber)
    .where('s.is_voided', '=', false)
    .orderBy('s.screened_on', 'desc')
    .limit(20)
    .execute();
}

/** Townships under a region prefix (the units targets are set for). */
export function listTownships(db: Db, prefix: string) {
  return db
    .selectFrom('region')
    .select(['code', 'name', 'county_code'])
    .where('level', '=', 'township')
    .where('code', 'like', `${prefix.slice(0, 9)}%`)
    .orderBy('code')
    .execute();
}

export function listTargets(db: Db, prefix: string, year: number) {
  return db
    .selectFrom('screening_target')
    .select(['township_code', 'programme', 'target_count', 'basis'])
    .where('township_code', 'like', `${prefix}%`)
    .where('year', '=', year)
    .execute();
}

/** Abnormal results and open referrals per group (counted records of the period). */
export async function countAbnormalBy(
  db: Db,
  q: { prefix: string; countyCode: string | null; from: string; to: string; groupLength: number },
) {
  const like = `${q.prefix}%`;
  const { rows } = await sql<{ group_key: string; programme: string; abnormal: number; open: number }>`
    SELECT substr(s.village_code, 1, ${q.groupLength}) AS group_key, s.programme,
      count(*) FILTER (WHERE s.result <> 'normal')::int AS abnormal,
      count(*) FILTER (WHERE s.referral_status IN ('pending', 'referred'))::int AS open
    FROM screening_record s
    WHERE ${q.countyCode ? sql`s.county_code = ${q.countyCode} AND ` : sql``}s.village_code LIKE ${like}
      AND NOT s.is_voided AND s.screened_on BETWEEN ${q.from} AND ${q.to}
    GROUP BY 1, 2`.execute(db);
  return rows;
}
