import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { openMigratedDatabase } from './db/open-from-config.ts';
import { refreshPlannerStatistics, scheduleStatisticsRefresh } from './db/planner-statistics.ts';
import { seedDemoIfEmpty } from './demo/seed-demo.ts';

/** Entry point: open and migrate the database, load the demo county on first start, listen, shut down cleanly. */
async function main(): Promise<void> {
  const config = loadConfig();
  let database: Awaited<ReturnType<typeof openMigratedDatabase>>;
  try {
    database = await openMigratedDatabase(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await buildApp(
    { db: database.db, engine: database.engine, config },
    { logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] } },
  );
  if (config.demo) {
    await seedDemoIfEmpty(database, (message) => app.log.info(message));
  }
  // PGlite has no autovacuum: refresh the planner's statistics at start and every 10 minutes.
  let stopStatistics = () => {};
  if (database.engine === 'pglite') {
    await refreshPlannerStatistics(database.db);
    stopStatistics = scheduleStatisticsRefresh(database.db, 10 * 60_000, (error) =>
      app.log.warn({ err: { message: String(error) } }, 'ANALYZE failed'),
    );
  }

  let isClosing = false;
  const shutdown = async (signal: string) => {
    if (isClosing) {
      return;
    }
    isClosing = true;
    app.log.info(`${signal} received: closing`);
    stopStatistics();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `HealthAid 已启动：http://${config.host}:${config.port}（数据库：${database.engine === 'pglite' ? `PGlite ${config.dataDir}` : 'PostgreSQL'}）`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
