import { expect } from 'vitest';
import { ApiSession, tryLogin, uniqueUsername } from '../support/api.ts';
import { DEMO, REGIONS } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import { expectHomePage, loginViaUi } from '../support/ui.ts';

test('a user created by the admin must change the initial password at first login', async ({
  page,
  screenshot,
}) => {
  const admin = await ApiSession.login(DEMO.admin.username, DEMO.admin.password);
  const username = uniqueUsername('fresh');
  const initialPassword = 'Init@2026x';
  const newPassword = 'Mine#2026y';
  const created = await admin.createUser({
    username,
    displayName: '新任业务员',
    password: initialPassword,
    role: 'county',
    regionCode: REGIONS.county.code,
  });
  expect(created.mustChangePassword).toBe(true);

  await loginViaUi(page, username, initialPassword);
  await page.waitForURL(/\/change-password$/);
  await page.getByText('首次登录或密码已被管理员重置，请先修改密码后再使用系统。').waitFor();
  await screenshot('forced');

  // The rest of the application stays closed until the password is changed.
  await page.goto('/');
  await page.waitForURL(/\/change-password$/);
  await page.getByLabel('当前密码', { exact: true }).waitFor();

  await page.getByLabel('当前密码', { exact: true }).fill(initialPassword);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('确认新密码', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: '确认修改' }).click();

  await page.getByText('密码已修改').waitFor();
  await expectHomePage(page, '新任业务员');
  expect(new URL(page.url()).pathname).toBe('/');
  await screenshot('home');

  // The old password no longer works; the new one opens a normal session.
  expect((await tryLogin(username, initialPassword)).status).toBe(401);
  const again = await ApiSession.login(username, newPassword);
  expect(again.user.mustChangePassword).toBe(false);
});
