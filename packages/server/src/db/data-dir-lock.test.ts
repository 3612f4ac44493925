import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('data directory lock', () => {
  it('refuses a second holder while the first is alive, and frees on release', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    release();
    const again = acquireDataDirLock(dir);
    again();
  });

  it('replaces a stale lock left by a dead process', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'healthaid.lock'), '999999999');
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'healthaid.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('a second server on the same data directory exits with a clear bilingual message', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    try {
      const serverFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '../server.ts');
      const result = spawnSync(process.execPath, ['--import', 'tsx', serverFile], {
        env: { ...process.env, DATA_DIR: dir, PORT: '0', DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`数据目录 ${dir} 已被另一个 HealthAid 进程（PID ${process.pid}）使用`);
      expect(result.stderr).toContain('is in use by another HealthAid process');
    } finally {
      release();
    }
    // Spawning node with tsx takes seconds on a loaded machine: not a speed test.
  }, 60_000);
});
