import { type Kysely, sql } from 'kysely';

/**
 * The import staging tables hold a preview's rows from the upload until the commit (or the next preview) and
 * nothing else reads them: they are written without WAL (UNLOGGED). A 200,000-row preview no longer writes its
 * ≈ 60 MB of staged rows to the WAL twice (COPY, then the DELETE at commit). After a PostgreSQL crash the staging
 * tables come back empty; a batch previewed before it is then refused at commit with the existing
 * "暂存数据不完整…请重新上传文件预览" (the staged row count no longer matches the preview's). Standbys do
 * not receive staged rows, which only the primary's commit reads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_staged_row SET UNLOGGED`.execute(db);
  await sql`ALTER TABLE import_staged_household SET UNLOGGED`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_staged_household SET LOGGED`.execute(db);
  await sql`ALTER TABLE import_staged_row SET LOGGED`.execute(db);
}
