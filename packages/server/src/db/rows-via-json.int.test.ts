import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-database.ts';
import type { Database } from './database.ts';
import { readManyRows, rowsViaJson } from './rows-via-json.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('readManyRows', () => {
  it('reads the rows of a query in the given order on either engine (JSON on PGlite, rows on PostgreSQL)', async () => {
    const { db } = database;
    const query = db
      .selectFrom('region')
      .select(['code', 'name', 'parent_code'])
      .where('code', 'like', '1303%');
    const plain = await query.orderBy('name').orderBy('code').execute();
    const read = await readManyRows(db, query, ['name', 'code']);
    expect(plain.length).toBeGreaterThan(400);
    expect(read).toEqual(plain);
  });
});

describe('rowsViaJson', () => {
  it('returns the same rows as a plain read, with dates as strings and bigints as numbers', async () => {
    const { db } = database;
    const query = db
      .selectFrom('region')
      .select(['code', 'name', 'level'])
      .select(sql<string>`DATE '2026-03-01' + (length(name) % 7)`.as('on_date'))
      .select(sql<number>`(length(code) * 1000000000000)::bigint`.as('big'))
      .where('code', 'like', '130321%');
    const plain = await query.orderBy('code').execute();
    const viaJson = await rowsViaJson(db, query, ['code']);
    expect(plain.length).toBeGreaterThan(400);
    expect(viaJson).toEqual(plain);
    expect(typeof viaJson[0]?.on_date).toBe('string');
    expect(viaJson[0]?.big).toBe(12_000_000_000_000);
  });

  it('keeps the order across chunks and loses no row', async () => {
    const query = sql<{ n: number; label: string | null }>`
      (SELECT n, CASE WHEN n % 3 = 0 THEN NULL ELSE 'r' || n END AS label
       FROM generate_series(1, 2500) AS n)`;
    const rows = await rowsViaJson(
      database.db,
      database.db.selectFrom(query.as('s')).selectAll('s'),
      ['n'],
      1000,
    );
    expect(rows).toHaveLength(2500);
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(rows[2]).toEqual({ n: 3, label: null });
    expect(rows[2499]).toEqual({ n: 2500, label: 'r2500' });
  });

  it('returns no rows for an empty result', async () => {
    const rows = await rowsViaJson(
      database.db,
      database.db.selectFrom('region').select('code').where('code', '=', 'none'),
    );
    expect(rows).toEqual([]);
  });
});
