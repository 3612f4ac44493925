import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import * as m0900 from './migrations/2026_11_23_0900_init.ts';
import * as m0901 from './migrations/2026_11_23_0901_regions.ts';
import * as m1000 from './migrations/2026_11_23_1000_registry.ts';
import * as m1010 from './migrations/2026_11_23_1010_imports.ts';
import * as m1020 from './migrations/2026_11_23_1020_registry_verification.ts';
import * as m1030 from './migrations/2026_11_23_1030_chronic.ts';
import * as m1040 from './migrations/2026_11_23_1040_reports.ts';
import * as m1050 from './migrations/2026_11_23_1050_registry_stats.ts';
import * as m1060 from './migrations/2026_11_23_1060_diseases.ts';
import * as m1070 from './migrations/2026_11_23_1070_settlements.ts';
import * as m1100 from './migrations/2026_12_05_1100_institutions.ts';
import * as m1200 from './migrations/2026_12_06_1200_import_staging_columns.ts';
import * as m1201 from './migrations/2026_12_06_1201_registry_stats_statement_triggers.ts';
import * as m1210 from './migrations/2026_12_06_1210_api_tokens.ts';
import * as m1230 from './migrations/2026_12_06_1230_disease_catalogs.ts';
import * as m1231 from './migrations/2026_12_06_1231_referrals.ts';
import * as m1232 from './migrations/2026_12_06_1232_diagnosis_imports.ts';
import * as m1240 from './migrations/2026_12_06_1240_follow_up_summary.ts';
import * as m1241 from './migrations/2026_12_06_1241_checkup_diagnosis_link.ts';
import * as m1250 from './migrations/2026_12_06_1250_settlement_ledger.ts';
import * as m1260 from './migrations/2026_12_06_1260_screenings.ts';
import * as m1261 from './migrations/2026_12_06_1261_household_support.ts';
import * as m1270 from './migrations/2026_12_06_1270_supervision.ts';
import * as m1271 from './migrations/2026_12_06_1271_early_warning.ts';
import * as m1290 from './migrations/2026_12_06_1290_settlement_resettle_runs.ts';
import * as m1300 from './migrations/2026_12_06_1300_registry_comparisons.ts';
import * as m1310 from './migrations/2026_12_07_1310_comparison_reruns.ts';
import * as m1320 from './migrations/2026_12_07_1320_change_log_bulk_writes.ts';
import * as m1330 from './migrations/2026_12_07_1330_unlogged_import_staging.ts';
import type { DB } from './schema.ts';

/** Every migration, in order. Add new files here; never edit a merged one. */
const MIGRATIONS: Record<string, Migration> = {
  '2026_11_23_0900_init': m0900,
  '2026_11_23_0901_regions': m0901,
  '2026_11_23_1000_registry': m1000,
  '2026_11_23_1010_imports': m1010,
  '2026_11_23_1020_registry_verification': m1020,
  '2026_11_23_1030_chronic': m1030,
  '2026_11_23_1040_reports': m1040,
  '2026_11_23_1050_registry_stats': m1050,
  '2026_11_23_1060_diseases': m1060,
  '2026_11_23_1070_settlements': m1070,
  '2026_12_05_1100_institutions': m1100,
  '2026_12_06_1260_screenings': m1260,
  '2026_12_06_1261_household_support': m1261,
  '2026_12_06_1200_import_staging_columns': m1200,
  '2026_12_06_1201_registry_stats_statement_triggers': m1201,
  '2026_12_06_1210_api_tokens': m1210,
  '2026_12_06_1240_follow_up_summary': m1240,
  '2026_12_06_1241_checkup_diagnosis_link': m1241,
  '2026_12_06_1250_settlement_ledger': m1250,
  '2026_12_06_1230_disease_catalogs': m1230,
  '2026_12_06_1231_referrals': m1231,
  '2026_12_06_1232_diagnosis_imports': m1232,
  '2026_12_06_1270_supervision': m1270,
  '2026_12_06_1271_early_warning': m1271,
  '2026_12_06_1290_settlement_resettle_runs': m1290,
  '2026_12_06_1300_registry_comparisons': m1300,
  '2026_12_07_1310_comparison_reruns': m1310,
  '2026_12_07_1320_change_log_bulk_writes': m1320,
  '2026_12_07_1330_unlogged_import_staging': m1330,
};

export async function migrateToLatest(db: Kysely<DB>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}
