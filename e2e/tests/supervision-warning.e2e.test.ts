import { expect } from 'vitest';
import { DEMO, REGIONS } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import {
  buttonName,
  closePopups,
  expectHomePage,
  loginViaUi,
  pickCascaderPath,
  pickSelectOption,
  popupOption,
} from '../support/ui.ts';

/*
 * 督导检查与问题整改 and 防止因病致贫返贫预警, as a bureau uses them: the county records a finding in the
 * 问题清单, the township health centre rectifies it and submits it, the county accepts and closes it
 * (整改销号); the county handles a relapse-risk warning of the demo data with a medical-assistance measure.
 */
test('record a problem, the township rectifies it, the county closes it', async ({
  page,
  openPage,
  screenshot,
}) => {
  const description = `e2e：签约服务协议未由本人签字（${Date.now()}）`;

  // --- The county bureau records the finding.
  await loginViaUi(page, DEMO.county.username, DEMO.county.password);
  await expectHomePage(page, DEMO.county.displayName);
  await page.getByRole('menuitem', { name: '问题清单' }).click();
  await page.getByRole('heading', { name: '问题清单' }).waitFor();
  await page.getByText('问题整改率').first().waitFor();
  await page.getByRole('button', { name: /登记问题$/ }).click();
  const dialog = page.getByRole('dialog', { name: '登记问题（列入问题清单）' });
  await pickSelectOption(page, dialog.getByLabel('问题来源', { exact: true }), '日常监管');
  await dialog.getByLabel('所在乡镇/村', { exact: true }).click();
  await pickCascaderPath(page, [REGIONS.county.name, REGIONS.qinglongTown.name]);
  await closePopups(page);
  await pickSelectOption(page, dialog.getByLabel('问题类别', { exact: true }), '签约履约');
  await pickSelectOption(page, dialog.getByLabel('严重程度', { exact: true }), '较重');
  await dialog.getByLabel('问题描述', { exact: true }).fill(description);
  await dialog.getByLabel('责任单位', { exact: true }).fill('青龙镇卫生院');
  await screenshot('record-problem');
  const [created] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/supervision/problems') && r.request().method() === 'POST',
    ),
    dialog.getByRole('button', { name: buttonName('登记') }).click(),
  ]);
  expect(created.status()).toBe(201);
  const problem = (await created.json()) as {
    id: number;
    problemNo: string;
    status: string;
    deadline: string;
  };
  expect(problem.status).toBe('pending');
  const drawer = page.locator('.ant-drawer');
  await drawer.getByText(`问题 ${problem.problemNo}`).waitFor();
  await drawer.getByText('待整改', { exact: true }).first().waitFor();

  // --- The township health centre rectifies it and submits it for acceptance.
  const township = await openPage();
  await loginViaUi(township, DEMO.township.username, DEMO.township.password);
  await expectHomePage(township, DEMO.township.displayName);
  await township.getByRole('menuitem', { name: '问题清单' }).click();
  await township.getByPlaceholder('问题编号、描述或责任单位').fill(problem.problemNo);
  await township.getByPlaceholder('问题编号、描述或责任单位').press('Enter');
  // Act on the new problem's own row (its number in a cell of its own), whatever else the list shows.
  const townshipRow = township
    .locator('.ant-table-tbody tr.ant-table-row')
    .filter({ has: township.getByRole('cell', { name: problem.problemNo, exact: true }) });
  await townshipRow.getByRole('button', { name: buttonName('详情/整改') }).click();
  const townshipDrawer = township.locator('.ant-drawer');
  await townshipDrawer.getByRole('button', { name: buttonName('开始整改') }).click();
  const start = township.getByRole('dialog', { name: `开始整改：${problem.problemNo}` });
  await start.getByLabel('整改措施', { exact: true }).fill('组织村医入户核实，由本人补签协议');
  await start.getByRole('button', { name: buttonName('开始整改') }).click();
  await townshipDrawer.getByText('开始整改：组织村医入户核实，由本人补签协议').waitFor();
  await townshipDrawer.getByRole('button', { name: buttonName('提交验收') }).click();
  const submit = township.getByRole('dialog', { name: `提交验收：${problem.problemNo}` });
  await submit.getByLabel('整改情况说明', { exact: true }).fill('已入户由本人补签协议，履约记录补录完整');
  await submit.getByRole('button', { name: buttonName('提交验收') }).click();
  await townshipDrawer.getByText('提交验收：已入户由本人补签协议，履约记录补录完整').waitFor();
  // The responsible unit cannot accept its own rectification.
  expect(await townshipDrawer.getByRole('button', { name: buttonName('验收销号') }).count()).toBe(0);
  await screenshot('township-submitted', township);

  // --- The county accepts and closes it (整改销号).
  await page.reload();
  await page.getByPlaceholder('问题编号、描述或责任单位').fill(problem.problemNo);
  await page.getByPlaceholder('问题编号、描述或责任单位').press('Enter');
  const countyRow = page
    .locator('.ant-table-tbody tr.ant-table-row')
    .filter({ has: page.getByRole('cell', { name: problem.problemNo, exact: true }) });
  await countyRow.getByRole('cell', { name: '待验收', exact: true }).waitFor();
  await countyRow.getByRole('button', { name: buttonName('详情/整改') }).click();
  await drawer.getByRole('button', { name: buttonName('验收销号') }).click();
  const accept = page.getByRole('dialog', { name: `验收销号：${problem.problemNo}` });
  await accept.getByLabel('验收意见', { exact: true }).fill('现场抽查3户，整改到位');
  await accept.getByRole('button', { name: buttonName('验收销号') }).click();
  await drawer.getByText('已销号', { exact: true }).first().waitFor();
  await drawer.getByText('验收销号：现场抽查3户，整改到位').waitFor();
  await drawer.getByText('提交验收：已入户由本人补签协议，履约记录补录完整').waitFor();
  await screenshot('problem-closed');
  const closed = await page.request.get(`/api/v1/supervision/problems/${problem.id}`);
  expect(((await closed.json()) as { status: string }).status).toBe('closed');
}, 240_000); // two users, many round trips: generous on a shared machine

