import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ApiSession } from '../support/api.ts';
import { DEMO } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import { citizenId } from '../support/person-list.ts';
import { buttonName, expectHomePage, loginViaUi, pickSelectOption } from '../support/ui.ts';

/**
 * Issue 4 "Tests required": from a new diagnosis through verification to a treated case. The township
 * user registers a gastric-cancer diagnosis for a resident of 青龙镇 in the browser, verifies it (核准), sees
 * it classified as 大病集中救治 in the person file, opens the ledger case and moves it 待救治 → 救治中 →
 * 已救治 in the 救治台账 page; the person file and the 患病人员 list show the treated case.
 *
 * The ID carries the address code of 昌黎县 (130322) so it never collides with the demo county's IDs.
 */

const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A button whose name contains the text (antd adds an icon label such as “plus” before it). */
const withIcon = (text: string) => new RegExp([...text].join('\\s*'));

/** Picks an option of the select in the open dialog's form item labelled `field`, typing `typed` first. */
async function pickOption(page: Page, field: string, typed: string, option: RegExp) {
  const item = page
    .getByRole('dialog')
    .locator('.ant-form-item')
    .filter({ has: page.locator('label', { hasText: new RegExp(`^${field}$`) }) });
  await item.locator('.ant-select').first().click();
  if (typed) {
    await page.keyboard.type(typed);
  }
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

test('township registers a diagnosis, verifies it, and treats the major-disease case', async ({
  page,
  screenshot,
}) => {
  const township = await ApiSession.login(DEMO.township.username, DEMO.township.password);
  const suffix = Date.now() % 1000;
  const name = `冯胃${'甲乙丙丁戊己庚辛壬癸'[suffix % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(suffix / 10) % 10]}`;
  const created = await township.request<{ person: { id: number } }>('POST', '/persons', {
    idNumber: citizenId('130322', '19620314', 500 + (suffix % 400)),
    name,
    villageCode: '130321100201',
    confirmDuplicate: true,
  });
  expect(created.status).toBe(201);
  const personId = created.body.person.id;

  // --- A new diagnosis, registered in the browser.
  await loginViaUi(page, DEMO.township.username, DEMO.township.password);
  await expectHomePage(page, DEMO.township.displayName);
  await page.getByRole('menuitem', { name: '疾病核准' }).click();
  await page.waitForURL(/\/diseases\/diagnoses/);
  await page.getByRole('button', { name: withIcon('登记诊断') }).click();
  const dialog = page.getByRole('dialog');
  await pickOption(page, '居民', name, new RegExp(name));
  await pickOption(page, 'ICD-10编码', 'C16.9', /C16\.900/);
  await dialog.getByRole('button', { name: buttonName('保存') }).click();
  await page.getByText('诊断已登记，待核准').waitFor();

  // --- Verification (核准): the diagnosis is classified into 大病集中救治 (胃癌).
  await page.getByPlaceholder('姓名、诊断名称或ICD编码').fill(name);
  await page.getByPlaceholder('姓名、诊断名称或ICD编码').press('Enter');
  const row = page.locator('tr').filter({ hasText: name });
  await row.getByText('待核准').waitFor();
  await row.getByRole('button', { name: buttonName('核准') }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: buttonName('确定') })
    .click();
  await page.getByText('核准状态已更新').waitFor();
  await row.getByText('已核准').waitFor();
  await row.getByText('胃癌').waitFor();

  // --- The person file shows the disease and its line.
  await page.goto(`/persons/${personId}`);
  await page.getByRole('tab', { name: '诊断与分类' }).click();
  await page.getByText('胃癌 · 大病集中救治一批').waitFor();
  await screenshot('person-file-diagnoses');

  // --- The ledger: open the case, then 救治中 (with the designated hospital) and 已救治.
  await page.getByRole('menuitem', { name: '救治台账' }).click();
  await page.waitForURL(/\/diseases\/ledger/);
  await page.getByRole('button', { name: withIcon('建立台账') }).click();
  const openDialog = page.getByRole('dialog');
  await openDialog.locator('.ant-select').first().click();
  await page.keyboard.type(name);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: name })
    .first()
    .click();
  await pickSelectOption(page, openDialog.locator('.ant-select').nth(1), '胃癌');
  await openDialog.getByRole('button', { name: buttonName('建档') }).click();
  await openDialog.waitFor({ state: 'hidden' });

  const cases = await township.request<{ items: { id: number; status: string }[] }>(
    'GET',
    `/treatment-cases?personId=${personId}`,
  );
  expect(cases.body.items.map((c) => c.status)).toEqual(['waiting']);
  await page.getByPlaceholder(/姓名/).first().fill(name);
  await page.getByPlaceholder(/姓名/).first().press('Enter');
  const caseRow = page.locator('tr').filter({ hasText: name });
  await caseRow.getByText('待救治').waitFor();

  for (const [to, extra] of [
    [
      '救治中',
      async (d: ReturnType<Page['getByRole']>) => {
        // Only the designated hospitals of 胃癌 are offered; the county hospital is one of them.
        await pickOption(page, '定点医院', '县医院', /青龙满族自治县医院（县级医疗机构，H130321001）/);
        await d.getByLabel('临床路径').fill('胃癌根治术临床路径');
        await screenshot('ledger-designated-hospital');
      },
    ],
    [
      '已救治',
      async () => {
        await pickOption(page, '救治结果', '', /好转/);
      },
    ],
  ] as const) {
    await caseRow.getByRole('button', { name: buttonName('变更状态') }).click();
    const statusDialog = page.getByRole('dialog');
    await pickOption(page, '变更为', '', new RegExp(`^${to}$`));
    await extra(statusDialog);
    await statusDialog.getByRole('button', { name: buttonName('确定') }).click();
    await statusDialog.waitFor({ state: 'hidden' });
    await caseRow.getByText(to, { exact: true }).waitFor();
  }
  await screenshot('ledger-treated');

  const detail = await township.request<{
    status: string;
    history: { status: string }[];
    designatedHospital: { code: string; name: string | null } | null;
  }>('GET', `/treatment-cases/${cases.body.items[0]?.id}`);
  expect(detail.body.status).toBe('treated');
  expect(detail.body.designatedHospital).toEqual({ code: 'H130321001', name: '青龙满族自治县医院' });
  expect(detail.body.history.map((h) => h.status)).toEqual(['waiting', 'treating', 'treated']);

  // --- The person file and the village view show the treated case.
  await page.goto(`/persons/${personId}`);
  await page.getByRole('tab', { name: '救治与转诊' }).click();
  await page.getByRole('tabpanel').getByText('已救治').waitFor();
  await screenshot('person-file-treatment');
  await page.goto('/diseases/ill-persons');
  await page.getByPlaceholder('姓名或户编号').fill(name);
  await page.getByPlaceholder('姓名或户编号').press('Enter');
  await page
    .locator('tr')
    .filter({ hasText: name })
    .getByText(/胃癌 · 已救治/)
    .waitFor();
  await screenshot('ill-persons');
  expect(TODAY).toMatch(/^\d{4}-\d{2}-\d{2}$/);
}, 300_000);
