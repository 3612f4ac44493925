import { type Kysely, sql } from 'kysely';

/**
 * 两筛两癌 (domain.md §8): yearly targets per township and programme, and one row per screening.
 *
 * `screening_record` is person-level (county_code leads its keys). A record is linked to the registry person
 * when the screened person is in it (`person_id`), and otherwise identified by ID number (or, for a newborn
 * without one, by the mother's ID number, birth date and name: `subject_key`). `village_code` is where the
 * person lives, the key of the data scope and of the regional figures. Of one subject's records in one
 * programme and year exactly one is counted toward completion (`is_counted`, kept by the service with the
 * domain rule countedRecordIds; the partial unique index refuses a second counted record). Records are never
 * deleted: a wrong record is voided with a reason.
 */
const PROGRAMMES = `('prenatal_serum','prenatal_ultrasound','newborn_metabolic','newborn_hearing','cervical','breast')`;

const UP = [
  `CREATE TABLE screening_target (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     programme text NOT NULL CHECK (programme IN ${PROGRAMMES}),
     year integer NOT NULL CHECK (year BETWEEN 2015 AND 2100),
     township_code char(12) NOT NULL REFERENCES region(code),
     basis text NOT NULL CHECK (basis IN ('task','live_births')),
     target_count integer NOT NULL CHECK (target_count >= 0),
     note text,
     updated_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, programme, year, township_code)
   )`,
  'CREATE INDEX screening_target_township_idx ON screening_target (township_code, year)',
  `CREATE TABLE screening_record (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     programme text NOT NULL CHECK (programme IN ${PROGRAMMES}),
     method text NOT NULL,
     person_id bigint,
     subject_key text NOT NULL,
     id_number text,
     name text NOT NULL,
     sex char(1) NOT NULL CHECK (sex IN ('M','F')),
     birth_date date NOT NULL,
     birth_time text,
     mother_name text,
     mother_id_number text,
     village_code char(12) NOT NULL REFERENCES region(code),
     priority_group text CHECK (priority_group IN ('low_income','rural')),
     screened_on date NOT NULL,
     screened_time text,
     screening_year integer NOT NULL,
     gestational_days integer,
     hours_of_life integer,
     age_years integer,
     result text NOT NULL CHECK (result IN ('normal','abnormal','follow_up')),
     result_detail text,
     institution text,
     is_counted boolean NOT NULL,
     is_voided boolean NOT NULL DEFAULT false,
     void_reason text,
     voided_at timestamptz,
     referral_status text NOT NULL
       CHECK (referral_status IN ('none','pending','referred','confirmed','excluded','lost')),
     referral_institution text,
     referred_on date,
     referral_diagnosis text,
     referral_closed_on date,
     referral_note text,
     created_by bigint REFERENCES app_user(id),
     created_by_name text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     CHECK (NOT (is_counted AND is_voided))
   )`,
  'CREATE INDEX screening_record_period_idx ON screening_record (county_code, programme, screened_on)',
  'CREATE INDEX screening_record_village_idx ON screening_record (county_code, village_code, screened_on)',
  'CREATE INDEX screening_record_person_idx ON screening_record (county_code, person_id)',
  'CREATE INDEX screening_record_subject_idx ON screening_record (county_code, subject_key, programme)',
  `CREATE UNIQUE INDEX screening_record_counted_uq
     ON screening_record (county_code, programme, subject_key, screening_year) WHERE is_counted`,
  `CREATE INDEX screening_record_open_referral_idx ON screening_record (county_code, referral_status)
     WHERE referral_status IN ('pending','referred') AND NOT is_voided`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['screening_record', 'screening_target']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
