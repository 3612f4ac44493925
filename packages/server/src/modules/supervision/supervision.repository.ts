import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type DataScope, villagePattern } from '../auth/data-scope.ts';
import { containsPattern, regionNameOf, townshipNameOf } from '../shared/sql-fragments.ts';
import type { TProblemFilter } from './supervision.schema.ts';

/**
 * Queries of the supervision module. Problems are scoped by their `region_code` (a township or village):
 * `region_code LIKE prefix%` plus the county code when the caller works at county level or below. Rounds are
 * the bureau's own records: a county (or higher) caller sees the rounds of the counties in scope, a township
 * caller the rounds that inspected something in the township.
 */

type Db = Kysely<DB> | Transaction<DB>;

// ------------------------------------------------------------------ rounds

function roundsInScope(db: Db, scope: DataScope) {
  let query = db.selectFrom('sv_round as r');
  if (scope.countyCode) {
    query = query.where('r.county_code', '=', scope.countyCode);
  } else {
    query = query.where('r.county_code', 'like', villagePattern(scope));
  }
  if (scope.villagePrefix.length > 6) {
    query = query.where(
      sql<boolean>`EXISTS (SELECT 1 FROM unnest(r.region_codes) AS rc(code) WHERE rc.code LIKE ${villagePattern(scope)})`,
    );
  }
  return query;
}

export function listRounds(db: Db, scope: DataScope, year: number | undefined) {
  let query = roundsInScope(db, scope).selectAll('r');
  if (year !== undefined) {
    query = query.where('r.year', '=', year);
  }
  return query.orderBy('r.start_date', 'desc').orderBy('r.id', 'desc').limit(500).execute();
}
export type RoundRow = Awaited<ReturnType<typeof listRounds>>[number];

export function findRoundInScope(db: Db, scope: DataScope, id: number) {
  return roundsInScope(db, scope).selectAll('r').where('r.id', '=', id).executeTakeFirst();
}

/** Problem counts per round (all problems of the round, whatever the caller's scope within the county). */
export async function countProblemsByRound(
  db: Db,
  countyCodes: readonly string[],
  roundIds: readonly number[],
  today: string,
) {
  if (roundIds.length === 0) {
    return new Map<string, { total: number; closed: number; overdue: number }>();
  }
  const rows = await db
    .selectFrom('sv_problem')
    .select([
      'county_code',
      'round_id',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE status = 'closed')::int`.as('closed'),
      sql<number>`count(*) FILTER (WHERE status <> 'closed' AND deadline < ${today})::int`.as('overdue'),
    ])
    .where('county_code', 'in', [...new Set(countyCodes)])
    .where('round_id', 'in', [...roundIds])
    .groupBy(['county_code', 'round_id'])
    .execute();
  return new Map(rows.map((r) => [`${r.county_code}:${r.round_id}`, r]));
}

// ------------------------------------------------------------------ problems

function problemsInScope(db: Db, scope: DataScope) {
  let query = db.selectFrom('sv_problem as sp').where('sp.region_code', 'like', villagePattern(scope));
  if (scope.countyCode) {
    query = query.where('sp.county_code', '=', scope.countyCode);
  }
  return query;
}

const regionName = regionNameOf('sp.region_code');
const townshipName = townshipNameOf('sp.region_code');
const roundName = sql<string | null>`(SELECT r.name FROM sv_round r
  WHERE r.county_code = sp.county_code AND r.id = sp.round_id)`;
const householdNo = sql<string | null>`(SELECT h.household_no FROM household h
  WHERE h.county_code = sp.county_code AND h.id = sp.household_id)`;
const personName = sql<string | null>`(SELECT p.name FROM person p
  WHERE p.county_code = sp.county_code AND p.id = sp.person_id)`;

function withNames<Q extends ReturnType<typeof problemsInScope>>(query: Q) {
  return query
    .selectAll('sp')
    .select([
      regionName.as('region_name'),
      townshipName.as('township_name'),
      roundName.as('round_name'),
      householdNo.as('household_no'),
      personName.as('person_name'),
    ]);
}

function filtered(db: Db, scope: DataScope, filter: TProblemFilter, today: string) {
  let query = problemsInScope(db, scope);
  if (filter.roundId !== undefined) {
    query = query.where('sp.round_id', '=', filter.roundId);
  }
  if (filter.status) {
    query = query.where('sp.status', '=', filter.status);
  }
  if (filter.open !== undefined) {
    query = query.where('sp.status', filter.open ? '<>' : '=', 'closed');
  }
  if (filter.overdue) {
    query = query.where('sp.status', '<>', 'closed').where('sp.deadline', '<', today);
  }
  if (filter.category) {
    query = query.where('sp.category', '=', filter.category);
  }
  if (filter.severity) {
    query = query.where('sp.severity', '=', filter.severity);
  }
  if (filter.from) {
    query = query.where('sp.found_on', '>=', filter.from);
  }
  if (filter.to) {
    query = query.where('sp.found_on', '<=', filter.to);
  }
  if (filter.personId !== undefined) {
    query = query.where('sp.person_id', '=', filter.personId);
  }
  if (filter.householdId !== undefined) {
    query = query.where('sp.household_id', '=', filter.householdId);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb('sp.problem_no', 'ilike', like),
        eb('sp.description', 'like', like),
        eb('sp.responsible_unit', 'like', like),
      ]),
    );
  }
  return query;
}

/**
 * Problems not closed (the `total` of `listProblems` with `open`) and, of them, those past their deadline
 * (the `total` with `overdue`), in one COUNT query.
 */
export async function countOpenProblems(db: Db, scope: DataScope, today: string) {
  const row = await filtered(db, scope, { open: true }, today)
    .select([
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) FILTER (WHERE sp.deadline < ${today}))::int`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue) };
}

