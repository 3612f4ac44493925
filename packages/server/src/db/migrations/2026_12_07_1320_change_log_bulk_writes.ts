import { type Kysely, sql } from 'kysely';

/**
 * change_log is the busiest table of the system: an import of 200,000 persons writes about 270,000 rows into it in
 * one transaction. Two costs per row that bought nothing:
 *
 * - The foreign key changed_by → app_user ran one lookup per row (≈ 7 µs, a tenth of the import's commit).
 *   History rows are facts about the past and outlive anything done to accounts (accounts are disabled, never
 *   deleted); every writer stamps the id of the signed-in user. Kept as a plain column.
 * - change_log_entity_idx indexed every row by (entity_type, entity_id), but the only read by entity is a
 *   household's history (person rows are read through change_log_person_idx). It now covers household rows only.
 */
const UP = [
  'ALTER TABLE change_log DROP CONSTRAINT change_log_changed_by_fkey',
  'DROP INDEX change_log_entity_idx',
  `CREATE INDEX change_log_household_idx ON change_log (county_code, entity_id, changed_at)
     WHERE entity_type IN ('household', 'household_income')`,
];

const DOWN = [
  'DROP INDEX change_log_household_idx',
  'CREATE INDEX change_log_entity_idx ON change_log (county_code, entity_type, entity_id, changed_at)',
  `ALTER TABLE change_log ADD CONSTRAINT change_log_changed_by_fkey
     FOREIGN KEY (changed_by) REFERENCES app_user (id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) {
    await sql.raw(statement).execute(db);
  }
}
