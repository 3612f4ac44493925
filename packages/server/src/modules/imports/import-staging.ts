import type { FileHousehold, ImportedPerson } from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { engineHandlesOf } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

/**
 * Loads a preview's valid rows into the staging tables with COPY, on both engines: PostgreSQL streams one
 * `COPY … FROM STDIN` (pg-copy-streams, on its own pooled connection) while the file is still being parsed,
 * so the server ingests one part while Node validates the next; PGlite (one connection, same thread) loads
 * the CSV in pieces of a few megabytes with `COPY … FROM '/dev/blob'`. Everything else (the checks against
 * the registry, the commit) is plain SQL on the ordinary Kysely connection, the same on both engines.
 */

export const STAGED_PERSON_COLUMNS = [
  'county_code',
  'batch_id',
  'row_number',
  'id_number',
  'name',
  'sex',
  'birth_date',
  'village_code',
  'household_no',
  'relation',
  'phone',
  'categories',
  'category_from',
  'is_insured',
  'has_premium_subsidy',
  'disability_cert',
  'status',
  'status_date',
] as const;

export const STAGED_HOUSEHOLD_COLUMNS = [
  'county_code',
  'batch_id',
  'household_no',
  'village_code',
  'head_name',
  'address',
  'poverty_attribute',
  'main_cause',
  'other_causes',
  'registered_year',
  'exit_status',
  'exit_year',
  'monitoring_type',
  'risk_status',
] as const;

/**
 * COPY text format (tab-separated, \N for NULL), written by hand for the staged rows: one template string per
 * row instead of an array of quoted CSV fields (demo/bulk-copy.ts's csvLine), a third of the cost per row,
 * which counts at 200k rows. Strings are escaped only when they hold a backslash, tab or line break.
 */
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function text(value: string | undefined): string {
  if (value === undefined) {
    return '\\N';
  }
  return SPECIAL.test(value) ? value.replace(SPECIALS, (ch) => ESCAPED[ch] ?? ch) : value;
}

const flag = (value: boolean | undefined) => (value === undefined ? '\\N' : value ? 't' : 'f');
const number = (value: number | undefined) => (value === undefined ? '\\N' : String(value));

/** A text[] value: an array literal with every element quoted (then escaped as COPY text). */
function textArray(values: readonly string[] | undefined): string {
  if (values === undefined) {
    return '\\N';
  }
  return text(`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
}

/** One staged person row (COPY text), in STAGED_PERSON_COLUMNS order; absent values are NULL. */
export function stagedPersonLine(countyCode: string, batchId: number, p: ImportedPerson): string {
  return `${countyCode}\t${batchId}\t${p.rowNumber}\t${text(p.idNumber)}\t${text(p.name)}\t${p.sex}\t${text(
    p.birthDate,
  )}\t${text(p.villageCode)}\t${text(p.householdNo)}\t${text(p.relation)}\t${text(p.phone)}\t${textArray(
    p.categories,
  )}\t${text(p.categoryFrom)}\t${flag(p.isInsured)}\t${flag(p.hasPremiumSubsidy)}\t${text(
    p.disabilityCert,
  )}\t${text(p.status)}\t${text(p.statusDate)}\n`;
}

/** One staged household row (COPY text), in STAGED_HOUSEHOLD_COLUMNS order. */
export function stagedHouseholdLine(countyCode: string, batchId: number, h: FileHousehold): string {
  const v = h.values;
  return `${countyCode}\t${batchId}\t${text(h.householdNo)}\t${text(h.villageCode)}\t${text(h.headName)}\t${text(
    v.address,
  )}\t${text(v.povertyAttribute)}\t${text(v.mainCause)}\t${textArray(v.otherCauses)}\t${number(
    v.registeredYear,
  )}\t${text(v.exitStatus)}\t${number(v.exitYear)}\t${text(v.monitoringType)}\t${text(v.riskStatus)}\n`;
}

/** A COPY target fed line by line; `flush` applies back-pressure, `end` completes the load. */
export type CopyWriter = {
  /** Appends one CSV line (see stagedPersonLine); cheap, buffered. */
  write(line: string): void;
  /** Hands the buffered lines to the engine when enough have gathered; await it every few thousand rows. */
  flush(): Promise<void>;
  /** Loads what is left and finishes the COPY. */
  end(): Promise<void>;
  /**
   * Abandons the load. Never throws. PostgreSQL: the one COPY ends with CopyFail, nothing is kept. PGlite: the
   * pieces already loaded stay; the caller clears the batch's staging (runPreview does on any failure).
   */
  abort(): Promise<void>;
};

/** PostgreSQL: pieces of this size are written to the COPY stream. */
const PG_PIECE_CHARS = 256 * 1024;
/** PGlite: one COPY per piece of this size (the whole piece is one Blob in memory). */
const PGLITE_PIECE_CHARS = 4 * 1024 * 1024;

export async function openCopyWriter(
  db: Kysely<DB>,
  table: 'import_staged_row' | 'import_staged_household' | 'registry_comparison_staged_row',
  columns: readonly string[],
  options: { pieceChars?: number } = {},
): Promise<CopyWriter> {
  const handles = engineHandlesOf(db);
  if (!handles) {
    throw new Error('import staging needs a database opened by openDatabase (COPY)');
  }
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  const { pgPool, pglite } = handles;
  if (pglite) {
    let lines: string[] = [];
    let chars = 0;
    const load = async () => {
      if (lines.length === 0) {
        return;
      }
      const blob = new Blob(lines);
      lines = [];
      chars = 0;
      // Hold the pool's one connection, so no other statement interleaves with the COPY.
      await db.connection().execute(async () => {
        await pglite.query(statement.replace('FROM STDIN', "FROM '/dev/blob'"), [], { blob });
      });
    };
    return {
      write(line) {
        lines.push(line);
        chars += line.length;
      },
      async flush() {
        if (chars >= (options.pieceChars ?? PGLITE_PIECE_CHARS)) {
          await load();
        }
      },
      end: load,
      async abort() {
        lines = [];
      },
    };
  }
  if (!pgPool) {
    throw new Error('import staging: no engine handle');
  }
  return openPgCopyWriter(await pgPool.connect(), statement, options.pieceChars ?? PG_PIECE_CHARS);
}

function openPgCopyWriter(client: pg.PoolClient, statement: string, pieceChars: number): CopyWriter {
  const stream = client.query(copyFrom(statement));
  let failure: Error | null = null;
  let isReleased = false;
  const release = (discard: boolean) => {
    if (!isReleased) {
      isReleased = true;
      client.release(discard);
    }
  };
  // A rejected row (constraint) or a lost connection ends the stream with an error: keep it for the caller.
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  let pending: string[] = [];
  let chars = 0;
  const send = async () => {
    if (failure) {
      throw failure;
    }
    if (pending.length === 0) {
      return;
    }
    const piece = pending.join('');
    pending = [];
    chars = 0;
    if (!stream.write(piece)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          stream.off('drain', onDrain);
          reject(error);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    }
  };
  return {
    write(line) {
      pending.push(line);
      chars += line.length;
    },
    async flush() {
      if (chars >= pieceChars) {
        await send();
      }
    },
    async end() {
      try {
        await send();
        await new Promise<void>((resolve, reject) => {
          if (failure) {
            reject(failure);
            return;
          }
          stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
        });
        release(false);
      } catch (error) {
        release(true);
        throw error;
      }
    },
    async abort() {
      pending = [];
      if (!isReleased) {
        // Ends the COPY with CopyFail (nothing is kept); the connection is discarded, not reused.
        stream.destroy(new Error('import preview aborted'));
        release(true);
      }
    },
  };
}
