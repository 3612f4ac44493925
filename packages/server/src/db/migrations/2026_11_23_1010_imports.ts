import { type Kysely, sql } from 'kysely';

/**
 * Person-list imports (人员名单导入): progress and scope on import_batch, the staged rows of a preview
 * (so a commit needs no re-upload), the row errors of a preview, and which source department lists each
 * person (for full-list imports: persons missing from a newer full list are flagged, never deleted).
 */
const UP = [
  'ALTER TABLE import_batch DROP CONSTRAINT IF EXISTS import_batch_status_check',
  `ALTER TABLE import_batch ADD CONSTRAINT import_batch_status_check
     CHECK (status IN ('processing','previewed','committed','failed'))`,
  'ALTER TABLE import_batch ADD COLUMN region_code char(12)',
  'ALTER TABLE import_batch ADD COLUMN processed_rows integer NOT NULL DEFAULT 0',
  'ALTER TABLE import_batch ADD COLUMN total_rows integer',
  "ALTER TABLE import_batch ADD COLUMN columns text[] NOT NULL DEFAULT '{}'",
  'ALTER TABLE import_batch ADD COLUMN error_message text',
  'CREATE INDEX import_batch_created_idx ON import_batch (county_code, created_at DESC)',
  `CREATE TABLE import_staged_row (
     county_code char(6) NOT NULL,
     batch_id bigint NOT NULL,
     row_number integer NOT NULL,
     id_number char(18) NOT NULL,
     kind text NOT NULL CHECK (kind IN ('new','changed','unchanged')),
     data jsonb NOT NULL,
     PRIMARY KEY (county_code, batch_id, row_number),
     FOREIGN KEY (county_code, batch_id) REFERENCES import_batch (county_code, id) ON DELETE CASCADE
   )`,
  `CREATE TABLE import_staged_household (
     county_code char(6) NOT NULL,
     batch_id bigint NOT NULL,
     household_no text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('new','changed','unchanged')),
     data jsonb NOT NULL,
     PRIMARY KEY (county_code, batch_id, household_no),
     FOREIGN KEY (county_code, batch_id) REFERENCES import_batch (county_code, id) ON DELETE CASCADE
   )`,
  `CREATE TABLE import_row_error (
     county_code char(6) NOT NULL,
     batch_id bigint NOT NULL,
     seq integer NOT NULL,
     row_number integer NOT NULL,
     column_name text NOT NULL,
     message text NOT NULL,
     PRIMARY KEY (county_code, batch_id, seq),
     FOREIGN KEY (county_code, batch_id) REFERENCES import_batch (county_code, id) ON DELETE CASCADE
   )`,
  `CREATE TABLE person_source (
     county_code char(6) NOT NULL,
     person_id bigint NOT NULL,
     source_department text NOT NULL,
     first_batch_id bigint NOT NULL,
     last_batch_id bigint NOT NULL,
     PRIMARY KEY (county_code, person_id, source_department),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id)
   )`,
  'CREATE INDEX person_source_batch_idx ON person_source (county_code, source_department, last_batch_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['person_source', 'import_row_error', 'import_staged_household', 'import_staged_row']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
  for (const column of ['region_code', 'processed_rows', 'total_rows', 'columns', 'error_message']) {
    await sql.raw(`ALTER TABLE import_batch DROP COLUMN IF EXISTS ${column}`).execute(db);
  }
  await sql.raw('ALTER TABLE import_batch DROP CONSTRAINT IF EXISTS import_batch_status_check').execute(db);
  await sql
    .raw(`ALTER TABLE import_batch ADD CONSTRAINT import_batch_status_check
     CHECK (status IN ('previewed','committed','failed'))`)
    .execute(db);
}
