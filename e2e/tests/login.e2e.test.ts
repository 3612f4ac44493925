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

  // 工作台: the county user's pending work, counted by the server; each card opens its list.
  await page.getByText('我的待办').waitFor();
  const cards = page.locator('[data-testid^="todo-"]');
  await cards.first().waitFor();
  expect(await cards.count()).toBeGreaterThanOrEqual(1);
  await page.getByText('入户核实待完成').waitFor();
  await page.getByText('问题待整改').waitFor();
  await screenshot('home');
  await page.getByRole('button', { name: '去处理：问题待整改' }).click();
  await page.waitForURL(/\/supervision\/problems\?open=true$/);
  await page.getByRole('switch', { name: '只看未销号' }).and(page.locator('[aria-checked="true"]')).waitFor();
});
