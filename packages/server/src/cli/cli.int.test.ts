import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../test/global-setup.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const template = inject('dbTemplate');

/** Environment pointing the CLI at a fresh database of the project's engine. */
let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-cli-'));
  if (template.engine === 'pglite') {
    env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  const name = `healthaid_t_${template.template.split('_')[2]}_cli${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: withDatabase(template.url, name) };
  cleanup = async () => {
    const c = new pg.Client({ connectionString: template.url });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
});

afterAll(async () => {
  await cleanup();
});

function cli(script: string, args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'packages/server/src/cli', script), ...args],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command-line tools', () => {
  it('db:migrate migrates an empty database and lists the migrations', () => {
    const result = cli('migrate.ts', []);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('已迁移到最新版本');
    expect(result.stdout).toContain('2026_11_23_0900_init');
  });

  it('user:create creates an account that must change its password, and refuses a duplicate', () => {
    const args = [
      '--username',
      'liwei',
      '--password',
      'Lw@2026xyz',
      '--role',
      'township',
      '--region',
      '130321100',
    ];
    const first = cli('user-create.ts', args);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('已创建用户 liwei');
    expect(first.stdout).toContain('青龙镇');
    const second = cli('user-create.ts', args);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('用户名“liwei”已被使用');
  });

  it('user:create explains bad input in Chinese', () => {
    const badRole = cli('user-create.ts', [
      '--username',
      'x1',
      '--password',
      'Lw@2026xyz',
      '--role',
      'boss',
      '--region',
      '130321',
    ]);
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toContain('角色“boss”不存在');
    const badRegion = cli('user-create.ts', [
      '--username',
      'x2',
      '--password',
      'Lw@2026xyz',
      '--role',
      'county',
      '--region',
      '999999',
    ]);
    expect(badRegion.stderr).toContain('行政区划代码“999999”不存在');
    const missing = cli('user-create.ts', ['--username', 'x3']);
    expect(missing.stderr).toContain('缺少参数 --password');
  });

  it('regions:import loads villages once and checks their townships', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-villages-'));
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(
      good,
      'code,name,streetCode,provinceCode,cityCode,areaCode\n130321100901,试点一村,130321100,13,1303,130321\n130321100902,试点二村,130321100,13,1303,130321\n',
    );
    const first = cli('regions-import.ts', [good]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('已读取 2 个村级区划，新增 2 个');
    const again = cli('regions-import.ts', [good]);
    expect(again.stdout).toContain('新增 0 个');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'code,name,streetCode,provinceCode,cityCode,areaCode\n999999999001,无效村,999999999,99,9999,999999\n',
    );
    const refused = cli('regions-import.ts', [bad]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('乡镇代码在区划表中不存在');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('db:backup and db:restore round-trip the embedded database (PostgreSQL users are sent to pg_dump)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-backup-'));
    const file = path.join(dir, 'backup.tar.gz');
    const backup = cli('backup.ts', [file]);
    if (template.engine === 'postgres') {
      expect(backup.status).toBe(1);
      expect(backup.stderr).toContain('pg_dump');
      fs.rmSync(dir, { recursive: true, force: true });
      return;
    }
    expect(backup.stderr).toBe('');
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(cli('backup.ts', [file]).stderr).toContain('已存在，不会覆盖');
    const restoredDir = path.join(dir, 'restored');
    const restoreEnv = { ...env, DATA_DIR: restoredDir };
    const restore = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'packages/server/src/cli/restore.ts'), file],
      { env: restoreEnv, encoding: 'utf8', timeout: 120_000 },
    );
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toContain('已从');
    // The restored copy holds the account created above.
    const duplicate = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'packages/server/src/cli/user-create.ts'),
        ...['--username', 'liwei', '--password', 'Lw@2026xyz', '--role', 'township', '--region', '130321100'],
      ],
      { env: restoreEnv, encoding: 'utf8', timeout: 120_000 },
    );
    expect(duplicate.stderr).toContain('用户名“liwei”已被使用');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