export async function listProblems(
  db: Db,
  scope: DataScope,
  filter: TProblemFilter,
  page: { limit: number; offset: number },
  today: string,
) {
  const total = await filtered(db, scope, filter, today)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const rows = await withNames(filtered(db, scope, filter, today))
    .orderBy(sql`CASE WHEN sp.status = 'closed' THEN 1 ELSE 0 END`)
    .orderBy('sp.deadline')
    .orderBy('sp.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: total.n, rows };
}
export type ProblemRow = Awaited<ReturnType<typeof listProblems>>['rows'][number];

export function findProblemInScope(db: Db, scope: DataScope, id: number) {
  return withNames(problemsInScope(db, scope)).where('sp.id', '=', id).executeTakeFirst();
}

export function listProblemEvents(db: Db, countyCode: string, problemId: number) {
  return db
    .selectFrom('sv_problem_event')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('problem_id', '=', problemId)
    .orderBy('id')
    .execute();
}

/** Next serial of a county's problem numbers in a year; call under the county's advisory lock. */
export async function nextProblemSerial(trx: Transaction<DB>, countyCode: string, year: number) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`sv-problem-no:${countyCode}`}))`.execute(trx);
  const row = await trx
    .selectFrom('sv_problem')
    .select(sql<number | null>`max(split_part(problem_no, '-', 2)::int)`.as('serial'))
    .where('county_code', '=', countyCode)
    .where('problem_no', 'like', `DC${year}-%`)
    .executeTakeFirst();
  return (row?.serial ?? 0) + 1;
}

/** Found date, closing date, deadline, region and category of every problem in scope found by `to`. */
export function listProblemFacts(db: Db, scope: DataScope, to: string) {
  return problemsInScope(db, scope)
    .select(['sp.region_code', 'sp.category', 'sp.found_on', 'sp.closed_on', 'sp.deadline'])
    .where('sp.found_on', '<=', to)
    .execute();
}

/** A household or person inside the scope (its village), or undefined. */
export function findHouseholdInScope(db: Db, scope: DataScope, id: number) {
  let query = db
    .selectFrom('household')
    .select(['county_code', 'id', 'village_code', 'household_no', 'head_name'])
    .where('id', '=', id)
    .where('village_code', 'like', villagePattern(scope));
  if (scope.countyCode) {
    query = query.where('county_code', '=', scope.countyCode);
  }
  return query.executeTakeFirst();
}

export function findPersonInScope(db: Db, scope: DataScope, id: number) {
  let query = db
    .selectFrom('person')
    .select(['county_code', 'id', 'village_code', 'household_id', 'name'])
    .where('id', '=', id)
    .where('village_code', 'like', villagePattern(scope));
  if (scope.countyCode) {
    query = query.where('county_code', '=', scope.countyCode);
  }
  return query.executeTakeFirst();
}
