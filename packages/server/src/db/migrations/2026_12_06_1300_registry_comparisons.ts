import { type Kysely, sql } from 'kysely';

/**
 * 数据对比 (registry comparison): a department's list compared with the registry without importing it.
 *
 * - registry_comparison: one run per uploaded file and scope (file name, SHA-256, source department, the
 *   caller's region, coverage, counts, the first row errors of a refused file). The same file compared again
 *   in the same scope returns the run in progress or completed (partial unique index); failed runs do not
 *   count.
 * - registry_comparison_staged_row: the valid rows of a file while it is compared (loaded with COPY, in the
 *   columns of import_staged_row), dropped when the run ends.
 * - registry_comparison_row: the result, one row per person that is only in the list, only in the registry,
 *   or in both with different fields; a verification task created from it is linked.
 */
const UP = [
  `CREATE TABLE registry_comparison (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     region_code char(12) NOT NULL REFERENCES region(code),
     source_department text NOT NULL,
     source_label text NOT NULL,
     coverage text NOT NULL CHECK (coverage IN ('villages', 'scope')),
     file_name text NOT NULL,
     checksum text NOT NULL,
     status text NOT NULL DEFAULT 'processing' CHECK (status IN ('processing', 'completed', 'failed')),
     processed_rows integer NOT NULL DEFAULT 0,
     total_rows integer,
     columns text[] NOT NULL DEFAULT '{}',
     counts jsonb NOT NULL DEFAULT '{}',
     errors jsonb NOT NULL DEFAULT '[]',
     error_message text,
     as_of date NOT NULL,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     completed_at timestamptz,
     PRIMARY KEY (county_code, id)
   )`,
  `CREATE UNIQUE INDEX registry_comparison_same_file_idx
     ON registry_comparison (county_code, region_code, checksum, source_department, coverage)
     WHERE status IN ('processing', 'completed')`,
  'CREATE INDEX registry_comparison_created_idx ON registry_comparison (county_code, created_at DESC)',
  `CREATE TABLE registry_comparison_staged_row (
     county_code char(6) NOT NULL,
     run_id bigint NOT NULL,
     row_number integer NOT NULL,
     id_number char(18) NOT NULL,
     name text NOT NULL,
     sex char(1) NOT NULL,
     birth_date date NOT NULL,
     village_code char(12) NOT NULL,
     household_no text,
     relation text,
     phone text,
     categories text[],
     category_from date,
     is_insured boolean,
     has_premium_subsidy boolean,
     disability_cert text,
     status text,
     status_date date,
     PRIMARY KEY (county_code, run_id, row_number),
     FOREIGN KEY (county_code, run_id) REFERENCES registry_comparison (county_code, id) ON DELETE CASCADE
   )`,
  `CREATE INDEX registry_comparison_staged_id_idx
     ON registry_comparison_staged_row (county_code, run_id, id_number)`,
  `CREATE TABLE registry_comparison_row (
     county_code char(6) NOT NULL,
     run_id bigint NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     kind text NOT NULL CHECK (kind IN ('only_in_list', 'only_in_registry', 'different')),
     row_number integer,
     id_number char(18) NOT NULL,
     name text NOT NULL,
     village_code char(12) NOT NULL REFERENCES region(code),
     person_id bigint,
     fields text[] NOT NULL DEFAULT '{}',
     differences jsonb NOT NULL DEFAULT '[]',
     detail jsonb,
     note text,
     verification_task_id bigint,
     PRIMARY KEY (county_code, run_id, id),
     FOREIGN KEY (county_code, run_id) REFERENCES registry_comparison (county_code, id) ON DELETE CASCADE,
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     FOREIGN KEY (county_code, verification_task_id) REFERENCES verification_task (county_code, id)
   )`,
  `CREATE INDEX registry_comparison_row_kind_idx
     ON registry_comparison_row (county_code, run_id, kind, village_code, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['registry_comparison_row', 'registry_comparison_staged_row', 'registry_comparison']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
