import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';

const USAGE = '用法：npm run db:backup -- FILE.tar.gz（仅嵌入式数据库；PostgreSQL 请用 pg_dump）';

/**
 * `npm run db:backup -- FILE.tar.gz`: a consistent copy of the embedded database. It takes the data
 * directory lock, so it refuses while the server is running (stop the server first) and never copies a
 * half-written directory.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    throw new Error(`请指定备份文件名\n${USAGE}`);
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new Error('已设置 DATABASE_URL：PostgreSQL 请用 pg_dump -Fc 备份，用 pg_restore 恢复');
  }
  if (fs.existsSync(file)) {
    throw new Error(`文件 ${file} 已存在，不会覆盖`);
  }
  if (!fs.existsSync(path.join(config.dataDir, 'pgdata', 'PG_VERSION'))) {
    throw new Error(`数据目录 ${config.dataDir} 中没有数据库`);
  }
  const database = await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
  try {
    const dump = await database.pglite?.dumpDataDir('gzip');
    if (!dump) {
      throw new Error('无法导出数据库');
    }
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()), { flag: 'wx' });
  } finally {
    await database.close();
  }
  console.log(`已备份 ${config.dataDir} → ${file}（${fs.statSync(file).size} 字节）`);
}

main().catch((error: unknown) => {
  console.error(`失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
