import { type Compilable, type InferResult, type Kysely, sql, type Transaction } from 'kysely';
import { engineHandlesOf } from './database.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Rows per JSON value: bounded, so a city's rows never build one giant string. */
export const JSON_CHUNK_ROWS = 50_000;

const orderClause = (orderBy: readonly string[]) =>
  orderBy.length === 0 ? sql`` : sql`ORDER BY ${sql.join(orderBy.map((column) => sql.ref(`t.${column}`)))}`;

/**
 * The rows of a query, sent by the database as a few JSON arrays of row objects instead of one protocol row
 * each. The row objects keep the column names; dates stay 'YYYY-MM-DD' strings and bigints numbers, as the type
 * parsers give them (timestamps would arrive as strings, not Dates: select them as text or not at all). The rows
 * come in the order of the `orderBy` output columns, in chunks of `chunkRows`.
 */
export async function rowsViaJson<Q extends Compilable<unknown>>(
  db: Db,
  query: Q,
  orderBy: readonly string[] = [],
  chunkRows: number = JSON_CHUNK_ROWS,
): Promise<InferResult<Q>> {
  const { rows } = await sql<{ part: InferResult<Q> }>`
    SELECT json_agg(q.t ORDER BY q.rn) AS part
    FROM (SELECT t, row_number() OVER (${orderClause(orderBy)}) AS rn FROM (${query}) AS t) AS q
    GROUP BY (q.rn - 1) / ${chunkRows}
    ORDER BY min(q.rn)`.execute(db);
  return rows.flatMap((row) => row.part) as InferResult<Q>;
}

/**
 * A read of hundreds of thousands of rows, in the order of the `orderBy` output columns, the fastest way each
 * engine has. PGlite decodes a result row by row at about 13 µs a row, so there the rows come as JSON
 * (rowsViaJson: the chronic indicators' 90,000 contracts took 1.3–2 s, as JSON 0.3–0.5 s). On PostgreSQL pg's
 * row decoding is cheaper than building the JSON in the server (the same indicators took 1.5–1.9 s as rows,
 * 2.1–2.6 s as JSON), so there they come as rows. Inside a transaction (no engine handles) they come as rows.
 */
export async function readManyRows<Q extends Compilable<unknown>>(
  db: Db,
  query: Q,
  orderBy: readonly string[] = [],
): Promise<InferResult<Q>> {
  if (engineHandlesOf(db as Kysely<DB>)?.pglite) {
    return rowsViaJson(db, query, orderBy);
  }
  const { rows } = await sql<InferResult<Q>[number]>`
    SELECT t.* FROM (${query}) AS t ${orderClause(orderBy)}`.execute(db);
  return rows as InferResult<Q>;
}
