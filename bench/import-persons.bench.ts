import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { addDays, buildCitizenId } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Database, openDatabase } from '../packages/server/src/db/database.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { seedDemoIfEmpty } from '../packages/server/src/demo/seed-demo.ts';
import type { Actor } from '../packages/server/src/modules/auth/actor.ts';
import {
  detectFileFormat,
  estimateCsvRows,
} from '../packages/server/src/modules/imports/import-file-reader.ts';
import { insertBatch } from '../packages/server/src/modules/imports/imports.repository.ts';
import {
  commitBatch,
  runPreview,
  todayInChina,
} from '../packages/server/src/modules/imports/imports.service.ts';
import { readBuiltinRegions } from '../packages/server/src/modules/regions/region-data.ts';
import { type Figure, report, SERVER_NODE_FLAGS, timeMs } from './harness.ts';

/**
 * Person-list import: a generated CSV of N rows (ROWS, default 200000; households of 3 in the real villages
 * of 青龙 130321, categories on every third person) goes through preview (streamed parse, validation,
 * registry comparison, staging) and commit (one transaction, multi-row INSERTs of 1,000) as the county user.
 * Reports rows/s of each phase, the peak RSS of each run and the floor (registryFloorMs: the registry's
 * writes alone, in a fresh database). Every engine/format runs in its own child process, started with the
 * server's Node flags (SERVER_NODE_FLAGS). PGlite always; PostgreSQL too unless PG=0 (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres; a scratch database is created); XLSX=1 adds the same rows
 * as .xlsx (streamed by exceljs' WorkbookReader).
 * Run: npm run bench -- import-persons   (ROWS=1000000 for the 1M-row case)
 */
const ROWS = Number(process.env.ROWS ?? 200_000);
const figures: Figure[] = [];

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

