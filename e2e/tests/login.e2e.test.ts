import { expect } from 'vitest';
import { DEMO } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import { expectHomePage, loginViaUi } from '../support/ui.ts';

test('demo county account signs in and sees the home page', async ({ page, screenshot }) => {
  await page.goto('/');
  // Signed-out visitors are sent to the login page.
  await page.waitForURL(/\/login/);
  await page.getByText('用户登录').waitFor();

  await loginViaUi(page, DEMO.county.username, DEMO.county.password);

  await expectHomePage(page, DEMO.county.displayName);
  expect(new URL(page.url()).pathname).toBe('/');
  await page.getByText('青龙满族自治县（130321000000）').first().waitFor();
  await page.getByRole('menuitem', { name: '首页' }).waitFor();
  await screenshot('home');
});
