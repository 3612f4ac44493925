import { type Kysely, sql } from 'kysely';

/**
 * Supervision (督导检查) and the problem ledger (问题清单, 整改销号).
 *
 * - sv_round: one supervision round of a county's bureau (4 quarterly rounds a year, plus special ones),
 *   with its period, inspected townships/villages and inspectors. At most one quarterly round per quarter.
 * - sv_problem: one finding, located in a township or village (`region_code`, the scope column), optionally
 *   about a household or person; rectification status with the date of 已销号 (`closed_on`), which the
 *   问题整改率 indicator reads.
 * - sv_problem_event: who did what and when (created, each status change, evidence notes, edits).
 *
 * Problems may name a person, so every table leads its keys with `county_code` (distribution key).
 */
const UP = [
  `CREATE TABLE sv_round (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     kind text NOT NULL CHECK (kind IN ('quarterly','special')),
     year smallint NOT NULL,
     quarter smallint CHECK (quarter BETWEEN 1 AND 4),
     name text NOT NULL,
     start_date date NOT NULL,
     end_date date NOT NULL,
     region_codes text[] NOT NULL,
     inspectors text[] NOT NULL,
     leader text,
     summary text,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     CHECK (end_date >= start_date),
     CHECK ((kind = 'quarterly') = (quarter IS NOT NULL))
   )`,
  `CREATE UNIQUE INDEX sv_round_quarter_uq ON sv_round (county_code, year, quarter) WHERE kind = 'quarterly'`,
  'CREATE INDEX sv_round_start_idx ON sv_round (county_code, start_date)',
  `CREATE TABLE sv_problem (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     problem_no text NOT NULL,
     round_id bigint,
     source text NOT NULL CHECK (source IN ('round','superior','daily','complaint')),
     region_code char(12) NOT NULL REFERENCES region(code),
     household_id bigint,
     person_id bigint,
     category text NOT NULL CHECK (category IN
       ('policy','contract','follow_up','settlement','records','other')),
     description text NOT NULL,
     severity text NOT NULL CHECK (severity IN ('general','major','serious')),
     responsible_unit text NOT NULL,
     responsible_person text,
     found_on date NOT NULL,
     deadline date NOT NULL,
     status text NOT NULL DEFAULT 'pending'
       CHECK (status IN ('pending','rectifying','awaiting_acceptance','closed')),
     status_date date NOT NULL,
     closed_on date,
     rectification text,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, problem_no),
     FOREIGN KEY (county_code, round_id) REFERENCES sv_round (county_code, id),
     FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     CHECK (deadline >= found_on),
     CHECK ((status = 'closed') = (closed_on IS NOT NULL))
   )`,
  'CREATE INDEX sv_problem_region_idx ON sv_problem (county_code, region_code, found_on)',
  'CREATE INDEX sv_problem_status_idx ON sv_problem (county_code, status, deadline)',
  'CREATE INDEX sv_problem_round_idx ON sv_problem (county_code, round_id)',
  'CREATE INDEX sv_problem_person_idx ON sv_problem (county_code, person_id) WHERE person_id IS NOT NULL',
  `CREATE INDEX sv_problem_household_idx ON sv_problem (county_code, household_id)
     WHERE household_id IS NOT NULL`,
  `CREATE TABLE sv_problem_event (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     problem_id bigint NOT NULL,
     kind text NOT NULL CHECK (kind IN ('created','status','evidence','edited')),
     from_status text,
     to_status text,
     event_date date NOT NULL,
     note text,
     by_user bigint REFERENCES app_user(id),
     by_name text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, problem_id) REFERENCES sv_problem (county_code, id)
   )`,
  'CREATE INDEX sv_problem_event_problem_idx ON sv_problem_event (county_code, problem_id, id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sv_problem_event', 'sv_problem', 'sv_round']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
