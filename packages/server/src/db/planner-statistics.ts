import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Refreshes the query planner's statistics. PostgreSQL's autovacuum does this by itself; the embedded PGlite
 * has no autovacuum, and with stale statistics it plans joins for 1 row where there are thousands (a 9 ms
 * query became 600 ms). So the server runs this after bulk writes (demo seed, imports) and periodically;
 * `tables` narrows it to the tables a write touched.
 */
export async function refreshPlannerStatistics(
  db: Kysely<DB>,
  tables?: readonly (keyof DB & string)[],
): Promise<void> {
  if (tables) {
    // Only the tables a bulk write touched (the whole database can hold millions of rows it did not change).
    await sql`ANALYZE ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
    return;
  }
  await sql`ANALYZE`.execute(db);
}

/** Every `intervalMs`, refresh statistics (PGlite only); returns a function that stops it. */
export function scheduleStatisticsRefresh(
  db: Kysely<DB>,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => void {
  const timer = setInterval(() => {
    refreshPlannerStatistics(db).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
