import { expect } from 'vitest';
import { ApiSession } from '../support/api.ts';
import { DEMO } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import { buttonName, expectHomePage, loginViaUi } from '../support/ui.ts';

const CLERK = { username: 'clerk', password: 'Clerk@2026', displayName: '县医院结算员' };
const ADMISSION = '2026-10-20';
const DISCHARGE = '2026-10-29';

type TPerson = { id: number; status: string; categories: string[] };
type TIdentity = {
  nameMasked: string;
  categories: { label: string }[];
  selfPayCap: { applies: boolean };
};
type TSettlement = {
  id: number;
  claimNo: string;
  totalFen: number;
  basicFen: number;
  criticalFen: number;
  assistanceFen: number;
  selfPayFen: number;
  borneFen: number;
  institutionLevel: string;
  layers: { label: string; paidFen: number }[];
};

/** 12,345.67 as the page writes fen (formatFen). */
const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100).toLocaleString('en-US')}.${String(
    Math.abs(fen) % 100,
  ).padStart(2, '0')}`;

/** A poor person of the demo county (低保 / 建档立卡) to whom the self-pay cap applies on the discharge date. */
async function pickPoorPerson(clerk: ApiSession): Promise<{ idNumber: string; identity: TIdentity }> {
  const county = await ApiSession.login(DEMO.county.username, DEMO.county.password);
  for (const category of ['dibao', 'poor_registered', 'tekun']) {
    const page = await county.request<{ items: TPerson[] }>(
      'GET',
      `/persons?pageSize=30&category=${category}`,
    );
    expect(page.status).toBe(200);
    for (const person of page.body.items.filter((p) => p.status === 'normal')) {
      const revealed = await county.request<{ idNumber: string }>('POST', `/persons/${person.id}/reveal-id`);
      expect(revealed.status).toBe(200);
      const identity = await clerk.request<TIdentity>(
        'GET',
        `/identity/${revealed.body.idNumber}?date=${DISCHARGE}`,
      );
      expect(identity.status).toBe(200);
      if (identity.body.selfPayCap.applies) {
        return { idNumber: revealed.body.idNumber, identity: identity.body };
      }
    }
  }
  throw new Error('no demo person to whom the self-pay cap applies');
}

test('a county-hospital clerk settles a poor patient at the window: every layer, self-pay within the cap, the statement', async ({
  page,
  screenshot,
}) => {
  const clerkApi = await ApiSession.login(CLERK.username, CLERK.password);
  const { idNumber, identity } = await pickPoorPerson(clerkApi);
  const claimNo = `E2E${Date.now()}`;

  await loginViaUi(page, CLERK.username, CLERK.password);
  await expectHomePage(page, CLERK.displayName);
  await page.getByRole('menuitem', { name: '一站式结算' }).click();
  await page.waitForURL(/\/settlements/);

  // --- 1. Identity: the categories on the discharge date.
  await page.getByLabel('出院日期', { exact: true }).fill(DISCHARGE);
  await page.getByLabel('出院日期', { exact: true }).press('Enter');
  await page.getByLabel('身份证号', { exact: true }).fill(idNumber);
  await page.getByRole('button', { name: '识别身份' }).click();
  const found = page.getByRole('alert').filter({ hasText: identity.nameMasked });
  await found.waitFor();
  for (const category of identity.categories) {
    await found.getByText(category.label, { exact: true }).waitFor();
  }

  // --- 2. The claim: a 50,000 元 stay in the county hospital, 2,000 元 out of catalogue with consent.
  await page.getByLabel('结算单号', { exact: true }).fill(claimNo);
  await page.getByLabel('入院日期', { exact: true }).fill(ADMISSION);
  await page.getByLabel('入院日期', { exact: true }).press('Enter');
  await page.getByLabel('政策范围内费用（元）', { exact: true }).fill('50,000');
  await page.getByLabel('目录外费用（元）', { exact: true }).fill('2000.00');
  await page.getByText('已签目录外知情同意书').click();
  await page.getByLabel('先诊疗后付费', { exact: true }).click();
  await page.getByLabel('应收押金（元）', { exact: true }).fill('3000');
  await screenshot('claim');
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/settlements') && r.request().method() === 'POST'),
    page.getByRole('button', { name: buttonName('结算') }).click(),
  ]);
  expect(answer.status()).toBe(201);
  const settled = (await answer.json()) as TSettlement;
  expect(settled.claimNo).toBe(claimNo);
  expect(settled.totalFen).toBe(5_200_000);
  expect(settled.institutionLevel).toBe('county');

  // --- 3. The layer breakdown and the self-pay within the county-hospital cap (10 % of the total).
  const result = page.locator('.ant-card').filter({ hasText: `结算结果 ${claimNo}` });
  await result.waitFor();
  const layers = result.locator('tbody tr.ant-table-row');
  await expect.poll(() => layers.count()).toBe(settled.layers.length);
  for (const label of ['基本医保', '大病保险', '医疗救助']) {
    await layers.filter({ hasText: label }).first().waitFor();
  }
  for (const layer of settled.layers) {
    await layers
      .filter({ hasText: layer.label })
      .filter({ hasText: yuan(layer.paidFen) })
      .first()
      .waitFor();
  }
  expect(settled.basicFen).toBeGreaterThan(0);
  expect(settled.selfPayFen * 10).toBeLessThanOrEqual(settled.totalFen);
  // Layers + self-pay + the amount borne by the fund add up to the bill, to the fen.
  const paid = settled.layers.reduce((sum, layer) => sum + layer.paidFen, 0);
  expect(paid + settled.selfPayFen + settled.borneFen).toBe(settled.totalFen);
  await result
    .getByText(`${yuan(settled.selfPayFen)} 元`, { exact: true })
    .first()
    .waitFor();
  if (settled.borneFen > 0) {
    // The excess over the cap is borne by the county fund named in the policy.
    await result.getByText('县级健康扶贫兜底保障资金').waitFor();
  }
  await result.getByText('计算说明').waitFor();
  expect(await result.locator('ol li').count()).toBeGreaterThan(3);
  await screenshot('result');

  // --- 4. The statement: the print page opens in a new tab with every layer and the amount to pay.
  const [statement] = await Promise.all([
    page.context().waitForEvent('page'),
    result.getByRole('link', { name: /打印结算单（A4）/ }).click(),
  ]);
  await statement.waitForLoadState();
  await statement.getByRole('heading', { name: /一站式结算单/ }).waitFor();
  const text = (await statement.locator('body').innerText()).replaceAll(/\s+/g, ' ');
  expect(text).toContain(claimNo);
  expect(text).toContain(yuan(settled.selfPayFen));
  for (const layer of settled.layers) {
    expect(text).toContain(layer.label);
  }
  expect(text).not.toContain(idNumber);
  await screenshot('statement', statement);
  // The PDF of the same statement (503 only where no CJK font is installed).
  const pdf = await page.request.get(`/api/v1/settlements/${settled.id}/statement.pdf?size=A4`);
  if (pdf.status() !== 503) {
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }

  // --- 5. The record is in 结算记录.
  await page.getByRole('tab', { name: '结算记录' }).click();
  await page.getByPlaceholder('姓名、身份证号或结算单号').fill(claimNo);
  await page.getByPlaceholder('姓名、身份证号或结算单号').press('Enter');
  await page
    .locator('tbody tr.ant-table-row')
    .filter({ hasText: claimNo })
    .filter({ hasText: '已结算' })
    .waitFor();
});

type TPolicySet = {
  id: number;
  name: string;
  version: number;
  status: 'draft' | 'published';
  body: {
    basicInsurance: { rules: { level: string; visitType: string; rateBp: number }[] };
    selfPayCap: { levels: { level: string; capRateBp: number }[] } | null;
  };
};

test('the county edits a policy draft in the form: yuan and percentages saved as fen and basis points', async ({
  page,
  screenshot,
}) => {
  await loginViaUi(page, DEMO.county.username, DEMO.county.password);
  await expectHomePage(page, DEMO.county.displayName);
  await page.getByRole('menuitem', { name: '一站式结算' }).click();
  await page.waitForURL(/\/settlements/);
  await page.getByRole('tab', { name: '政策与测算' }).click();
  await page.locator('.ant-select').filter({ hasText: '选择政策版本' }).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: '青龙满族自治县' })
    .filter({ hasNotText: '草稿' })
    .first()
    .click();
  await page.getByRole('button', { name: '基于此版本新建草稿（表单）' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: '新建政策草稿（表单' });
  await dialog.waitFor();
  // A ratio with three decimals is refused with the reason.
  const rate = dialog.getByLabel('县级住院报销比例（%）', { exact: true });
  await rate.fill('87.555');
  await dialog.getByText('不是有效的百分比').waitFor();
  await rate.fill('87.5');
  await dialog.getByLabel('县级住院起付线（元）', { exact: true }).fill('1,234.56');
  await dialog.getByRole('tab', { name: '个人自付上限' }).click();
  await dialog.getByLabel('县级医院个人自付上限', { exact: true }).fill('9.5');
  await screenshot('policy-form');
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/policy-sets') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: /保存草稿/ }).click(),
  ]);
  expect(saved.status()).toBe(201);
  const draft = (await saved.json()) as TPolicySet;
  expect(draft.status).toBe('draft');
  await page.getByText(`已保存草稿：${draft.name}（第 ${draft.version} 版）`).waitFor();
  const countyInpatient = draft.body.basicInsurance.rules.find(
    (r) => r.level === 'county' && r.visitType === 'inpatient',
  );
  expect(countyInpatient).toMatchObject({ rateBp: 8750, deductibleFen: 123_456 });
  expect(draft.body.selfPayCap?.levels.find((l) => l.level === 'county')?.capRateBp).toBe(950);
});
