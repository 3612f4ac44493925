import { type Kysely, sql } from 'kysely';

/**
 * 重新对比 (re-run a comparison) of the same list against the registry as it is now.
 *
 * - registry_comparison.rerun_of: the run a re-run repeats (same county). The list's rows of a completed run
 *   are kept in registry_comparison_staged_row (they were dropped when a run ended before), so a re-run
 *   copies them instead of asking for the file again.
 * - The "same file returns the existing run" index now covers uploads only: a re-run repeats a file on
 *   purpose. At most one re-run of a run is in progress at a time (a double click returns it).
 */
const UP = [
  'ALTER TABLE registry_comparison ADD COLUMN rerun_of bigint',
  `ALTER TABLE registry_comparison ADD CONSTRAINT registry_comparison_rerun_of_fkey
     FOREIGN KEY (county_code, rerun_of) REFERENCES registry_comparison (county_code, id)`,
  'DROP INDEX registry_comparison_same_file_idx',
  `CREATE UNIQUE INDEX registry_comparison_same_file_idx
     ON registry_comparison (county_code, region_code, checksum, source_department, coverage)
     WHERE status IN ('processing', 'completed') AND rerun_of IS NULL`,
  `CREATE UNIQUE INDEX registry_comparison_rerun_running_idx
     ON registry_comparison (county_code, rerun_of) WHERE status = 'processing' AND rerun_of IS NOT NULL`,
];

const DOWN = [
  'DROP INDEX registry_comparison_rerun_running_idx',
  'DROP INDEX registry_comparison_same_file_idx',
  `DELETE FROM registry_comparison_staged_row s USING registry_comparison c
     WHERE c.county_code = s.county_code AND c.id = s.run_id AND c.status <> 'processing'`,
  'DELETE FROM registry_comparison WHERE rerun_of IS NOT NULL',
  `CREATE UNIQUE INDEX registry_comparison_same_file_idx
     ON registry_comparison (county_code, region_code, checksum, source_department, coverage)
     WHERE status IN ('processing', 'completed')`,
  'ALTER TABLE registry_comparison DROP COLUMN rerun_of',
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
