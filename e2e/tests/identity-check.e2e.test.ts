import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ApiSession, baseURL } from '../support/api.ts';
import { DEMO } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import { buttonName, expectHomePage, loginViaUi } from '../support/ui.ts';

const CLERK = { username: 'clerk', password: 'Clerk@2026', displayName: '县医院结算员' };
/** A valid ID number (check character included) that no demo person has: born 2003 in 昌黎县. */
const STRANGER = '130322200301011230';

type TPerson = {
  id: number;
  idNumberMasked: string;
  name: string;
  status: string;
  categories: string[];
};

/** What an ID-card reader in keyboard mode sends: full-width digits, a lower-case x, then Enter. */
function asCardReaderTypes(idNumber: string): string {
  return [...idNumber.toLowerCase()]
    .map((c) => (/\d/.test(c) ? String.fromCharCode(0xff10 + Number(c)) : c))
    .join('');
}

/** A demo person of the clerk's county with a category today, preferably one whose ID ends in X. */
async function pickPerson(): Promise<{ person: TPerson; idNumber: string }> {
  const county = await ApiSession.login(DEMO.county.username, DEMO.county.password);
  const page = await county.request<{ items: TPerson[] }>(
    'GET',
    '/persons?pageSize=200&category=poor_registered',
  );
  expect(page.status).toBe(200);
  const candidates = page.body.items.filter((p) => p.status === 'normal' && p.categories.length > 0);
  const person = candidates.find((p) => p.idNumberMasked.endsWith('X')) ?? candidates[0];
  if (!person) {
    throw new Error('the demo county has no person with a category to look up');
  }
  const revealed = await county.request<{ idNumber: string }>('POST', `/persons/${person.id}/reveal-id`);
  expect(revealed.status).toBe(200);
  return { person, idNumber: revealed.body.idNumber };
}

async function readCard(page: Page, typed: string): Promise<void> {
  const field = page.getByLabel('身份证号', { exact: true });
  await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type(typed, { delay: 5 });
  await page.keyboard.press('Enter');
}

test('a hospital clerk reads ID cards at the window and checks a pasted list', async ({
  page,
  screenshot,
}) => {
  const { person, idNumber } = await pickPerson();
  const clerkApi = await ApiSession.login(CLERK.username, CLERK.password);
  const expected = await clerkApi.request<{
    nameMasked: string;
    categories: { label: string }[];
    treatFirstPayLater: { applies: boolean };
    selfPayCap: { applies: boolean };
  }>('GET', `/identity/${idNumber}`);
  expect(expected.status).toBe(200);

  await loginViaUi(page, CLERK.username, CLERK.password);
  await expectHomePage(page, CLERK.displayName);
  await page.getByRole('menuitem', { name: '就医身份识别' }).click();
  await page.waitForURL(/\/identity-check/);

  // --- 1. A card in the reader: full-width digits and a lower-case x, ended by Enter.
  await readCard(page, asCardReaderTypes(idNumber));
  const card = page.locator('.ant-card').filter({ hasText: expected.body.nameMasked }).first();
  await card.getByText(expected.body.nameMasked, { exact: true }).waitFor();
  for (const category of expected.body.categories) {
    await card.getByText(category.label, { exact: true }).first().waitFor();
  }
  await expect
    .poll(() => page.getByTestId('先诊疗后付费-结论').textContent())
    .toBe(expected.body.treatFirstPayLater.applies ? '适用' : '不适用');
  await expect
    .poll(() => page.getByTestId('个人自付上限-结论').textContent())
    .toBe(expected.body.selfPayCap.applies ? '适用' : '不适用');
  // The full ID number and the real name never reach the page.
  expect(await page.content()).not.toContain(idNumber);
  expect(await page.content()).not.toContain(person.name);
  // Ready for the next card: the field is empty and focused again.
  await expect.poll(() => page.getByLabel('身份证号', { exact: true }).inputValue()).toBe('');
  await screenshot('found');

  // --- 2. A patient not in the registry.
  await readCard(page, STRANGER);
  await page.getByText('未在本辖区健康扶贫人员库中找到此人').waitFor();
  await screenshot('not-found');

  // --- 3. A misread card: the reason, in Chinese, without asking the server.
  await readCard(page, '12345');
  await page.getByRole('alert').filter({ hasText: '身份证号“12345”无效' }).waitFor();

  // The window's own history lists both lookups, newest first.
  const history = page.locator('.ant-card').filter({ hasText: '本次识别记录' });
  await expect.poll(() => history.locator('tbody tr.ant-table-row').count()).toBe(2);

  // --- 4. A pasted list: one in the registry, one stranger, one typo.
  await page.getByRole('tab', { name: '批量识别' }).click();
  await page
    .getByLabel('身份证号列表', { exact: true })
    .fill(['身份证号,姓名', `${idNumber.toLowerCase()},某某`, STRANGER, '13032119', ''].join('\n'));
  await page.getByText('已识别 3 个身份证号').waitFor();
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/identity/batch')),
    page.getByRole('button', { name: '批量识别' }).click(),
  ]);
  expect(answer.status()).toBe(200);
  await page.getByText('共 3 项：在库 1，未找到 1，有误 1').waitFor();
  await page.getByText('第 3 项：身份证号“13032119”无效').waitFor();
  await screenshot('batch');
});

