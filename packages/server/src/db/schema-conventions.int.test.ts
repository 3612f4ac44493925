import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-database.ts';
import type { Database } from './database.ts';

/**
 * Rule 8: person-level tables carry the 6-digit county code as their distribution key, so the schema
 * can be distributed by county (Citus). Any table holding personal rows (a `person_id` or `id_number`
 * column) must lead its primary key with `county_code`, and foreign keys between such tables must
 * include it. `person_id_index` is the one global lookup table (distributed by id_number).
 */
/**
 * Not person-level: the global ID lookup, and `region` and `medical_institution`, small reference tables
 * (replicated under Citus; an institution's `county_code` is where it lies, not a distribution key).
 */
const GLOBAL_LOOKUPS = new Set(['person_id_index', 'region', 'medical_institution']);

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('distribution key convention', () => {
  it('every person-level table leads its primary key with county_code', async () => {
    const { rows } = await sql<{ table_name: string; pk_columns: string[] }>`
      SELECT t.relname AS table_name,
             array_agg(a.attname::text ORDER BY k.ord) AS pk_columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE i.indisprimary
        AND EXISTS (
          SELECT 1 FROM information_schema.columns c
          WHERE c.table_schema = 'public' AND c.table_name = t.relname
            AND c.column_name IN ('person_id', 'id_number', 'county_code'))
      GROUP BY t.relname`.execute(database.db);
    const personLevel = rows.filter((r) => !GLOBAL_LOOKUPS.has(r.table_name));
    expect(personLevel.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['person', 'household', 'person_category']),
    );
    for (const row of personLevel) {
      expect({ table: row.table_name, first: row.pk_columns[0] }).toEqual({
        table: row.table_name,
        first: 'county_code',
      });
    }
  });

  it('foreign keys between person-level tables include county_code', async () => {
    const { rows } = await sql<{ name: string; table_name: string; columns: string[] }>`
      SELECT con.conname AS name, t.relname AS table_name,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_constraint con
      JOIN pg_class t ON t.oid = con.conrelid
      JOIN pg_class r ON r.oid = con.confrelid
      CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE con.contype = 'f'
        AND r.relname NOT IN ('region', 'medical_institution')
        AND EXISTS (SELECT 1 FROM information_schema.columns c
                    WHERE c.table_schema = 'public' AND c.table_name = r.relname AND c.column_name = 'county_code')
      GROUP BY con.conname, t.relname`.execute(database.db);
    for (const fk of rows) {
      expect({ fk: fk.name, columns: fk.columns }).toEqual({
        fk: fk.name,
        columns: expect.arrayContaining(['county_code']),
      });
    }
  });
});
