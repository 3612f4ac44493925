import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/**
 * Bulk loading with COPY for the demo generator, on both engines: PostgreSQL through `pg-copy-streams`
 * (COPY … FROM STDIN on the transaction's own connection), PGlite through `COPY … FROM '/dev/blob'` with the
 * CSV as a Blob. Rows are buffered per table as CSV text and flushed in the order the tables were opened
 * (parents before children, so foreign keys hold), whenever the buffers pass a few megabytes: memory stays
 * flat however many rows stream through.
 */

/** A PostgreSQL array value (text[] / bigint[] columns); any other array or object is written as JSON. */
export class PgArray {
  constructor(readonly items: readonly (string | number)[]) {}
}

export type CopyValue = string | number | boolean | null | PgArray | object;

/** One CSV field: NULL is an unquoted empty field, every string is quoted (so '' stays an empty string). */
export function csvField(value: CopyValue | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError(`not a finite number: ${value}`);
    }
    return String(value);
  }
  if (typeof value === 'boolean') {
    return value ? 't' : 'f';
  }
  if (typeof value === 'string') {
    return `"${value.replaceAll('"', '""')}"`;
  }
  if (value instanceof PgArray) {
    const literal = `{${value.items
      .map((v) =>
        typeof v === 'number' ? String(v) : `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
      )
      .join(',')}}`;
    return `"${literal.replaceAll('"', '""')}"`;
  }
  return `"${JSON.stringify(value).replaceAll('"', '""')}"`;
}

export function csvLine(values: readonly (CopyValue | undefined)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

type Copier = (statement: string, csv: string) => Promise<void>;

export type BulkSession = {
  trx: Transaction<DB>;
  /** A buffered COPY target; open tables in foreign-key order (parents first). */
  table(name: string, columns: readonly string[]): TableBuffer;
  /** Writes every buffer (in opening order). */
  flush(): Promise<void>;
  /** Flushes when the buffers hold more than the threshold. */
  flushIfFull(): Promise<void>;
  /** Rows written so far per table. */
  readonly written: Map<string, number>;
};

export type TableBuffer = { push(values: readonly (CopyValue | undefined)[]): void };

const FLUSH_BYTES = 8 * 1024 * 1024;

function createSession(trx: Transaction<DB>, copy: Copier): BulkSession {
  const buffers: { name: string; statement: string; lines: string[]; rows: number }[] = [];
  const written = new Map<string, number>();
  let pendingChars = 0;
  const flush = async () => {
    for (const buffer of buffers) {
      if (buffer.lines.length === 0) {
        continue;
      }
      const csv = buffer.lines.join('');
      buffer.lines = [];
      await copy(buffer.statement, csv);
      written.set(buffer.name, (written.get(buffer.name) ?? 0) + buffer.rows);
      buffer.rows = 0;
    }
    pendingChars = 0;
  };
  return {
    trx,
    written,
    table(name, columns) {
      const buffer = {
        name,
        statement: `COPY ${name} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`,
        lines: [] as string[],
        rows: 0,
      };
      buffers.push(buffer);
      return {
        push(values) {
          if (values.length !== columns.length) {
            throw new RangeError(`${name}: ${values.length} values for ${columns.length} columns`);
          }
          const line = csvLine(values);
          buffer.lines.push(line);
          buffer.rows += 1;
          pendingChars += line.length;
        },
      };
    },
    flush,
    async flushIfFull() {
      if (pendingChars * 2 > FLUSH_BYTES) {
        await flush();
      }
    },
  };
}

/**
 * The generated rows are consistent by construction (foreign keys, the registry aggregates and other derived
 * rows are written by the loaders themselves, and tested), so where the role may (a superuser: always on PGlite)
 * the load skips per-row triggers and foreign-key checks for its own transaction (`session_replication_role =
 * replica`, reset at commit). Otherwise the triggers run and the load is only slower. Triggers that maintain
 * derived state lazily (stale markers) then see nothing: their state stays at its default, "stale".
 */
async function skipTriggersIfAllowed(trx: Transaction<DB>): Promise<void> {
  const { rows } = await sql<{ su: string }>`SELECT current_setting('is_superuser') AS su`.execute(trx);
  if (rows[0]?.su === 'on') {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
  }
}

/**
 * Runs `body` in one transaction in which `session.table(...)` rows are loaded with COPY. Everything is
 * committed together or not at all.
 */
export async function withBulkTransaction<T>(
  database: Pick<Database, 'db' | 'pgPool' | 'pglite'>,
  body: (session: BulkSession) => Promise<T>,
): Promise<T> {
  const { pglite, pgPool } = database;
  if (pglite) {
    return database.db.transaction().execute(async (trx) => {
      await skipTriggersIfAllowed(trx);
      const session = createSession(trx, async (statement, csv) => {
        await pglite.query(statement.replace('FROM STDIN', "FROM '/dev/blob'"), [], {
          blob: new Blob([csv]),
        });
      });
      const result = await body(session);
      await session.flush();
      return result;
    });
  }
  if (!pgPool) {
    throw new Error('bulk COPY needs the engine handle (Database.pgPool or Database.pglite)');
  }
  const client = await pgPool.connect();
  // A Kysely over this one connection, so the transaction's statements and the COPY streams share it.
  const single = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => ({ query: client.query.bind(client), release: () => {} }),
        end: async () => {},
      } as never,
    }),
  });
  try {
    return await single.transaction().execute(async (trx) => {
      await skipTriggersIfAllowed(trx);
      const session = createSession(trx, async (statement, csv) => {
        await pipeline(Readable.from([csv]), client.query(copyFrom(statement)));
      });
      const result = await body(session);
      await session.flush();
      return result;
    });
  } finally {
    client.release();
    await single.destroy();
  }
}

/**
 * Hands out ids of a table's identity column locally (COPY writes them explicitly), then moves the sequence
 * past the last one. Callers lock the table first so no other writer draws ids meanwhile.
 */
export async function reserveIds(trx: Transaction<DB>, table: keyof DB & string) {
  const { rows } = await sql<{ start: number; drawn: number }>`
    SELECT coalesce((SELECT max(id) FROM ${sql.table(table)}), 0)::bigint + 1 AS start,
      nextval(pg_get_serial_sequence(${table}, 'id'))::bigint AS drawn`.execute(trx);
  let next = Math.max(Number(rows[0]?.start ?? 1), Number(rows[0]?.drawn ?? 1));
  const first = next;
  return {
    next: () => next++,
    get first() {
      return first;
    },
    /** Moves the identity sequence past the ids handed out. */
    async commit() {
      if (next > first) {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), ${next - 1})`.execute(trx);
      }
    },
  };
}