/** Writes the CSV in pieces (never the whole file in memory). */
function generateCsv(file: string, rows: number, villages: string[]): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(
    fd,
    '身份证号,姓名,户编号,与户主关系,村行政区划代码,人员类别,类别开始日期,联系电话,参保,主要致贫原因\r\n',
  );
  const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
  const given = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';
  const relations = ['户主', '配偶', '之子'];
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const household = Math.floor(i / 3);
    const village = villages[household % villages.length] ?? '130321100201';
    const id = buildCitizenId({
      addressCode: '130321',
      birthDate: addDays('1940-01-01', i % 25_000),
      sequence: Math.floor(i / 25_000),
    });
    const name = `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}`;
    const isHead = i % 3 === 0;
    const category = i % 3 === 1 ? '低保' : '';
    buffer +=
      `${id},${name},H${String(household).padStart(8, '0')},${relations[i % 3]},${village},${category},` +
      `${category ? '2024-01-01' : ''},138${String(i).padStart(8, '0')},是,${isHead ? '因病' : ''}\r\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
}

async function countyActor(database: Database): Promise<Actor> {
  const user = await database.db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('username', '=', 'county')
    .executeTakeFirstOrThrow();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: 'county',
    regionCode: '130321000000',
    institutionCode: null,
    sessionId: null,
    mustChangePassword: false,
  };
}

const RAW_COLUMNS =
  'id_number text PRIMARY KEY, name text, household_no text, relation text, village_code text, categories text, category_from text, phone text, insured text, main_cause text';

/** COPYs the CSV (header skipped) into `table`, whose columns are RAW_COLUMNS; returns the milliseconds. */
async function copyCsvMs(database: Database, table: string, csvFile: string): Promise<number> {
  const statement = `COPY ${table} FROM STDIN WITH (FORMAT csv, HEADER true)`;
  if (database.pgPool) {
    const client = await database.pgPool.connect();
    try {
      return await timeMs(() => pipeline(fs.createReadStream(csvFile), client.query(copyFrom(statement))));
    } finally {
      client.release();
    }
  }
  const pglite = database.pglite;
  if (!pglite) {
    throw new Error('no engine handle for COPY');
  }
  return await timeMs(async () => {
    const blob = new Blob([fs.readFileSync(csvFile)]);
    await pglite.query(statement.replace('STDIN', "'/dev/blob'"), [], { blob });
  });
}

/**
 * The reference: a raw COPY of the same CSV (all 10 columns as text, primary key on the ID number, no
 * validation, no triggers) into a scratch table. The import's rate divided by this one is the ratio the
 * issue asks for (target ≥ 0.25 on PostgreSQL).
 */
async function rawCopyMs(database: Database, csvFile: string): Promise<number> {
  await sql.raw(`CREATE TABLE bench_raw_copy (${RAW_COLUMNS})`).execute(database.db);
  try {
    return await copyCsvMs(database, 'bench_raw_copy', csvFile);
  } finally {
    await sql.raw('DROP TABLE bench_raw_copy').execute(database.db);
  }
}

/**
 * The floor: what the registry's own tables cost on this machine, whatever the import code does. In a freshly
 * migrated, empty database the raw rows are loaded into a scratch table (not timed); then one transaction
 * stores what a commit of those rows must store, set-based, with no parsing, validation, staging, comparison
 * or history: the households, the persons (with the person table's indexes, foreign keys and statistics
 * trigger), the ID index, the source rows and the categories. No import of these rows into this schema can
 * be faster; its ratio to the raw COPY bounds the import's.
 */
async function registryFloorMs(
  database: Database,
  csvFile: string,
  trace: (step: string, ms: number) => void,
): Promise<number> {
  await sql.raw(`CREATE TABLE bench_floor_rows (${RAW_COLUMNS})`).execute(database.db);
  await copyCsvMs(database, 'bench_floor_rows', csvFile);
  await sql`ANALYZE bench_floor_rows`.execute(database.db);
  const county = '130321';
  const step = async (name: string, statement: () => Promise<unknown>) =>
    trace(name, await timeMs(statement));
  const ms = await timeMs(() =>
    database.db.transaction().execute(async (trx) => {
      await step('households', () =>
        sql`
        INSERT INTO household (county_code, household_no, village_code, head_name, main_cause)
        SELECT DISTINCT ON (household_no) ${county}, household_no, village_code, name, nullif(main_cause, '')
        FROM bench_floor_rows ORDER BY household_no, relation <> '户主'`.execute(trx),
      );
      await step('persons', () =>
        sql`
        INSERT INTO person (county_code, id_number, name, sex, birth_date, household_id, relation, phone,
          village_code, is_insured)
        SELECT ${county}, r.id_number, r.name,
          CASE WHEN substr(r.id_number, 17, 1)::int % 2 = 1 THEN 'M' ELSE 'F' END,
          to_date(substr(r.id_number, 7, 8), 'YYYYMMDD'), h.id, r.relation, r.phone, r.village_code, r.insured = '是'
        FROM bench_floor_rows r JOIN household h ON h.county_code = ${county} AND h.household_no = r.household_no`.execute(
          trx,
        ),
      );
      await step('ID index', () =>
        sql`
        INSERT INTO person_id_index (id_number, county_code, person_id)
        SELECT id_number, county_code, id FROM person`.execute(trx),
      );
      await step('sources', () =>
        sql`
        INSERT INTO person_source (county_code, person_id, source_department, first_batch_id, last_batch_id)
        SELECT county_code, id, '扶贫办', 0, 0 FROM person`.execute(trx),
      );
      await step('categories', () =>
        sql`
        INSERT INTO person_category (county_code, person_id, category, valid_from, source)
        SELECT p.county_code, p.id, 'dibao', r.category_from::date, '扶贫办'
        FROM person p JOIN bench_floor_rows r ON r.id_number = p.id_number
        WHERE r.categories = '低保'`.execute(trx),
      );
    }),
  );
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(database.db);
  if (rows[0]?.n !== ROWS) {
    throw new Error(`floor wrote ${rows[0]?.n} persons of ${ROWS}`);
  }
  return ms;
}

async function measure(
  label: string,
  database: Database,
  file: string,
  format: Format,
  csvFile: string,
): Promise<{ importMs: number; copyMs: number }> {
  await seedDemoIfEmpty(database.db, () => {}, { population: false });
  const actor = await countyActor(database);
  const request = { id: 'bench', ip: '127.0.0.1', actor } as unknown as FastifyRequest;
  const scope = { countyCode: '130321', regionPrefix: '130321', regionCode: actor.regionCode };
  const detected = detectFileFormat(file, `bench.${format}`);
  const batchId = await insertBatch(database.db, {
    countyCode: '130321',
    regionCode: actor.regionCode,
    sourceDepartment: '扶贫办',
    fileName: `bench.${format}`,
    checksum: '0'.repeat(64),
    isFullList: false,
    userId: actor.userId,
    totalRows: format === 'csv' ? await estimateCsvRows(file) : null,
  });
  const steps: { phase: string; step: string; ms: number }[] = [];
  // WAL written by each phase (PostgreSQL): a figure that, unlike time, does not move with the machine's load.
  const walAt = async () =>
    database.pgPool
      ? (await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(database.db)).rows[0]
          ?.lsn
      : undefined;
  const walMiB = async (from: string | undefined, to: string | undefined) =>
    from && to
      ? Number(
          (
            await sql<{
              bytes: string;
            }>`SELECT pg_wal_lsn_diff(${to}::pg_lsn, ${from}::pg_lsn)::text AS bytes`.execute(database.db)
          ).rows[0]?.bytes ?? 0,
        ) /
        2 ** 20
      : undefined;
  const walBeforePreview = await walAt();
  const traceOf = (phase: string) => (step: string, ms: number) => steps.push({ phase, step, ms });
  const previewMs = await timeMs(() =>
    runPreview(
      database.db,
      {
        batchId,
        scope,
        source: '扶贫办',
        isFullList: false,
        filePath: file,
        format: detected.format,
        encoding: detected.encoding,
        today: todayInChina(),
      },
      { trace: traceOf('preview') },
    ),
  );
  const walAfterPreview = await walAt();
  const batch = await database.db
    .selectFrom('import_batch')
    .select(['status', 'counts', 'error_message'])
    .where('id', '=', batchId)
    .executeTakeFirstOrThrow();
  if (batch.status !== 'previewed' || batch.counts.new !== ROWS) {
    throw new Error(
      `${label}: preview ended ${batch.status} ${JSON.stringify(batch.counts)} ${batch.error_message}`,
    );
  }
  let committed = 0;
  const commitMs = await timeMs(async () => {
    committed = (await commitBatch(database.db, request, actor, batchId, { trace: traceOf('commit') })).new;
  });
  if (committed !== ROWS) {
    throw new Error(`${label}: commit wrote ${committed} of ${ROWS}`);
  }
  const walAfterCommit = await walAt();
  const wal = {
    preview: await walMiB(walBeforePreview, walAfterPreview),
    commit: await walMiB(walAfterPreview, walAfterCommit),
  };
  const rate = (ms: number) => Math.round((ROWS * 1000) / ms);
  const copyMs = await rawCopyMs(database, csvFile);
  figures.push(
    {
      name: `${label}: preview`,
      value: rate(previewMs),
      unit: 'rows/s',
      note: `${Math.round(previewMs)} ms`,
    },
    { name: `${label}: commit`, value: rate(commitMs), unit: 'rows/s', note: `${Math.round(commitMs)} ms` },
    {
      name: `${label}: preview + commit`,
      value: rate(previewMs + commitMs),
      unit: 'rows/s',
      note: `${ROWS} rows, ${batch.counts.householdsNew} households`,
    },
    {
      name: `${label}: raw COPY of the same rows`,
      value: rate(copyMs),
      unit: 'rows/s',
      note: `${Math.round(copyMs)} ms`,
    },
    ...Object.entries(wal).flatMap(([phase, mib]) =>
      mib === undefined
        ? []
        : [{ name: `${label}: WAL written by the ${phase}`, value: Math.round(mib), unit: 'MiB' }],
    ),
    ...steps.map((s) => ({
      name: `${label}: ${s.phase} step: ${s.step}`,
      value: Math.round(s.ms),
      unit: 'ms',
    })),
    {
      name: `${label}: import / raw COPY`,
      value: Math.round((copyMs / (previewMs + commitMs)) * 1000) / 1000,
      unit: 'ratio',
      note: 'target ≥ 0.25 on PostgreSQL',
    },
  );
  return { importMs: previewMs + commitMs, copyMs };
}

type Engine = 'pglite' | 'postgres';
type Format = 'csv' | 'xlsx';

/** A database of its own for one measurement: PGlite in memory, or a scratch database on PostgreSQL. */
async function openScratchDatabase(
  engine: Engine,
  name: string,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite', dataDir: null });
    return { database, drop: () => database.close() };
  }
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const scratch = `healthaid_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  // CREATE DATABASE fails while another session uses template1 (parallel test runs): retry a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${scratch}`);
      break;
    } catch (error) {
      if (attempt >= 10) {
        await admin.end();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  url.pathname = `/${scratch}`;
  const database = await openDatabase({ engine: 'postgres', databaseUrl: url.toString() });
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** One engine and one file format, in a child process so its peak RSS is its own. */
async function runChild(engine: Engine, format: Format, file: string): Promise<void> {
  const label = `${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} ${format.toUpperCase()}`;
  const csvFile = process.env.BENCH_CSV ?? file;
  const importRun = await openScratchDatabase(engine, 'import');
  let measured: { importMs: number; copyMs: number };
  try {
    await migrateToLatest(importRun.database.db);
    const baseline = process.memoryUsage.rss();
    measured = await measure(label, importRun.database, file, format, csvFile);
    figures.push({
      name: `${label}: peak RSS`,
      value: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
      unit: 'MiB',
      note: `${Math.round(baseline / 2 ** 20)} MiB before the import (database engine, migrations)`,
    });
  } finally {
    await importRun.drop();
  }
  // The floor runs in a database of its own, after the import's is gone: the same schema, empty.
  const floorRun = await openScratchDatabase(engine, 'floor');
  try {
    await migrateToLatest(floorRun.database.db);
    const floorSteps: { step: string; ms: number }[] = [];
    const floorMs = await registryFloorMs(floorRun.database, csvFile, (step, ms) =>
      floorSteps.push({ step, ms }),
    );
    figures.push(
      {
        name: `${label}: registry writes alone (floor)`,
        value: Math.round((ROWS * 1000) / floorMs),
        unit: 'rows/s',
        note: `${Math.round(floorMs)} ms`,
      },
      {
        name: `${label}: floor / raw COPY`,
        value: Math.round((measured.copyMs / floorMs) * 1000) / 1000,
        unit: 'ratio',
        note: 'the highest import / raw COPY ratio this schema allows here',
      },
      {
        name: `${label}: floor / import`,
        value: Math.round((floorMs / measured.importMs) * 1000) / 1000,
        unit: 'ratio',
        note: 'share of the import spent on the writes any import must do',
      },
      ...floorSteps.map((s) => ({
        name: `${label}: floor step: ${s.step}`,
        value: Math.round(s.ms),
        unit: 'ms',
      })),
    );
  } finally {
    await floorRun.drop();
  }
  process.stdout.write(`RESULT ${JSON.stringify(figures)}\n`);
}

/** The XLSX twin of the CSV, written with the streaming WorkbookWriter. */
async function writeXlsx(csvFile: string, xlsxFile: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxFile, useSharedStrings: false });
  const sheet = workbook.addWorksheet('人员名单');
  const text = fs.readFileSync(csvFile, 'utf8');
  for (const line of text.split('\r\n')) {
    if (line !== '') {
      sheet.addRow(line.split(',')).commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}

/** A comma-separated list from the environment (e.g. ENGINES=postgres, FORMATS=csv), checked against `allowed`. */
function listEnv<T extends string>(name: string, fallback: T[], allowed: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw) {
    return fallback;
  }
  const values = raw.split(',').map((v) => v.trim()) as T[];
  const unknown = values.filter((v) => !allowed.includes(v));
  if (unknown.length > 0) {
    throw new Error(`${name}: unknown ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
  }
  return values;
}

const child = process.env.BENCH_CHILD as Engine | undefined;
if (child) {
  await runChild(child, (process.env.BENCH_FORMAT ?? 'csv') as Format, process.env.BENCH_FILE ?? '');
  clearInterval(sampler);
} else {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-bench-import-'));
  const files: Record<Format, string> = {
    csv: path.join(workDir, 'persons.csv'),
    xlsx: path.join(workDir, 'persons.xlsx'),
  };
  const villages = readBuiltinRegions()
    .filter((r) => r.level === 'village' && r.code.startsWith('130321'))
    .map((r) => r.code)
    .sort();
  const generateMs = await timeMs(async () => generateCsv(files.csv, ROWS, villages));
  figures.push({
    name: 'CSV generated',
    value: Math.round(fs.statSync(files.csv).size / 2 ** 20),
    unit: 'MiB',
    note: `${ROWS} rows in ${Math.round(generateMs)} ms`,
  });
  const formats = listEnv<Format>('FORMATS', ['csv', 'xlsx'], ['csv', 'xlsx']);
  if (formats.includes('xlsx')) {
    await writeXlsx(files.csv, files.xlsx);
    figures.push({
      name: 'XLSX generated',
      value: Math.round(fs.statSync(files.xlsx).size / 2 ** 20),
      unit: 'MiB',
    });
  }
  const engines = listEnv<Engine>('ENGINES', process.env.PG === '0' ? ['pglite'] : ['pglite', 'postgres'], [
    'pglite',
    'postgres',
  ]);
  const profileDir = process.env.BENCH_CPU_PROF;
  const nodeFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  try {
    for (const format of formats) {
      for (const engine of engines) {
        const result = spawnSync(
          process.execPath,
          [...SERVER_NODE_FLAGS, ...nodeFlags, '--import', 'tsx', fileURLToPath(import.meta.url)],
          {
            env: {
              ...process.env,
              BENCH_CHILD: engine,
              BENCH_FORMAT: format,
              BENCH_FILE: files[format],
              BENCH_CSV: files.csv,
            },
            encoding: 'utf8',
            maxBuffer: 64 * 2 ** 20,
          },
        );
        const line = result.stdout.split('\n').find((l) => l.startsWith('RESULT '));
        if (result.status !== 0 || !line) {
          process.stderr.write(result.stderr);
          throw new Error(`${engine} ${format} failed (exit ${result.status})`);
        }
        figures.push(...(JSON.parse(line.slice('RESULT '.length)) as Figure[]));
      }
    }
  } finally {
    clearInterval(sampler);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  report('import-persons', figures, { rows: ROWS });
}
