import { type Kysely, sql } from 'kysely';

/**
 * Referrals (转诊) of a patient between medical institutions, with their status history. Person-level:
 * keys lead with `county_code` (the patient's county); institutions are referenced by code (a reference
 * table, like `region`).
 */
const UP = [
  `CREATE TABLE referral (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     person_id bigint NOT NULL,
     from_institution text NOT NULL REFERENCES medical_institution(code),
     to_institution text NOT NULL REFERENCES medical_institution(code),
     direction text NOT NULL CHECK (direction IN ('up','down','lateral')),
     reason text NOT NULL,
     diagnosis_id bigint,
     referred_on date NOT NULL,
     status text NOT NULL CHECK (status IN ('pending','accepted','completed','rejected','cancelled')),
     status_date date NOT NULL,
     note text,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     FOREIGN KEY (county_code, diagnosis_id) REFERENCES diagnosis (county_code, id),
     CHECK (from_institution <> to_institution)
   )`,
  'CREATE INDEX referral_person_idx ON referral (county_code, person_id)',
  'CREATE INDEX referral_status_idx ON referral (county_code, status, referred_on)',
  `CREATE TABLE referral_event (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     referral_id bigint NOT NULL,
     status text NOT NULL,
     event_date date NOT NULL,
     note text,
     created_by bigint REFERENCES app_user(id),
     created_by_name text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, referral_id) REFERENCES referral (county_code, id)
   )`,
  'CREATE INDEX referral_event_referral_idx ON referral_event (county_code, referral_id, id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['referral_event', 'referral']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
