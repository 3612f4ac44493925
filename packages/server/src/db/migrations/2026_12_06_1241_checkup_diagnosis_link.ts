import { type Kysely, sql } from 'kysely';

/**
 * An abnormal annual checkup opens a diagnosis verification in the diseases module: a pending (待核准)
 * `diagnosis` registered from the health check, verified there like any other. `diagnosis_task` becomes
 * the link between the checkup and that diagnosis (`diagnosis_id`); its status is read from the diagnosis.
 * Tasks created before this migration keep `diagnosis_id` null and their own status.
 */
const UP = [
  'ALTER TABLE diagnosis_task ADD COLUMN diagnosis_id bigint',
  'ALTER TABLE diagnosis_task ADD COLUMN icd_code text',
  `ALTER TABLE diagnosis_task ADD CONSTRAINT diagnosis_task_diagnosis_fk
     FOREIGN KEY (county_code, diagnosis_id) REFERENCES diagnosis (county_code, id)`,
  `CREATE UNIQUE INDEX diagnosis_task_checkup_diagnosis_idx ON diagnosis_task (county_code, checkup_id, diagnosis_id)
     WHERE diagnosis_id IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP INDEX IF EXISTS diagnosis_task_checkup_diagnosis_idx',
    'ALTER TABLE diagnosis_task DROP CONSTRAINT IF EXISTS diagnosis_task_diagnosis_fk',
    'ALTER TABLE diagnosis_task DROP COLUMN IF EXISTS icd_code',
    'ALTER TABLE diagnosis_task DROP COLUMN IF EXISTS diagnosis_id',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
