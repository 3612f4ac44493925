import { sql } from 'kysely';
import { runCli } from './cli-support.ts';

/** `npm run db:migrate`: applies pending migrations to the configured database and lists them. */
await runCli('用法：npm run db:migrate', {}, async (_args, database) => {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(
    database.db,
  );
  const engine = database.engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
  console.log(`数据库（${engine}）已迁移到最新版本，共 ${rows.length} 个迁移：`);
  for (const row of rows) {
    console.log(`  ${row.name}`);
  }
});
