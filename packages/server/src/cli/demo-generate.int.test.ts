import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../test/global-setup.ts';
import { type Database, openDatabase } from '../db/database.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const template = inject('dbTemplate');

/** Environment pointing the CLI at a fresh database of the project's engine. */
let env: NodeJS.ProcessEnv;
let dataDir: string;
let databaseUrl: string | null = null;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-demo-cli-'));
  if (template.engine === 'pglite') {
    env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  const name = `healthaid_t_${template.template.split('_')[2]}_demo${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  databaseUrl = withDatabase(template.url, name);
  env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
  cleanup = async () => {
    const c = new pg.Client({ connectionString: template.url });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}, 60_000);

afterAll(async () => {
  await cleanup();
});

function generate(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'packages/server/src/cli/demo-generate.ts'), ...args],
    { env, encoding: 'utf8', timeout: 300_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function open(): Promise<Database> {
  return databaseUrl
    ? openDatabase({ engine: 'postgres', databaseUrl })
    : openDatabase({ engine: 'pglite', dataDir });
}

describe('npm run demo:generate', () => {
  it('writes a small county with activity into the configured database, and the same file for the same seed', async () => {
    const file = path.join(dataDir, 'list.csv');
    const result = generate(['--county', '130321', '--persons', '1500', '--seed', '3', '--out', file]);
    expect(result.stderr).not.toContain('失败');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('已写入户籍人口');
    expect(result.stdout).toContain('1500人');
    expect(result.stdout).toContain('已写入业务数据');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1501);

    const again = path.join(dataDir, 'again.csv');
    const second = generate(['--persons', '1500', '--seed', '3', '--out', again, '--no-db']);
    expect(second.status).toBe(0);
    expect(fs.readFileSync(again, 'utf8')).toBe(fs.readFileSync(file, 'utf8'));

    const database = await open();
    try {
      const counts = await database.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(counts.n)).toBe(1500);
      const diagnoses = await database.db
        .selectFrom('diagnosis')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(diagnoses.n)).toBeGreaterThan(300);
      const ids = await database.db.selectFrom('person').select('id_number').orderBy('id').limit(3).execute();
      for (const { id_number } of ids) {
        expect(lines.some((line) => line.startsWith(`"${id_number}"`))).toBe(true);
      }
    } finally {
      await database.close();
    }
  }, 400_000);

  it('refuses a county that already has households, and bad arguments, with a Chinese message', () => {
    const again = generate(['--county', '130321', '--persons', '10']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('区县130321已有户籍数据');
    const bad = generate(['--persons', 'many']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('人数“many”无效');
    const noVillages = generate([
      '--county',
      '130322',
      '--persons',
      '10',
      '--no-db',
      '--out',
      path.join(dataDir, 'x.csv'),
    ]);
    expect(noVillages.status).toBe(1);
    expect(noVillages.stderr).toContain('没有村（社区）');
    const noTarget = generate(['--no-db']);
    expect(noTarget.stderr).toContain('--no-db 时必须用 --out 指定输出文件');
  }, 300_000);
});
