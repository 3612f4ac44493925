import fs from 'node:fs';

/** The Chromium binary the tests drive: CHROMIUM_PATH, or the distribution's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails (never skips) when the browser is missing, saying how to fix it. */
export function assertChromiumInstalled(): void {
  let isExecutable = false;
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    isExecutable = fs.statSync(CHROMIUM_PATH).isFile();
  } catch {
    isExecutable = false;
  }
  if (!isExecutable) {
    throw new Error(
      `E2E tests need Chromium, but "${CHROMIUM_PATH}" is not an executable file. ` +
        'Install it (e.g. `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
  }
}
