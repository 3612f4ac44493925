import type { FollowUpDisease } from '@healthaid/domain';
import { sql } from 'kysely';
import type { Db } from './chronic.repository.ts';
import { applyChronicScope, type ChronicScope } from './chronic-data-scope.ts';

export function findEnrolment(db: Db, countyCode: string, personId: number, disease: FollowUpDisease) {
  return db
    .selectFrom('fu_enrolment')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .where('disease', '=', disease)
    .executeTakeFirst();
}

export function findEnrolmentInScope(db: Db, scope: ChronicScope, id: number) {
  return applyChronicScope(db.selectFrom('fu_enrolment as e'), scope, 'e')
    .innerJoin('person as p', (j) =>
      j.onRef('p.county_code', '=', 'e.county_code').onRef('p.id', '=', 'e.person_id'),
    )
    .where('e.id', '=', id)
    .selectAll('e')
    .select('p.name as person_name')
    .executeTakeFirst();
}

export function enrolmentsInScope(
  db: Db,
  scope: ChronicScope,
  filter: { disease?: FollowUpDisease | undefined; q?: string | undefined },
) {
  let query = applyChronicScope(db.selectFrom('fu_enrolment as e'), scope, 'e').innerJoin(
    'person as p',
    (j) => j.onRef('p.county_code', '=', 'e.county_code').onRef('p.id', '=', 'e.person_id'),
  );
  if (filter.disease) {
    query = query.where('e.disease', '=', filter.disease);
  }
  if (filter.q) {
    query = query.where('p.name', 'like', `${filter.q}%`);
  }
  return query;
}

/** The latest visit of an enrolment on or before a date (for "two consecutive" rules). */
export function findPreviousVisit(db: Db, countyCode: string, enrolmentId: number, onOrBefore: string) {
  return db
    .selectFrom('fu_visit')
    .where('county_code', '=', countyCode)
    .where('enrolment_id', '=', enrolmentId)
    .where('visit_date', '<=', onOrBefore)
    .select(['id', 'visit_date', 'classification'])
    .orderBy('visit_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export function findLatestVisitDate(db: Db, countyCode: string, enrolmentId: number) {
  return db
    .selectFrom('fu_visit')
    .where('county_code', '=', countyCode)
    .where('enrolment_id', '=', enrolmentId)
    .select((eb) => eb.fn.max('visit_date').as('d'))
    .executeTakeFirst();
}

/**
 * Enrolments due on or before `asOf`, still managed, not hidden on `asOf`, of persons still living here:
 * one range scan of `fu_enrolment_due_idx` per village, with the follow-up summary (migration 1240), never
 * a scan of the visits.
 */
function dueEnrolments(db: Db, scope: ChronicScope, asOf: string) {
  return applyChronicScope(db.selectFrom('fu_enrolment as e'), scope, 'e')
    .innerJoin('person as p', (j) =>
      j.onRef('p.county_code', '=', 'e.county_code').onRef('p.id', '=', 'e.person_id'),
    )
    .where('e.managed_until', 'is', null)
    .where('e.next_due_date', '<=', asOf)
    .where((eb) => eb.or([eb('e.hidden_until', 'is', null), eb('e.hidden_until', '<=', asOf)]))
    .where('p.status', '=', 'normal');
}

/** High risk and overdue since `highRiskDueBy` or earlier (Simple: ≥30 days), as SQL. */
const isHighRiskOverdue = (highRiskDueBy: string) =>
  sql<boolean>`(e.is_high_risk AND e.next_due_date <= ${highRiskDueBy})`;

/**
 * One page of the overdue list in the domain's order (`rankOverdue`): high risk ≥30 days overdue first,
 * then most days overdue, then name (code-point order, `COLLATE "C"` on both engines), then enrolment;
 * those due on `asOf` itself come last, high risk first. `limit` null = the whole list (export, print).
 */
export function findDuePage(
  db: Db,
  scope: ChronicScope,
  options: { asOf: string; highRiskDueBy: string; limit: number | null; offset: number },
) {
  let query = dueEnrolments(db, scope, options.asOf)
    .select([
      'e.county_code',
      'e.id',
      'e.person_id',
      'e.village_code',
      'e.disease',
      'e.next_due_date',
      'e.unreachable_attempts',
      'e.last_call_outcome',
      'e.last_called_on',
      'e.last_visit_date',
      'e.last_systolic',
      'e.last_diastolic',
      'e.last_glucose_tenths',
      'e.is_high_risk',
      'e.risk_reasons',
      'p.name',
      'p.sex',
      'p.birth_date',
      'p.phone',
      isHighRiskOverdue(options.highRiskDueBy).as('is_high_risk_overdue'),
    ])
    .orderBy(isHighRiskOverdue(options.highRiskDueBy), 'desc')
    .orderBy('e.next_due_date')
    .orderBy(sql`(e.next_due_date = ${options.asOf} AND e.is_high_risk)`, 'desc')
    .orderBy(sql`p.name COLLATE "C"`)
    .orderBy('e.id');
  if (options.limit !== null) {
    query = query.limit(options.limit).offset(options.offset);
  }
  return query.execute();
}

/** How many are on the list, how many of them high risk ≥30 days overdue, how many due on `asOf`. */
export function countDue(db: Db, scope: ChronicScope, options: { asOf: string; highRiskDueBy: string }) {
  return dueEnrolments(db, scope, options.asOf)
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) FILTER (WHERE ${isHighRiskOverdue(options.highRiskDueBy)}))::int`.as('high_risk'),
      sql<number>`(count(*) FILTER (WHERE e.next_due_date = ${options.asOf}))::int`.as('due_today'),
    ])
    .executeTakeFirstOrThrow();
}

export function visitsInScope(
  db: Db,
  scope: ChronicScope,
  filter: { personId?: number | undefined; disease?: FollowUpDisease | undefined; q?: string | undefined },
) {
  let query = applyChronicScope(db.selectFrom('fu_visit as v'), scope, 'v').innerJoin('person as p', (j) =>
    j.onRef('p.county_code', '=', 'v.county_code').onRef('p.id', '=', 'v.person_id'),
  );
  if (filter.personId) {
    query = query.where('v.person_id', '=', filter.personId);
  }
  if (filter.disease) {
    query = query.where('v.disease', '=', filter.disease);
  }
  if (filter.q) {
    query = query.where('p.name', 'like', `${filter.q}%`);
  }
  return query;
}

export function checkupsInScope(
  db: Db,
  scope: ChronicScope,
  filter: { personId?: number | undefined; isAbnormalOnly?: boolean; q?: string | undefined },
) {
  let query = applyChronicScope(db.selectFrom('health_checkup as h'), scope, 'h').innerJoin(
    'person as p',
    (j) => j.onRef('p.county_code', '=', 'h.county_code').onRef('p.id', '=', 'h.person_id'),
  );
  if (filter.personId) {
    query = query.where('h.person_id', '=', filter.personId);
  }
  if (filter.isAbnormalOnly) {
    query = query.where('h.abnormal_flags', '<>', '[]');
  }
  if (filter.q) {
    query = query.where('p.name', 'like', `${filter.q}%`);
  }
  return query;
}
