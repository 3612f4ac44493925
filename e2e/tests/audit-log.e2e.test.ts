import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ApiSession, tryLogin, uniqueUsername } from '../support/api.ts';
import { DEMO, REGIONS } from '../support/demo.ts';
import { readDownload, test } from '../support/fixtures.ts';
import { buttonName, expectHomePage, loginViaUi } from '../support/ui.ts';

/** Applies the audit page's filters and waits for the answer to that query. */
async function search(page: Page, filters: { username: string; action?: string }): Promise<void> {
  await page.getByLabel('用户名', { exact: true }).fill(filters.username);
  await page.getByLabel('操作', { exact: true }).fill(filters.action ?? '');
  await Promise.all([
    page.waitForResponse(
      (r) =>
        r.url().includes('/api/v1/audit-events?') &&
        new URL(r.url()).searchParams.get('username') === filters.username,
    ),
    page.getByRole('button', { name: buttonName('查询') }).click(),
  ]);
}

test('the auditor sees logins and user creation in the audit log and exports it to Excel', async ({
  page,
  screenshot,
}) => {
  // Actions to find: the admin creates a user; that user fails one login, then signs in.
  const admin = await ApiSession.login(DEMO.admin.username, DEMO.admin.password);
  const username = uniqueUsername('audited');
  const password = 'Audit#2026z';
  const created = await admin.createUser({
    username,
    displayName: '被审计用户',
    password,
    role: 'viewer',
    regionCode: REGIONS.county.code,
  });
  expect((await tryLogin(username, 'Wrong#2026z')).status).toBe(401);
  await ApiSession.login(username, password);

  await loginViaUi(page, DEMO.auditor.username, DEMO.auditor.password);
  await expectHomePage(page, DEMO.auditor.displayName);
  await page.getByRole('menuitem', { name: '审计日志' }).click();
  await page.waitForURL(/\/audit/);
  await page.getByRole('heading', { name: '审计日志' }).waitFor();

  // The user's own logins: one failure, one success.
  await search(page, { username });
  await page.getByText('共 2 条', { exact: true }).waitFor();
  const loginRows = page.getByRole('row').filter({ hasText: username });
  expect(await loginRows.count()).toBe(2);
  expect(await loginRows.filter({ hasText: 'auth.login' }).count()).toBe(2);
  await loginRows.filter({ hasText: '成功' }).getByText('登录', { exact: true }).waitFor();
  await loginRows.filter({ hasText: '失败' }).getByText('登录', { exact: true }).waitFor();
  await screenshot('logins');

  // The administrator's creation of that user, found by the action's Chinese name.
  await search(page, { username: DEMO.admin.username, action: '新建用户' });
  const createdRow = page.getByRole('row').filter({ hasText: `用户 ${created.id}` });
  await createdRow.getByText('新建用户', { exact: true }).waitFor();
  await createdRow.getByText('user.create', { exact: true }).waitFor();
  await createdRow.getByText('成功', { exact: true }).waitFor();
  await screenshot('user-created');

  // The export downloads an Excel workbook of the filtered events.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 Excel' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^审计日志.*\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await readDownload(download));
  const sheet = workbook.worksheets[0];
  expect(sheet?.name).toBe('审计日志');
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((value) => String(value ?? '')));
  });
  expect(rows[0]).toEqual(expect.arrayContaining(['时间', '用户', '操作', '对象类型', '对象编号', '结果']));
  const header = rows[0] ?? [];
  const col = (name: string) => header.indexOf(name);
  const body = rows.slice(1);
  expect(body.length).toBeGreaterThan(0);
  expect(body.every((r) => r[col('用户')] === DEMO.admin.username && r[col('操作')] === 'user.create')).toBe(
    true,
  );
  expect(body.some((r) => r[col('对象编号')] === String(created.id) && r[col('结果')] === '成功')).toBe(true);
});
