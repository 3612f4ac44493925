import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** Shared helpers of the benchmark scripts: timing, machine description and writing results. */

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * The Node flags `npm run serve` starts the server with (root package.json: a 64 MiB young generation, which
 * cuts the garbage collector's share of an import preview), for benchmarks that run server code in a process of
 * their own.
 */
export const SERVER_NODE_FLAGS: string[] = (() => {
  const packageJson = JSON.parse(fs.readFileSync(path.join(BENCH_DIR, '../package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = (packageJson.scripts.serve ?? '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('--import'));
})();

export type Figure = { name: string; value: number; unit: string; note?: string };

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Runs fn repeatedly for at least minMs and returns operations per second (after one warm-up pass). */
export function opsPerSecond(fn: () => void, minMs = 1000): number {
  for (let i = 0; i < 1000; i++) {
    fn();
  }
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  const minNs = BigInt(minMs) * 1_000_000n;
  while (elapsedNs < minNs) {
    for (let i = 0; i < 1000; i++) {
      fn();
    }
    ops += 1000;
    elapsedNs = process.hrtime.bigint() - start;
  }
  return Math.round((ops * 1e9) / Number(elapsedNs));
}

/** Milliseconds taken by an async function. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Prints the figures as a table and writes bench/results/<name>.json. */
export function report(name: string, figures: Figure[], extra: Record<string, unknown> = {}): void {
  const width = Math.max(...figures.map((f) => f.name.length));
  console.log(`\n${name} — ${new Date().toISOString()}`);
  for (const f of figures) {
    console.log(
      `  ${f.name.padEnd(width)}  ${String(f.value).padStart(12)} ${f.unit}${f.note ? `  (${f.note})` : ''}`,
    );
  }
  const file = path.join(BENCH_DIR, 'results', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `${JSON.stringify({ name, date: new Date().toISOString(), machine: machine(), figures, ...extra }, null, 2)}\n`,
  );
  console.log(`  → ${path.relative(process.cwd(), file)}`);
}

/** Runs one statement on its own connection (CREATE / DROP DATABASE, which cannot run in a pool's transaction). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
