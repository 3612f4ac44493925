import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Download, type Page } from 'playwright-core';
import { test as base, inject } from 'vitest';
import { assertChromiumInstalled, CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../screenshots');

/** Default wait for a page to show what the test expects (the server may be busy right after start). */
export const UI_TIMEOUT_MS = 20_000;

function slug(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

export type E2eFixtures = {
  /** A fresh browser context (no cookies) and page on the server under test. */
  page: Page;
  /** Another fresh context and page, for a second user signed in at the same time. */
  openPage: () => Promise<Page>;
  /** Saves a full-page screenshot (of `page` unless told) to e2e/screenshots/<test>--<name>.png. */
  screenshot: (name: string, of?: Page) => Promise<void>;
};

async function newContextPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    baseURL: inject('baseURL'),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  return context.newPage();
}

/**
 * `test` with Playwright fixtures: one Chromium per test file, a new context per test, a screenshot
 * of the page when a test fails.
 */
export const test = base.extend<E2eFixtures & { browser: Browser }>({
  browser: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their context
    async ({}, use) => {
      assertChromiumInstalled();
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'file' },
  ],
  page: async ({ browser, task }, use) => {
    const page = await newContextPage(browser);
    await use(page);
    if (task.result?.state === 'fail') {
      await saveScreenshot(page, `${slug(task.name)}--failed`);
    }
    await page.context().close();
  },
  openPage: async ({ browser, task }, use) => {
    const opened: Page[] = [];
    await use(async () => {
      const page = await newContextPage(browser);
      opened.push(page);
      return page;
    });
    for (const [index, page] of opened.entries()) {
      if (task.result?.state === 'fail') {
        await saveScreenshot(page, `${slug(task.name)}--failed-${index + 2}`);
      }
      await page.context().close();
    }
  },
  screenshot: async ({ page, task }, use) => {
    await use((name, of = page) => saveScreenshot(of, `${slug(task.name)}--${slug(name)}`));
  },
});

async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page
    .screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
    .catch(() => undefined);
}

/** A finished download's bytes, typed for exceljs' `workbook.xlsx.load`. */
export async function readDownload(download: Download): Promise<ArrayBuffer> {
  const bytes = fs.readFileSync(await download.path());
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