test('an administrator issues an API token for the county hospital, the HIS uses it, then it is revoked', async ({
  page,
  screenshot,
}) => {
  const { idNumber } = await pickPerson();
  await loginViaUi(page, DEMO.admin.username, DEMO.admin.password);
  await expectHomePage(page, DEMO.admin.displayName);
  await page.getByRole('menuitem', { name: '接口令牌' }).click();
  await page.waitForURL(/\/admin\/api-tokens/);
  await page.getByRole('button', { name: '签发令牌' }).click();

  const dialog = page.getByRole('dialog', { name: '签发机构接口令牌' });
  const name = `县医院HIS ${Date.now().toString(36)}`;
  await dialog.getByLabel('令牌名称', { exact: true }).fill(name);
  await dialog.getByLabel('医疗机构', { exact: true }).click();
  await page.keyboard.type('H130321001');
  await page.locator('.ant-select-dropdown:visible').getByText('青龙满族自治县医院（H130321001）').click();
  await screenshot('issue-dialog');
  const [issued] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/api-tokens') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: buttonName('签发') }).click(),
  ]);
  expect(issued.status()).toBe(201);
  const secretBox = page.getByTestId('api-token-secret');
  await secretBox.waitFor();
  const secret = ((await secretBox.textContent()) ?? '').trim();
  expect(secret).toMatch(/^hat_[A-Za-z0-9_-]{43}$/);
  await page.getByText('令牌只显示这一次').waitFor();
  await screenshot('secret-shown-once');
  await page.getByRole('button', { name: buttonName('我已妥善保存') }).click();

  // The hospital information system calls the API with the token.
  const call = () =>
    fetch(`${baseURL()}/api/v1/identity/${idNumber}`, { headers: { authorization: `Bearer ${secret}` } });
  const used = await call();
  expect(used.status).toBe(200);
  expect(((await used.json()) as { found: boolean }).found).toBe(true);

  // The list shows it (never the secret) and revocation stops it at once.
  const row = page.getByRole('row').filter({ hasText: name });
  await row.getByText('有效', { exact: true }).waitFor();
  expect(await page.content()).not.toContain(secret);
  await row.getByRole('button', { name: buttonName('吊销') }).click();
  const revokeDialog = page.getByRole('dialog', { name: `吊销令牌“${name}”` });
  await revokeDialog.getByLabel('吊销原因', { exact: true }).fill('演示结束');
  await revokeDialog.getByRole('button', { name: buttonName('吊销') }).click();
  await page.getByText(`已吊销令牌“${name}”`).waitFor();
  await row.getByText('已吊销', { exact: true }).waitFor();
  await screenshot('revoked');
  const refused = await call();
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('已被吊销');
});
