import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import type { Database } from '../db/database.ts';
import { openMigratedDatabase } from '../db/open-from-config.ts';

/**
 * Shared plumbing of the command-line tools: parse named options, open and migrate the configured
 * database (PGlite in DATA_DIR, or PostgreSQL with DATABASE_URL), run, close, and turn any error into
 * one Chinese line and exit code 1.
 */
export async function runCli<T extends Record<string, { type: 'string' | 'boolean' }>>(
  usage: string,
  options: T,
  body: (
    args: { values: Record<string, string | boolean | undefined>; positionals: string[] },
    database: Database,
  ) => Promise<void>,
): Promise<void> {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ options, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`参数错误：${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
  let database: Database | null = null;
  try {
    database = await openMigratedDatabase(loadConfig());
    await body(parsed, database);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof DataDirLockedError ? message : `失败：${message}`);
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}

export function requireOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
  usage: string,
): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`缺少参数 --${name}\n${usage}`);
  }
  return value.trim();
}
