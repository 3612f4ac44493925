import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { PGlitePool } from './pglite-pool.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export type Database = {
  db: Kysely<DB>;
  engine: Engine;
  /** PostgreSQL only: the underlying pool (for COPY in bulk imports). */
  pgPool: pg.Pool | null;
  /** PGlite only: the instance (for COPY FROM a blob in bulk imports). */
  pglite: PGlite | null;
  close(): Promise<void>;
};

/**
 * One value parser for both engines: int8 (bigint: ids, money in fen, counts) becomes a JS number and
 * must be a safe integer; `date` stays a 'YYYY-MM-DD' string (no time-zone drift); numeric stays a string.
 */
const INT8_OID = 20;
const DATE_OID = 1082;

export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`bigint ${value} exceeds the safe integer range`);
  }
  return n;
}

const identity = (value: string) => value;

pg.types.setTypeParser(INT8_OID, parseInt8);
pg.types.setTypeParser(DATE_OID, identity);

/** The engine handles behind each Kysely that openDatabase returned (for COPY in bulk imports). */
const engineHandles = new WeakMap<Kysely<DB>, Pick<Database, 'engine' | 'pgPool' | 'pglite'>>();

/** The engine handles of a Kysely opened by openDatabase (pg.Pool or PGlite, for COPY), or null. */
export function engineHandlesOf(db: Kysely<DB>): Pick<Database, 'engine' | 'pgPool' | 'pglite'> | null {
  return engineHandles.get(db) ?? null;
}

export type OpenDatabaseOptions =
  | { engine: 'postgres'; databaseUrl: string; poolSize?: number }
  | { engine: 'pglite'; dataDir: string | null; loadDataDir?: Blob };

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client whose connection the server ends (restart, failover, a dropped test database) emits
    // 'error' on the pool; unhandled, that would crash the process. pg discards the client and reconnects.
    pool.on('error', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') {
        console.warn(`PostgreSQL idle connection error: ${error.message}`);
      }
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    engineHandles.set(db, { engine: 'postgres', pgPool: pool, pglite: null });
    return {
      db,
      engine: 'postgres',
      pgPool: pool,
      pglite: null,
      async close() {
        await db.destroy();
      },
    };
  }
  const releaseLock = options.dataDir ? acquireDataDirLock(options.dataDir) : () => {};
  let pglite: PGlite;
  try {
    const dataDir = options.dataDir ? path.join(options.dataDir, 'pgdata') : undefined;
    if (dataDir) {
      fs.mkdirSync(dataDir, { recursive: true });
    }
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [INT8_OID]: parseInt8, [DATE_OID]: identity },
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) as never }) });
  engineHandles.set(db, { engine: 'pglite', pgPool: null, pglite });
  return {
    db,
    engine: 'pglite',
    pgPool: null,
    pglite,
    async close() {
      await db.destroy();
      if (!pglite.closed) {
        await pglite.close();
      }
      releaseLock();
    },
  };
}
