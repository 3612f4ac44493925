import { type Kysely, sql } from 'kysely';

/**
 * Diagnosis spreadsheet imports (诊断导入): one batch per uploaded file and county. A preview stores the
 * checked rows (`staged`) and the row errors, so a commit needs no re-upload; the commit inserts every row
 * in one transaction or none. The checksum makes a retried upload or commit of the same file a no-op.
 */
const UP = [
  `CREATE TABLE diagnosis_import_batch (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     region_code char(12) NOT NULL,
     file_name text NOT NULL,
     checksum char(64) NOT NULL,
     status text NOT NULL CHECK (status IN ('previewed','committed')),
     total_rows integer NOT NULL,
     valid_rows integer NOT NULL,
     duplicate_rows integer NOT NULL,
     error_count integer NOT NULL,
     staged jsonb NOT NULL DEFAULT '[]',
     errors jsonb NOT NULL DEFAULT '[]',
     inserted_rows integer,
     user_id bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     committed_at timestamptz,
     PRIMARY KEY (county_code, id)
   )`,
  'CREATE INDEX diagnosis_import_batch_checksum_idx ON diagnosis_import_batch (county_code, checksum)',
  'CREATE INDEX diagnosis_import_batch_created_idx ON diagnosis_import_batch (county_code, created_at DESC)',
  'ALTER TABLE diagnosis ADD COLUMN import_batch_id bigint',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE diagnosis DROP COLUMN IF EXISTS import_batch_id').execute(db);
  await sql.raw('DROP TABLE IF EXISTS diagnosis_import_batch CASCADE').execute(db);
}
