import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../src/db/database.ts';
import { withDatabase } from './global-setup.ts';

/**
 * A fresh, migrated database for one test file, on the engine of the current vitest project
 * (int-pglite or int-postgres). Close it in afterAll.
 */
export async function createTestDatabase(): Promise<Database> {
  const template = inject('dbTemplate');
  if (template.engine === 'pglite') {
    return openDatabase({
      engine: 'pglite',
      dataDir: null,
      loadDataDir: new Blob([fs.readFileSync(template.dumpFile)]),
    });
  }
  // The template's creator pid keeps leftovers of crashed runs recognisable for teardown.
  const pid = template.template.split('_')[2];
  const name = `healthaid_t_${pid}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.template}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({
    engine: 'postgres',
    databaseUrl: withDatabase(template.url, name),
    poolSize: 5,
  });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: template.url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const testEngine = (): 'pglite' | 'postgres' => inject('dbTemplate').engine;
