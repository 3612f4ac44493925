import { type Kysely, sql } from 'kysely';

/**
 * A per-enrolment follow-up summary for the overdue lists, maintained on write instead of scanning
 * `fu_visit` at read time: the latest visit date, the latest BP and glucose readings, and the risk
 * (domain `summariseFollowUps`: high risk and its reasons).
 *
 * Freshness is a version pair: triggers bump `summary_version` whenever a visit of the enrolment is
 * inserted, changed or deleted (whoever writes it: the service, the demo seed, a bulk load) or the
 * stroke/MI history changes; the summary was computed for `summary_of_version`. Rows where the two differ
 * are recomputed before a list is read (partial index `fu_enrolment_stale_idx`), and a computation
 * only lands if the version did not move meanwhile. The defaults make every existing row stale, so
 * existing data is summarised on first read.
 */
const UP = [
  `ALTER TABLE fu_enrolment
     ADD COLUMN last_visit_date date,
     ADD COLUMN last_systolic smallint,
     ADD COLUMN last_diastolic smallint,
     ADD COLUMN last_glucose_tenths smallint,
     ADD COLUMN is_high_risk boolean NOT NULL DEFAULT false,
     ADD COLUMN risk_reasons text[] NOT NULL DEFAULT '{}',
     ADD COLUMN summary_version integer NOT NULL DEFAULT 1,
     ADD COLUMN summary_of_version integer NOT NULL DEFAULT 0`,
  `CREATE INDEX fu_enrolment_stale_idx ON fu_enrolment (county_code, village_code)
     WHERE summary_version <> summary_of_version`,
  `CREATE FUNCTION fu_visit_touch_enrolment() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP <> 'INSERT' THEN
       UPDATE fu_enrolment SET summary_version = summary_version + 1
        WHERE county_code = OLD.county_code AND id = OLD.enrolment_id;
     END IF;
     IF TG_OP <> 'DELETE' THEN
       UPDATE fu_enrolment SET summary_version = summary_version + 1
        WHERE county_code = NEW.county_code AND id = NEW.enrolment_id;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER fu_visit_summary
     AFTER INSERT OR DELETE OR UPDATE OF enrolment_id, visit_date, systolic, diastolic, fasting_glucose_tenths
     ON fu_visit FOR EACH ROW EXECUTE FUNCTION fu_visit_touch_enrolment()`,
  `CREATE FUNCTION fu_enrolment_history_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.has_stroke_or_mi IS DISTINCT FROM OLD.has_stroke_or_mi THEN
       NEW.summary_version := OLD.summary_version + 1;
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER fu_enrolment_history
     BEFORE UPDATE OF has_stroke_or_mi ON fu_enrolment
     FOR EACH ROW EXECUTE FUNCTION fu_enrolment_history_changed()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP TRIGGER IF EXISTS fu_enrolment_history ON fu_enrolment',
    'DROP FUNCTION IF EXISTS fu_enrolment_history_changed()',
    'DROP TRIGGER IF EXISTS fu_visit_summary ON fu_visit',
    'DROP FUNCTION IF EXISTS fu_visit_touch_enrolment()',
    'DROP INDEX IF EXISTS fu_enrolment_stale_idx',
    `ALTER TABLE fu_enrolment
       DROP COLUMN last_visit_date, DROP COLUMN last_systolic, DROP COLUMN last_diastolic,
       DROP COLUMN last_glucose_tenths, DROP COLUMN is_high_risk, DROP COLUMN risk_reasons,
       DROP COLUMN summary_version, DROP COLUMN summary_of_version`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
