import { expect } from 'vitest';
import { uniqueUsername } from '../support/api.ts';
import { DEMO, REGIONS } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import {
  buttonName,
  closePopups,
  expectHomePage,
  loginViaUi,
  pickCascaderPath,
  pickSelectOption,
} from '../support/ui.ts';

const INITIAL_PASSWORD = 'Zushan@2026';
const OWN_PASSWORD = 'Zushan#2027';

test('admin creates a township user in the UI; that user sees only his township', async ({
  page,
  openPage,
  screenshot,
}) => {
  const username = uniqueUsername('zushan');
  const displayName = '祖山镇卫生院';

  // --- The administrator creates the account on the users page.
  await loginViaUi(page, DEMO.admin.username, DEMO.admin.password);
  await expectHomePage(page, DEMO.admin.displayName);
  await page.getByRole('menuitem', { name: '用户管理' }).click();
  await page.waitForURL(/\/admin\/users/);
  await page.getByRole('button', { name: '新建用户' }).click();

  const dialog = page.getByRole('dialog', { name: '新建用户' });
  await dialog.getByLabel('用户名', { exact: true }).fill(username);
  await dialog.getByLabel('姓名', { exact: true }).fill(displayName);
  await pickSelectOption(page, dialog.getByLabel('角色', { exact: true }), '乡镇人员');
  await dialog.getByLabel('所属区划', { exact: true }).click();
  await pickCascaderPath(page, [REGIONS.county.name, REGIONS.zushanTown.name]);
  await closePopups(page);
  await dialog.getByTitle(`${REGIONS.county.name} / ${REGIONS.zushanTown.name}`).waitFor();
  await dialog.getByLabel('初始密码', { exact: true }).fill(INITIAL_PASSWORD);
  await dialog.getByLabel('确认初始密码', { exact: true }).fill(INITIAL_PASSWORD);
  await screenshot('create-dialog');

  const [created] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: buttonName('创建') }).click(),
  ]);
  expect(created.status()).toBe(201);
  expect(await created.json()).toMatchObject({
    username,
    role: 'township',
    regionCode: REGIONS.zushanTown.code,
    mustChangePassword: true,
  });
  await page.getByText(`已创建用户 ${username}，首次登录时须修改密码`).waitFor();
  await page.getByLabel('关键字', { exact: true }).fill(username);
  await page.getByRole('button', { name: buttonName('查询') }).click();
  const row = page.getByRole('row').filter({ hasText: username });
  await row.getByRole('cell', { name: REGIONS.zushanTown.name, exact: true }).waitFor();
  await row.getByRole('cell', { name: '乡镇人员', exact: true }).waitFor();
  await row.getByText('待改密').waitFor();
  await screenshot('users-list');

  // --- The new user signs in (own browser context), changes the initial password, reaches home.
  const userPage = await openPage();
  await loginViaUi(userPage, username, INITIAL_PASSWORD);
  await userPage.waitForURL(/\/change-password$/);
  await userPage.getByLabel('当前密码', { exact: true }).fill(INITIAL_PASSWORD);
  await userPage.getByLabel('新密码', { exact: true }).fill(OWN_PASSWORD);
  await userPage.getByLabel('确认新密码', { exact: true }).fill(OWN_PASSWORD);
  await userPage.getByRole('button', { name: '确认修改' }).click();
  await expectHomePage(userPage, displayName);
  await userPage.getByText(`${REGIONS.zushanTown.name}（${REGIONS.zushanTown.code}）`).first().waitFor();

  // The regions tree starts at his township and holds only its villages.
  await userPage.getByRole('menuitem', { name: '行政区划' }).click();
  await userPage.waitForURL(/\/regions/);
  const tree = userPage.getByRole('tree');
  await tree.getByText(REGIONS.zushanTown.code, { exact: true }).waitFor();
  const codes = tree.getByText(/^\d{12}$/);
  await codes.nth(1).waitFor(); // the villages are loaded under the township
  const shown = await codes.allTextContents();
  expect(shown.length).toBeGreaterThan(1);
  expect(shown.every((code) => code.startsWith('130321101'))).toBe(true);
  expect(await tree.getByText(REGIONS.qinglongTown.name).count()).toBe(0);
  expect(await tree.getByText(REGIONS.county.name).count()).toBe(0);
  await screenshot('township-regions', userPage);

  // Direct API calls with his session: his township is readable, another township is refused.
  const api = userPage.request;
  expect((await api.get(`/api/v1/regions/${REGIONS.zushanTown.code}`)).status()).toBe(200);
  const otherTown = await api.get(`/api/v1/regions/${REGIONS.qinglongTown.code}`);
  expect(otherTown.status()).toBe(403);
  expect(await otherTown.json()).toMatchObject({
    error: { code: 'OUT_OF_SCOPE', message: `行政区划“${REGIONS.qinglongTown.name}”不在您的管辖范围内` },
  });
  expect((await api.get(`/api/v1/regions/${REGIONS.county.code}/children`)).status()).toBe(403);
  const persons = await api.get(`/api/v1/chronic/persons?region=${REGIONS.qinglongTown.code}`);
  expect(persons.status()).toBe(403);
  expect(((await persons.json()) as { error: { code: string } }).error.code).toBe('OUT_OF_SCOPE');

  // A link to another township falls back to his own with a notice.
  await userPage.goto(`/?region=${REGIONS.qinglongTown.code}`);
  await userPage.getByText('所选区划不存在或不在您的管辖范围内，已切换到本人所属区划').waitFor();
  await expectHomePage(userPage, displayName);
});
