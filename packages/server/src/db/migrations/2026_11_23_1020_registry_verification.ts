import { type Kysely, sql } from 'kysely';

/**
 * Door-to-door verification (入户核实): one task per person to check at home, assigned to a township or
 * village (region code) and optionally to one user. Completing a task records the outcome and the
 * corrections applied (their history lives in change_log with reason_type 'verification').
 */
const UP = [
  `CREATE TABLE verification_task (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     person_id bigint NOT NULL,
     village_code char(12) NOT NULL REFERENCES region(code),
     assigned_region_code char(12) NOT NULL REFERENCES region(code),
     assigned_user_id bigint REFERENCES app_user(id),
     source text NOT NULL CHECK (source IN ('flag','manual','comparison')),
     reason text NOT NULL,
     source_ref text,
     status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','completed','cancelled')),
     outcome text CHECK (outcome IN ('confirmed','corrected','dead','moved_out','not_found')),
     corrections jsonb,
     note text,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     completed_by bigint REFERENCES app_user(id),
     completed_at timestamptz,
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id)
   )`,
  'CREATE INDEX verification_task_village_idx ON verification_task (county_code, village_code, status)',
  'CREATE INDEX verification_task_person_idx ON verification_task (county_code, person_id)',
  `CREATE UNIQUE INDEX verification_task_one_open_idx ON verification_task (county_code, person_id)
     WHERE status = 'open'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS verification_task CASCADE').execute(db);
}
