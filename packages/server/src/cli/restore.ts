import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

const USAGE = '用法：DATA_DIR=新目录 npm run db:restore -- FILE.tar.gz（恢复到一个空的数据目录）';

/**
 * `npm run db:restore -- FILE.tar.gz`: loads a backup made by db:backup into an EMPTY data directory
 * (it never overwrites a database), then applies any newer migrations.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || !fs.existsSync(file)) {
    throw new Error(`备份文件不存在：${file ?? '（未指定）'}\n${USAGE}`);
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new Error('已设置 DATABASE_URL：PostgreSQL 请用 pg_restore 恢复');
  }
  const pgdata = path.join(config.dataDir, 'pgdata');
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
    throw new Error(`数据目录 ${config.dataDir} 中已有数据库，不会覆盖；请指定一个空的 DATA_DIR`);
  }
  const database = await openDatabase({
    engine: 'pglite',
    dataDir: config.dataDir,
    loadDataDir: new Blob([fs.readFileSync(file)]),
  });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  console.log(`已从 ${file} 恢复到 ${config.dataDir}`);
}

main().catch((error: unknown) => {
  console.error(`失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
