import { type Kysely, sql } from 'kysely';

/**
 * 防止因病致贫返贫 monitoring and early warning.
 *
 * - ew_rule_set: versioned rule configuration of a region (domain ZWarningRules as JSON). Rows are never
 *   updated: a change is a new version; the set applying to a village on a date is chosen by the domain
 *   (most specific region, latest effective date, highest version). Not person-level: no county_code.
 * - ew_run: one evaluation of the rules over a region (on demand or by the nightly job) with its progress
 *   (`done_steps` of `total_steps`, one step per township) and counts.
 * - ew_warning: one warning per (county, dedupe_key): the key names the rule, the subject and the period of
 *   the condition, so re-running never raises the same warning twice. `disposed_on` is the date it became
 *   已处置 or 已排除 (read by 预警处置率).
 * - ew_warning_event: the handling history.
 * - ew_measure: assistance measures (帮扶措施) of a household or person, recorded when handling a warning;
 *   the "监测对象未落实帮扶措施" rule reads them.
 */
const UP = [
  `CREATE TABLE ew_rule_set (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     region_code char(12) NOT NULL REFERENCES region(code),
     version integer NOT NULL CHECK (version >= 1),
     name text NOT NULL,
     effective_from date NOT NULL,
     body jsonb NOT NULL,
     note text,
     created_by bigint REFERENCES app_user(id),
     created_by_name text,
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (region_code, version)
   )`,
  `CREATE TABLE ew_run (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     region_code char(12) NOT NULL REFERENCES region(code),
     as_of date NOT NULL,
     trigger text NOT NULL CHECK (trigger IN ('manual','schedule')),
     status text NOT NULL CHECK (status IN ('running','succeeded','failed')),
     total_steps integer NOT NULL DEFAULT 0,
     done_steps integer NOT NULL DEFAULT 0,
     counts jsonb NOT NULL DEFAULT '{}',
     skipped jsonb NOT NULL DEFAULT '[]',
     error text,
     started_by bigint REFERENCES app_user(id),
     started_by_name text,
     started_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz
   )`,
  'CREATE INDEX ew_run_region_idx ON ew_run (region_code, started_at)',
  `CREATE TABLE ew_warning (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     rule_code text NOT NULL CHECK (rule_code IN
       ('high_expense','low_income','monitored_no_measure','major_waiting')),
     dedupe_key text NOT NULL,
     subject_type text NOT NULL CHECK (subject_type IN ('person','household')),
     person_id bigint,
     household_id bigint,
     village_code char(12) NOT NULL REFERENCES region(code),
     period_key text NOT NULL,
     raised_on date NOT NULL,
     last_seen_on date NOT NULL,
     rule_set_id bigint REFERENCES ew_rule_set(id),
     run_id bigint REFERENCES ew_run(id),
     facts jsonb NOT NULL,
     message text NOT NULL,
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','handling','handled','excluded')),
     status_date date NOT NULL,
     disposed_on date,
     reason text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, dedupe_key),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id),
     CHECK (subject_type <> 'person' OR person_id IS NOT NULL),
     CHECK (subject_type <> 'household' OR household_id IS NOT NULL),
     CHECK ((status IN ('handled','excluded')) = (disposed_on IS NOT NULL))
   )`,
  'CREATE INDEX ew_warning_village_idx ON ew_warning (county_code, village_code, raised_on)',
  'CREATE INDEX ew_warning_status_idx ON ew_warning (county_code, status, raised_on)',
  'CREATE INDEX ew_warning_person_idx ON ew_warning (county_code, person_id) WHERE person_id IS NOT NULL',
  `CREATE INDEX ew_warning_household_idx ON ew_warning (county_code, household_id)
     WHERE household_id IS NOT NULL`,
  `CREATE TABLE ew_warning_event (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     warning_id bigint NOT NULL,
     kind text NOT NULL CHECK (kind IN ('raised','status','refreshed')),
     from_status text,
     to_status text,
     event_date date NOT NULL,
     note text,
     by_user bigint REFERENCES app_user(id),
     by_name text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, warning_id) REFERENCES ew_warning (county_code, id)
   )`,
  'CREATE INDEX ew_warning_event_warning_idx ON ew_warning_event (county_code, warning_id, id)',
  `CREATE TABLE ew_measure (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     household_id bigint,
     person_id bigint,
     village_code char(12) NOT NULL REFERENCES region(code),
     warning_id bigint,
     measure text NOT NULL CHECK (measure IN ('include_monitoring','medical_assistance',
       'temporary_assistance','critical_illness_tilt','major_disease_treatment','family_doctor','other')),
     measure_date date NOT NULL,
     amount_fen bigint CHECK (amount_fen >= 0),
     note text,
     by_user bigint REFERENCES app_user(id),
     by_name text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     FOREIGN KEY (county_code, warning_id) REFERENCES ew_warning (county_code, id),
     CHECK (household_id IS NOT NULL OR person_id IS NOT NULL)
   )`,
  'CREATE INDEX ew_measure_household_idx ON ew_measure (county_code, household_id, measure_date)',
  'CREATE INDEX ew_measure_warning_idx ON ew_measure (county_code, warning_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ew_measure', 'ew_warning_event', 'ew_warning', 'ew_run', 'ew_rule_set']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
