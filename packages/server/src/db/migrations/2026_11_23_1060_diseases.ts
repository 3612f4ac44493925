import { type Kysely, sql } from 'kysely';

/**
 * Diagnoses with their verification (核准患病) and the major-disease treatment ledger (救治台账).
 * Person-level tables lead their primary key and foreign keys with `county_code`. The data scope is applied
 * by joining `person` (its village code is the one place a person's village is kept).
 *
 * `diagnosis.disease_line` … `classification_reason` hold the person's classification into the 三个一批
 * (domain classifyPersonDiseases), recomputed for the whole person on every diagnosis write, so lists,
 * filters and indicators read it in SQL.
 */
const UP = [
  `CREATE TABLE diagnosis (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     person_id bigint NOT NULL,
     icd_code text,
     name text NOT NULL,
     is_uncoded boolean NOT NULL,
     institution text,
     diagnosed_on date NOT NULL,
     source text NOT NULL CHECK (source IN
       ('health_check','clinic_visit','home_visit','import','insurance_settlement')),
     registered_on date NOT NULL,
     verification_status text NOT NULL DEFAULT 'pending'
       CHECK (verification_status IN ('pending','verified','rejected')),
     status_date date NOT NULL,
     status_by text NOT NULL,
     verified_by bigint REFERENCES app_user(id),
     verified_at timestamptz,
     reason text,
     disease_line text CHECK (disease_line IN
       ('major_treatment','severe_safety_net','chronic_contract','none')),
     person_disease_key text,
     item_code text,
     item_name text,
     classification_reason text,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id)
   )`,
  'CREATE INDEX diagnosis_person_idx ON diagnosis (county_code, person_id)',
  'CREATE INDEX diagnosis_status_idx ON diagnosis (county_code, verification_status, registered_on)',
  'CREATE INDEX diagnosis_line_idx ON diagnosis (county_code, disease_line, item_code)',
  `CREATE TABLE treatment_case (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     person_id bigint NOT NULL,
     person_disease_key text NOT NULL,
     item_code text,
     item_name text,
     first_diagnosis_id bigint,
     opened_on date NOT NULL,
     status text NOT NULL CHECK (status IN
       ('waiting','treating','treated','not_ready','abandoned','dead','moved_out')),
     status_date date NOT NULL,
     reason text,
     outcome text CHECK (outcome IN ('cured','improved','not_improved')),
     details jsonb NOT NULL DEFAULT '{}',
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, person_id, person_disease_key),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     FOREIGN KEY (county_code, first_diagnosis_id) REFERENCES diagnosis (county_code, id)
   )`,
  'CREATE INDEX treatment_case_status_idx ON treatment_case (county_code, status, item_code)',
  `CREATE TABLE treatment_case_event (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     case_id bigint NOT NULL,
     status text NOT NULL,
     event_date date NOT NULL,
     reason text,
     outcome text,
     details jsonb,
     created_by bigint REFERENCES app_user(id),
     created_by_name text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, case_id) REFERENCES treatment_case (county_code, id)
   )`,
  'CREATE INDEX treatment_case_event_case_idx ON treatment_case_event (county_code, case_id, event_date, id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['treatment_case_event', 'treatment_case', 'diagnosis']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
