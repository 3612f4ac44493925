import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { assertChromiumInstalled } from './chromium.ts';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../screenshots');

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the server under test, e.g. http://127.0.0.1:41234 */
    baseURL: string;
  }
}

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
// E2E_WEB_DIST: serve a build made elsewhere (e.g. `vite build --outDir /tmp/x`), so parallel work never
// shares packages/web/dist.
const WEB_DIST = process.env.E2E_WEB_DIST ?? path.join(REPO_ROOT, 'packages/web/dist');
// The first start loads the 70,000-person demo county; a loaded machine may need longer (E2E_START_TIMEOUT_MS).
const START_TIMEOUT_MS = Number(process.env.E2E_START_TIMEOUT_MS ?? 600_000);
const STOP_TIMEOUT_MS = 15_000;

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('could not determine a free port'));
        }
      });
    });
  });
}

async function waitUntilHealthy(baseURL: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `server exited (${server.exitCode ?? server.signalCode}) before it was ready:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${baseURL}/api/v1/health`);
      if (response.ok && ((await response.json()) as { status?: string }).status === 'ok') {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server not healthy after ${START_TIMEOUT_MS / 1000}s:\n${output()}`);
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

/**
 * Starts the real server (demo county, empty temporary data directory, free port) serving the built
 * web app, waits for /api/v1/health, and hands its origin to the tests as `inject('baseURL')`.
 * E2E_BASE_URL instead points the tests at an already running demo server.
 */
export default async function setup(project: TestProject) {
  assertChromiumInstalled();
  // Screenshots of this run only.
  fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  // For working on the tests: reuse a server you started yourself (it must run with DEMO=true).
  const external = process.env.E2E_BASE_URL;
  if (external) {
    project.provide('baseURL', external.replace(/\/+$/, ''));
    return;
  }
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(
      `web app not built (${WEB_DIST}/index.html missing): run \`npm run e2e\` (it builds first)`,
    );
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-e2e-'));
  const dataDir = path.join(workDir, 'data');
  // Serve a snapshot of the build, so that a rebuild during the run cannot swap assets under the tests.
  const webDistDir = path.join(workDir, 'web');
  fs.cpSync(WEB_DIST, webDistDir, { recursive: true });
  const port = await findFreePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let log = '';
  const server = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/server.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      // Always the embedded database in the fresh directory, never a PostgreSQL from the environment.
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: webDistDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);

  const teardown = async () => {
    await stop(server);
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(baseURL, server, () => log);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('baseURL', baseURL);
  return teardown;
}
