import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate:
      | { engine: 'pglite'; dumpFile: string }
      | { engine: 'postgres'; url: string; template: string };
  }
}

/**
 * Migrates one database per test run (immich's globalSetup pattern); each test file then starts from a
 * copy: PGlite loads a dump of the migrated data directory, PostgreSQL clones a template database.
 */
export default async function setup(project: TestProject) {
  const engine = project.config.env?.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite', dataDir: null });
    await migrateToLatest(database.db);
    const dump = await database.pglite!.dumpDataDir('none');
    await database.close();
    const dumpFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-test-')), 'template.tar');
    fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
    project.provide('dbTemplate', { engine, dumpFile });
    return () => fs.rmSync(path.dirname(dumpFile), { recursive: true, force: true });
  }

  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is required for the int-postgres project');
  }
  const template = `healthaid_tpl_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const database = await openDatabase({
    engine: 'postgres',
    databaseUrl: withDatabase(url, template),
    poolSize: 1,
  });
  await migrateToLatest(database.db);
  await database.close();
  project.provide('dbTemplate', { engine, url, template });
  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'healthaid_t_${process.pid}_%' OR datname = $1`,
      [template],
    );
    for (const { datname } of leftovers.rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
