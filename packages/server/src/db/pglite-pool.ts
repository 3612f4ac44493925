import type { PGlite } from '@electric-sql/pglite';

/**
 * A pool-shaped adapter so Kysely's PostgresDialect can drive one PGlite instance.
 * PGlite has a single connection, so "connections" are handed out one at a time: a second
 * `connect()` waits until the first client is released. Code running inside a transaction must
 * therefore use the transaction object, never the outer `db` (that would wait forever).
 */
type QueryResultLike = { rows: unknown[]; rowCount: number; command: string };

const WRITE_COMMAND = /^\s*(insert|update|delete|merge)\b/i;

export class PGlitePool {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  async connect() {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    const pglite = this.pglite;
    let isReleased = false;
    return {
      async query(sql: string, parameters: readonly unknown[] = []): Promise<QueryResultLike> {
        const result = await pglite.query(sql, parameters as unknown[]);
        const command = WRITE_COMMAND.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command };
      },
      release() {
        if (!isReleased) {
          isReleased = true;
          release();
        }
      },
    };
  }

  async end(): Promise<void> {
    // The owner closes the PGlite instance itself (see database.ts).
  }
}
