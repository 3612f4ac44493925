import type { AppConfig } from '../config.ts';
import { type Database, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

/** Opens the configured engine (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR) and migrates it. */
export async function openMigratedDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
): Promise<Database> {
  const database = config.databaseUrl
    ? await openDatabase({ engine: 'postgres', databaseUrl: config.databaseUrl })
    : await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
