import type { Kysely } from 'kysely';
import { readBuiltinRegions } from '../../modules/regions/region-data.ts';
import type { DB } from '../schema.ts';

/** Loads the shipped division codes (all provinces to townships, plus the shipped villages). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const typed = db as unknown as Kysely<DB>;
  const rows = readBuiltinRegions();
  for (let i = 0; i < rows.length; i += 2000) {
    await typed
      .insertInto('region')
      .values(rows.slice(i, i + 2000))
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await (db as unknown as Kysely<DB>).deleteFrom('region').execute();
}
