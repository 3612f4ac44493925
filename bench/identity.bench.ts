import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { hashPassword } from '../packages/server/src/modules/auth/password.ts';
import { adminQuery, BENCH_DIR, type Figure, report, SERVER_NODE_FLAGS, timeMs } from './harness.ts';
import { generateRegistry } from './registry-data.ts';

/**
 * Hospital identity check over HTTP on PostgreSQL (issue 3 §8: ≥ 5,000 req/s, p99 ≤ 20 ms with 1M persons).
 *
 * 1. Creates the database `bench_identity` and loads PERSONS persons into the 406 villages of 青龙 (130321)
 *    with the shared generator (bench/registry-data.ts, INSERT … SELECT on the server), then gives them valid
 *    ID numbers (birth date, sequence, check character) and fills the ID index; 30 % get a family-doctor
 *    contract and 2 % an open treatment case, so every lateral join of the lookup has rows to find.
 * 2. Starts the real server (`packages/server/src/server.ts`) as a separate process on that database and
 *    issues an API token for the county hospital through the API, as an administrator would.
 * 3. Drives load with autocannon from this process: GET /api/v1/identity/{id} with random IDs of the loaded
 *    set, about 10 % of them valid IDs of nobody; then POST /api/v1/identity/batch with BATCH_SIZE IDs each.
 * 3b. Repeats the GET load at the connection counts of SWEEP and reports the highest throughput whose p99 is
 *    within 20 ms (the target is a throughput at a latency, so the load that reaches it is searched, not fixed).
 * 4. Checks that every lookup wrote its audit row, prints req/s and latency, writes bench/results/identity.json
 *    and drops the database (KEEP_DB=1 keeps it, and a kept database is reused by the next run).
 *
 * Run: npm run bench -- identity
 * Env: PERSONS (1000000), CONNECTIONS (32), SWEEP (48,64,80; empty for none), DURATION (20 s), BATCH_SIZE (100),
 *      BATCH_CONNECTIONS (4),
 *      BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), KEEP_DB, LOG_LEVEL (warn),
 *      PROFILE_DIR (write a CPU profile of the server).
 */
const PERSONS = Number(process.env.PERSONS ?? 1_000_000);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const DURATION = Number(process.env.DURATION ?? 20);
const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? 100);
const BATCH_CONNECTIONS = Number(process.env.BATCH_CONNECTIONS ?? 4);
const SWEEP = (process.env.SWEEP ?? '48,64,80')
  .split(',')
  .filter((c) => c.trim() !== '')
  .map(Number);
const P99_TARGET_MS = 20;
const KEEP_DB = process.env.KEEP_DB === '1';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'bench_identity';
const COUNTY = '130321';
const VILLAGES = 406;
const LOOKUP_DATE = '2026-06-01';
const NOT_FOUND_SHARE = 0.1;
const ID_POOL = 200_000;
const ADMIN = { username: 'bench_admin', password: 'Bench@2026x' };
const REPO_ROOT = path.resolve(BENCH_DIR, '..');

const figures: Figure[] = [];
const dbUrl = (() => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
})();

