import { summariseFollowUps } from '@healthaid/domain';
import { sql } from 'kysely';
import type { Db } from './chronic.repository.ts';
import { applyChronicScope, type ChronicScope } from './chronic-data-scope.ts';

/**
 * Keeps the per-enrolment follow-up summary of migration 1240 (latest visit, latest readings, risk) fresh.
 * Triggers bump `summary_version` on every visit write; `refreshSummaries` recomputes the rows whose
 * summary is older, with the domain's `summariseFollowUps`, and writes a result only if the version did
 * not move meanwhile (a concurrent visit leaves the row stale for the next read, never wrong).
 */

const BATCH = 1000;

type Target = { county_code: string; id: number; has_stroke_or_mi: boolean; summary_version: number };

async function summariseBatch(db: Db, targets: readonly Target[]): Promise<void> {
  if (targets.length === 0) {
    return;
  }
  const counties = [...new Set(targets.map((t) => t.county_code))];
  const visits = await db
    .selectFrom('fu_visit')
    .where('county_code', 'in', counties)
    .where(
      'enrolment_id',
      'in',
      targets.map((t) => t.id),
    )
    .select(['county_code', 'enrolment_id', 'visit_date', 'systolic', 'diastolic', 'fasting_glucose_tenths'])
    .orderBy('enrolment_id')
    .orderBy('visit_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const byEnrolment = new Map<string, typeof visits>();
  for (const v of visits) {
    const key = `${v.county_code}|${v.enrolment_id}`;
    const list = byEnrolment.get(key) ?? [];
    list.push(v);
    byEnrolment.set(key, list);
  }
  const rows = targets.map((t) => {
    const own = (byEnrolment.get(`${t.county_code}|${t.id}`) ?? []).map((v) => ({
      visitDate: v.visit_date,
      systolic: v.systolic,
      diastolic: v.diastolic,
      fastingGlucoseTenths: v.fasting_glucose_tenths,
    }));
    const summary = summariseFollowUps(own, { hasStrokeOrHeartAttack: t.has_stroke_or_mi });
    return sql`(${t.county_code}::char(6), ${t.id}::bigint, ${t.summary_version}::integer,
      ${summary.lastVisitDate}::date, ${summary.lastBp?.systolic ?? null}::smallint,
      ${summary.lastBp?.diastolic ?? null}::smallint, ${summary.lastGlucoseTenths}::smallint,
      ${summary.risk.isHighRisk}::boolean, ${summary.risk.reasons.join(',')}::text)`;
  });
  await sql`
    UPDATE fu_enrolment e SET
      last_visit_date = v.last_visit_date,
      last_systolic = v.last_systolic,
      last_diastolic = v.last_diastolic,
      last_glucose_tenths = v.last_glucose_tenths,
      is_high_risk = v.is_high_risk,
      risk_reasons = COALESCE(string_to_array(NULLIF(v.reasons, ''), ','), '{}'),
      summary_of_version = v.version
    FROM (VALUES ${sql.join(rows)}) AS v(county_code, id, version, last_visit_date, last_systolic,
      last_diastolic, last_glucose_tenths, is_high_risk, reasons)
    WHERE e.county_code = v.county_code AND e.id = v.id AND e.summary_version = v.version`.execute(db);
}

/** Recomputes the stale summaries inside a scope; returns how many were recomputed. */
export async function refreshSummariesInScope(db: Db, scope: ChronicScope): Promise<number> {
  let total = 0;
  for (;;) {
    const stale = await applyChronicScope(db.selectFrom('fu_enrolment as e'), scope, 'e')
      .whereRef('e.summary_version', '<>', 'e.summary_of_version')
      .select(['e.county_code', 'e.id', 'e.has_stroke_or_mi', 'e.summary_version'])
      .orderBy('e.id')
      .limit(BATCH)
      .execute();
    await summariseBatch(db, stale);
    total += stale.length;
    if (stale.length < BATCH) {
      return total;
    }
  }
}

/** Recomputes one enrolment's summary (inside the transaction that wrote its visit). */
export async function refreshSummaryOf(db: Db, countyCode: string, enrolmentId: number): Promise<void> {
  const target = await db
    .selectFrom('fu_enrolment')
    .where('county_code', '=', countyCode)
    .where('id', '=', enrolmentId)
    .select(['county_code', 'id', 'has_stroke_or_mi', 'summary_version'])
    .executeTakeFirst();
  await summariseBatch(db, target ? [target] : []);
}