test('handle a relapse-risk warning with medical assistance', async ({ page, screenshot }) => {
  await loginViaUi(page, DEMO.county.username, DEMO.county.password);
  await expectHomePage(page, DEMO.county.displayName);
  await page.getByRole('menuitem', { name: '风险预警' }).click();
  await page.getByRole('heading', { name: '风险预警' }).waitFor();
  await page.getByText('预警处置率').first().waitFor();
  const handle = page.getByRole('button', { name: buttonName('处置') }).first();
  await handle.waitFor();
  await screenshot('warnings');
  const [listed] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/early-warning/warnings?') && r.status() === 200),
    page.reload(),
  ]);
  const first = ((await listed.json()) as { items: { id: number; status: string }[] }).items[0];
  expect(first?.status).toMatch(/pending|handling/);
  await page
    .getByRole('button', { name: buttonName('处置') })
    .first()
    .click();
  const handleDialog = page.getByRole('dialog').filter({ hasText: '处置预警' });
  await handleDialog.getByText('已处置', { exact: true }).click();
  await handleDialog.getByLabel('帮扶措施', { exact: true }).first().click();
  await popupOption(page, '医疗救助').click();
  await handleDialog.getByLabel('金额（元）', { exact: true }).first().fill('3500.00');
  await handleDialog.getByLabel('处置说明', { exact: true }).fill('已协调民政部门二次医疗救助');
  const [handled] = await Promise.all([
    page.waitForResponse((r) => /\/api\/v1\/early-warning\/warnings\/\d+\/handle$/.test(r.url())),
    handleDialog.getByRole('button', { name: buttonName('保存') }).click(),
  ]);
  expect(handled.status()).toBe(200);
  const detail = (await handled.json()) as {
    id: number;
    status: string;
    measures: { measure: string; amountFen: number }[];
  };
  expect(detail).toMatchObject({ id: first?.id, status: 'handled' });
  expect(detail.measures).toEqual(
    expect.arrayContaining([expect.objectContaining({ measure: 'medical_assistance', amountFen: 350_000 })]),
  );
  // Saved: the dialog closes (it stays open with the server message on a refusal).
  await handleDialog.waitFor({ state: 'hidden' });
  await screenshot('warning-handled');
});
