import { expect } from 'vitest';
import { ApiSession, type ApiUser, uniqueUsername } from '../support/api.ts';
import { DEMO, REGIONS } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import { buttonName } from '../support/ui.ts';

const PASSWORD = 'Lock@2026x';

test('five wrong passwords lock the account with a Chinese message', async ({ page, screenshot }) => {
  // A dedicated account, so that the demo accounts other tests use are never locked.
  const admin = await ApiSession.login(DEMO.admin.username, DEMO.admin.password);
  const username = uniqueUsername('lock');
  await admin.createUser({
    username,
    displayName: '锁定测试员',
    password: PASSWORD,
    role: 'township',
    regionCode: REGIONS.qinglongTown.code,
  });

  await page.goto('/login');
  const alert = page.getByRole('alert');
  const attempt = async (password: string) => {
    // Type only while the form is idle (antd ignores clicks on a button that is still loading).
    await page.locator('button[type="submit"]:not(.ant-btn-loading)').waitFor();
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    // A click swallowed by a re-render on a busy machine sends no request: click again only then.
    for (let click = 0; click < 3; click += 1) {
      const response = page
        .waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'), { timeout: 10_000 })
        .catch(() => null);
      await page.getByRole('button', { name: buttonName('登录') }).click();
      const answer = await response;
      if (answer) {
        return answer.status();
      }
    }
    throw new Error('the login form never sent its request');
  };

  for (let failures = 1; failures <= 4; failures += 1) {
    expect(await attempt(`Wrong@${failures}x`)).toBe(401);
    await alert.getByText(`用户名或密码错误，再错 ${5 - failures} 次将锁定账号`).waitFor();
  }

  await attempt('Wrong@5x');
  await alert.getByText(/密码连续错误 5 次，账号已锁定 15 分钟（至 \d{2}:\d{2}）/).waitFor();
  await screenshot('locked');

  // Even the right password is refused while the lock lasts.
  expect(await attempt(PASSWORD)).toBe(423);
  await alert.getByText(/账号已锁定，请于 \d{2}:\d{2} 后再试或联系管理员解锁/).waitFor();
  expect(new URL(page.url()).pathname).toBe('/login');

  const list = await admin.request<{ items: ApiUser[] }>('GET', `/users?q=${username}`);
  expect(list.body.items.find((u) => u.username === username)?.status).toBe('locked');
});