async function databaseExists(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** Loads the registry and everything the lookup joins; returns the number of persons. */
async function load(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<number> {
  const householdsPerVillage = Math.ceil(PERSONS / 3 / VILLAGES);
  // The per-row statistics triggers are for interactive writes; a bulk load folds nothing into them.
  await sql`ALTER TABLE person DISABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE person_category DISABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE household DISABLE TRIGGER USER`.execute(db);
  const persons = await generateRegistry(db, COUNTY, householdsPerVillage);
  // Valid ID numbers: county + birth date + sequence (odd for men, even for women) + check character.
  await sql`
    UPDATE person p SET id_number = x.body || substr('10X98765432'::text, (x.weighted % 11)::int + 1, 1)
    FROM (
      SELECT b.county_code, b.id, b.body,
             (SELECT sum(substr(b.body, w.i::int, 1)::int * w.weight)
              FROM unnest(ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]) WITH ORDINALITY AS w(weight, i))
               AS weighted
      FROM (SELECT county_code, id,
                   county_code || to_char(birth_date, 'YYYYMMDD')
                     || lpad((row_number() OVER (PARTITION BY county_code, birth_date, sex ORDER BY id) * 2
                              - CASE WHEN sex = 'M' THEN 1 ELSE 0 END)::text, 3, '0') AS body
            FROM person) b
    ) x
    WHERE p.county_code = x.county_code AND p.id = x.id`.execute(db);
  await sql`INSERT INTO person_id_index (id_number, county_code, person_id)
            SELECT id_number, county_code, id FROM person`.execute(db);
  await sql`ALTER TABLE person ENABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE person_category ENABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE household ENABLE TRIGGER USER`.execute(db);
  // One family-doctor team per township, a 2026 contract for 30 % of persons, an open case for 2 %.
  await sql`INSERT INTO fd_team (county_code, name, institution_name, members)
            SELECT ${COUNTY}, t.code || ' 家庭医生团队', t.name || '卫生院',
                   jsonb_build_array(jsonb_build_object('role', 'doctor', 'name', '医生' || t.code, 'phone', '13800000000'))
            FROM region t WHERE t.level = 'township' AND t.code LIKE ${`${COUNTY}%`}`.execute(db);
  await sql`INSERT INTO fd_contract (county_code, contract_no, person_id, village_code, team_id, package_ids,
                                     start_date, end_date, status, doctor_name)
            SELECT p.county_code, 'HT-' || p.id, p.id, p.village_code, t.id, '{}', DATE '2026-01-01',
                   DATE '2026-12-31', 'signed', '医生' || rpad(left(p.village_code, 9), 12, '0')
            FROM person p
            JOIN fd_team t ON t.county_code = p.county_code
                          AND t.name = rpad(left(p.village_code, 9), 12, '0') || ' 家庭医生团队'
            WHERE p.id % 10 < 3`.execute(db);
  await sql`INSERT INTO treatment_case (county_code, person_id, person_disease_key, item_code, item_name, opened_on,
                                        status, status_date)
            SELECT county_code, id, 'bench', 'lung_cancer', '肺癌', DATE '2026-03-01', 'treating', DATE '2026-03-10'
            FROM person WHERE id % 50 = 7`.execute(db);
  await sql`INSERT INTO treatment_case_event (county_code, case_id, status, event_date)
            SELECT county_code, id, 'treating', DATE '2026-03-10' FROM treatment_case`.execute(db);
  await sql`ANALYZE`.execute(db);
  return persons;
}

async function prepareAccounts(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<void> {
  await sql`INSERT INTO medical_institution (code, name, level, region_code, county_code)
            VALUES ('H130321001', '青龙满族自治县医院', 'county', '130321000000', ${COUNTY})
            ON CONFLICT (code) DO NOTHING`.execute(db);
  await sql`DELETE FROM app_user WHERE username = ${ADMIN.username}
              AND NOT EXISTS (SELECT 1 FROM api_token WHERE created_by = app_user.id)`.execute(db);
  await sql`INSERT INTO app_user (username, display_name, password_hash, role, region_code, must_change_password)
            VALUES (${ADMIN.username}, 'bench', ${await hashPassword(ADMIN.password)}, 'sysadmin', '130321000000', false)
            ON CONFLICT (username) DO NOTHING`.execute(db);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function startServer(): Promise<{ server: ChildProcess; base: string }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-identity-'));
  // PROFILE_DIR=/some/dir writes a V8 CPU profile of the server there when it stops.
  const profile = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [];
  const server = spawn(
    process.execPath,
    [
      ...SERVER_NODE_FLAGS,
      ...profile,
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'packages/server/src/server.ts'),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        DEMO: 'false',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: 'bench-identity-secret-bench-identity-secret',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        LOGIN_RATE_LIMIT: '1000',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`server exited with ${server.exitCode}`);
    }
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) {
        return { server, base };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.kill('SIGTERM');
  throw new Error('server did not become healthy within 120 s');
}

async function issueToken(base: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!login.ok) {
    throw new Error(`login failed: ${login.status} ${await login.text()}`);
  }
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const issued = await fetch(`${base}/api/v1/api-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({
      name: `bench ${new Date().toISOString()}`,
      institutionCode: 'H130321001',
      expiresOn,
    }),
  });
  if (issued.status !== 201) {
    throw new Error(`token issue failed: ${issued.status} ${await issued.text()}`);
  }
  return ((await issued.json()) as { secret: string }).secret;
}

/** Random IDs of loaded persons plus ~10 % valid IDs of nobody (another county's address code). */
async function idPool(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<string[]> {
  const { rows } = await sql<{ id_number: string }>`
    SELECT id_number FROM person TABLESAMPLE SYSTEM (50) ORDER BY random() LIMIT ${ID_POOL}`.execute(db);
  const known = rows.map((r) => r.id_number.trim());
  const strangers = known
    .slice(0, Math.round((known.length * NOT_FOUND_SHARE) / (1 - NOT_FOUND_SHARE)))
    .map((id) => {
      const body = `130322${id.slice(6, 17)}`;
      const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
      return body + ('10X98765432'[sum % 11] as string);
    });
  const pool = [...known, ...strangers];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool;
}

type LoadResult = {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  p975: number;
  max: number;
  non2xx: number;
};

async function drive(options: {
  base: string;
  token: string;
  connections: number;
  duration: number;
  request: () => { method: 'GET' | 'POST'; path: string; body?: string };
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.duration,
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const next = options.request();
          return {
            ...request,
            method: next.method,
            path: next.path,
            ...(next.body ? { body: next.body } : {}),
          };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

/** CPU time (user + system, ms) of a process so far, from /proc (Linux); null elsewhere. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * CPU used by the three parties, to tell cost per request apart from a busy machine's waiting: the server
 * process, the PostgreSQL backends serving the bench database (other databases on the same server are not
 * counted) and this process (autocannon).
 */
async function cpuSnapshot(db: Awaited<ReturnType<typeof openDatabase>>['db'], serverPid: number) {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = ${DB_NAME} AND pid <> pg_backend_pid()`.execute(db);
  const backends = new Map(rows.map((r) => [r.pid, processCpuMs(r.pid) ?? 0]));
  const own = process.cpuUsage();
  return { server: processCpuMs(serverPid) ?? 0, backends, loader: (own.user + own.system) / 1000 };
}

function cpuPerRequest(
  before: Awaited<ReturnType<typeof cpuSnapshot>>,
  after: Awaited<ReturnType<typeof cpuSnapshot>>,
  requests: number,
) {
  let database = 0;
  for (const [pid, ms] of after.backends) {
    database += ms - (before.backends.get(pid) ?? 0);
  }
  const per = (ms: number) => Math.round((ms / Math.max(1, requests)) * 1000) / 1000;
  return {
    server: per(after.server - before.server),
    database: per(database),
    loader: per(after.loader - before.loader),
  };
}

async function auditCount(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_event WHERE action = 'identity.checked'`.execute(db);
  return rows[0]?.n ?? 0;
}

const reuse = KEEP_DB && (await databaseExists());
if (!reuse) {
  await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${DB_NAME}`);
}
const database = await openDatabase({ engine: 'postgres', databaseUrl: dbUrl, poolSize: 4 });
let server: ChildProcess | null = null;
try {
  await migrateToLatest(database.db);
  if (reuse) {
    console.log(`reusing database ${DB_NAME}`);
  } else {
    let persons = 0;
    const loadMs = await timeMs(async () => {
      persons = await load(database.db);
    });
    figures.push({ name: 'persons loaded', value: persons, unit: 'persons' });
    figures.push({
      name: 'load (generate, ID numbers, index, contracts, ANALYZE)',
      value: Math.round(loadMs),
      unit: 'ms',
    });
  }
  await prepareAccounts(database.db);
  const pool = await idPool(database.db);
  const started = await startServer();
  server = started.server;
  const token = await issueToken(started.base);
  let next = 0;
  const pick = () => pool[next++ % pool.length] as string;

  // Warm-up (JIT, connection pool, buffer cache), not reported.
  await drive({
    base: started.base,
    token,
    connections: CONNECTIONS,
    duration: 5,
    request: () => ({ method: 'GET', path: `/api/v1/identity/${pick()}?date=${LOOKUP_DATE}` }),
  });

  const auditBefore = await auditCount(database.db);
  const serverPid = started.server.pid ?? 0;
  const cpuBefore = await cpuSnapshot(database.db, serverPid);
  const single = await drive({
    base: started.base,
    token,
    connections: CONNECTIONS,
    duration: DURATION,
    request: () => ({ method: 'GET', path: `/api/v1/identity/${pick()}?date=${LOOKUP_DATE}` }),
  });
  const cpuAfterSingle = await cpuSnapshot(database.db, serverPid);
  const auditAfterSingle = await auditCount(database.db);
  const singleCpu = cpuPerRequest(cpuBefore, cpuAfterSingle, single.requests);
  figures.push({
    name: 'GET /identity/{id} throughput',
    value: single.rps,
    unit: 'req/s',
    note: `${CONNECTIONS} connections, ${DURATION} s`,
  });
  figures.push({ name: 'GET /identity/{id} latency p50', value: single.p50, unit: 'ms' });
  figures.push({ name: 'GET /identity/{id} latency p97.5', value: single.p975, unit: 'ms' });
  figures.push({ name: 'GET /identity/{id} latency p99', value: single.p99, unit: 'ms' });
  figures.push({ name: 'GET /identity/{id} latency max', value: single.max, unit: 'ms' });
  figures.push({ name: 'GET /identity/{id} non-2xx/errors', value: single.non2xx, unit: 'responses' });
  figures.push({
    name: 'audit rows written during the single run',
    value: auditAfterSingle - auditBefore,
    unit: 'rows',
    note: `autocannon counted ${single.requests} requests (incl. those cut off at the end)`,
  });

  figures.push({
    name: 'GET /identity/{id} CPU per request: server',
    value: singleCpu.server,
    unit: 'ms',
    note: 'user+system of the server process / requests',
  });
  figures.push({
    name: 'GET /identity/{id} CPU per request: PostgreSQL',
    value: singleCpu.database,
    unit: 'ms',
    note: 'backends of the bench database',
  });
  figures.push({
    name: 'GET /identity/{id} CPU per request: autocannon',
    value: singleCpu.loader,
    unit: 'ms',
  });

  // Capacity at the latency target: the same GET load at other connection counts (SWEEP, default 48,64,80), the
  // way a capacity test finds the highest throughput whose p99 stays within 20 ms. Each run is reported.
  const atTarget: { connections: number; rps: number; p99: number }[] = [];
  if (single.p99 <= P99_TARGET_MS) {
    atTarget.push({ connections: CONNECTIONS, rps: single.rps, p99: single.p99 });
  }
  for (const connections of SWEEP) {
    const run = await drive({
      base: started.base,
      token,
      connections,
      duration: DURATION,
      request: () => ({ method: 'GET', path: `/api/v1/identity/${pick()}?date=${LOOKUP_DATE}` }),
    });
    if (run.non2xx > 0) {
      throw new Error(`non-2xx responses at ${connections} connections: ${run.non2xx}`);
    }
    figures.push({
      name: `GET /identity/{id} at ${connections} connections`,
      value: run.rps,
      unit: 'req/s',
      note: `p50 ${run.p50} ms, p99 ${run.p99} ms, max ${run.max} ms`,
    });
    if (run.p99 <= P99_TARGET_MS) {
      atTarget.push({ connections, rps: run.rps, p99: run.p99 });
    }
  }
  const best = atTarget.sort((a, b) => b.rps - a.rps)[0];
  figures.push({
    name: `GET /identity/{id} highest throughput with p99 ≤ ${P99_TARGET_MS} ms`,
    value: best?.rps ?? 0,
    unit: 'req/s',
    note: best ? `${best.connections} connections, p99 ${best.p99} ms` : 'no run met the latency target',
  });
  const cpuBeforeBatch = await cpuSnapshot(database.db, serverPid);
  const auditBeforeBatch = await auditCount(database.db);

  const batchBody = () =>
    JSON.stringify({ date: LOOKUP_DATE, items: Array.from({ length: BATCH_SIZE }, pick) });
  const batch = await drive({
    base: started.base,
    token,
    connections: BATCH_CONNECTIONS,
    duration: DURATION,
    request: () => ({ method: 'POST', path: '/api/v1/identity/batch', body: batchBody() }),
  });
  const cpuAfterBatch = await cpuSnapshot(database.db, serverPid);
  const auditAfterBatch = await auditCount(database.db);
  const batchCpu = cpuPerRequest(cpuBeforeBatch, cpuAfterBatch, batch.requests * BATCH_SIZE);
  figures.push({
    name: `POST /identity/batch (${BATCH_SIZE} IDs) throughput`,
    value: batch.rps,
    unit: 'req/s',
    note: `${batch.rps * BATCH_SIZE} IDs/s, ${BATCH_CONNECTIONS} connections`,
  });
  figures.push({ name: 'POST /identity/batch latency p50', value: batch.p50, unit: 'ms' });
  figures.push({ name: 'POST /identity/batch latency p99', value: batch.p99, unit: 'ms' });
  figures.push({ name: 'POST /identity/batch non-2xx/errors', value: batch.non2xx, unit: 'responses' });
  figures.push({
    name: 'POST /identity/batch CPU per ID: server / PostgreSQL',
    value: batchCpu.server,
    unit: 'ms',
    note: `PostgreSQL ${batchCpu.database} ms`,
  });
  figures.push({
    name: 'audit rows written during the batch run',
    value: auditAfterBatch - auditBeforeBatch,
    unit: 'rows',
  });
  if (single.non2xx > 0 || batch.non2xx > 0) {
    throw new Error(`non-2xx responses: single ${single.non2xx}, batch ${batch.non2xx}`);
  }
  report('identity', figures, {
    engine: 'postgres',
    persons: PERSONS,
    connections: CONNECTIONS,
    sweepConnections: SWEEP,
    durationSeconds: DURATION,
    batchSize: BATCH_SIZE,
    batchConnections: BATCH_CONNECTIONS,
    notFoundShare: NOT_FOUND_SHARE,
    serverLogLevel: process.env.LOG_LEVEL ?? 'warn',
    loadGenerator: 'autocannon in the bench process; server in its own process',
  });
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await database.close();
  if (!KEEP_DB) {
    await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}
