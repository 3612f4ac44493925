import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type AppConfig = {
  port: number;
  host: string;
  /** Embedded database, lock file and generated secrets live here. */
  dataDir: string;
  /** When set, PostgreSQL is used instead of the embedded PGlite. */
  databaseUrl: string | null;
  /** Load the demo county (accounts and data) into an empty database on start. */
  demo: boolean;
  /** HMAC key for session tokens stored in the database. */
  sessionSecret: string;
  sessionIdleMinutes: number;
  loginRateLimitPerMinute: number;
  trustProxy: boolean;
  logLevel: string;
  webDistDir: string;
  version: string;
  /**
   * Days a completed 数据对比 keeps its list's rows (full ID numbers) for 重新对比; older lists are deleted. 0 keeps
   * them without limit.
   */
  comparisonListRetentionDays: number;
};

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '../../..');

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function parseBoolean(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') {
    return fallback;
  }
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function parseInteger(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined || value === '') {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(
      `环境变量 ${name} 必须是不小于 ${min} 的整数，实际为“${value}” / ${name} must be an integer >= ${min}`,
    );
  }
  return n;
}

/** The session secret: SESSION_SECRET, or a random one generated once and kept in DATA_DIR. */
function resolveSessionSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) {
    if (fromEnv.length < 32) {
      throw new Error('SESSION_SECRET 至少需要 32 个字符 / SESSION_SECRET must be at least 32 characters');
    }
    return fromEnv;
  }
  const file = path.join(dataDir, 'session-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(REPO_ROOT, 'data'));
  return {
    port: parseInteger('PORT', env.PORT, 3000, 0),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    demo: parseBoolean(env.DEMO, true),
    sessionSecret: resolveSessionSecret(dataDir, env.SESSION_SECRET),
    sessionIdleMinutes: parseInteger('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 30),
    loginRateLimitPerMinute: parseInteger('LOGIN_RATE_LIMIT', env.LOGIN_RATE_LIMIT, 30),
    trustProxy: parseBoolean(env.TRUST_PROXY, false),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDistDir: path.resolve(env.WEB_DIST_DIR ?? path.join(REPO_ROOT, 'packages/web/dist')),
    version: readVersion(),
    comparisonListRetentionDays: parseInteger(
      'COMPARISON_LIST_RETENTION_DAYS',
      env.COMPARISON_LIST_RETENTION_DAYS,
      90,
      0,
    ),
  };
}
