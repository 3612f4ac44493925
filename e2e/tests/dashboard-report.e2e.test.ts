import JSZip from 'jszip';
import { expect } from 'vitest';
import { DEMO } from '../support/demo.ts';
import { readDownload, test } from '../support/fixtures.ts';
import { expectHomePage, loginViaUi } from '../support/ui.ts';

/**
 * Issue 7: the county user opens the 驾驶舱 (with its 家庭医生签约 card), drills into a township, and downloads the
 * work report for it; the report's figures are the live figures of that township.
 */
test('dashboard drill-down and the generated work report', async ({ page, screenshot }) => {
  await loginViaUi(page, DEMO.county.username, DEMO.county.password);
  await expectHomePage(page, DEMO.county.displayName);

  await page.getByRole('menuitem', { name: '驾驶舱' }).click();
  await page.getByRole('heading', { name: '驾驶舱 · 青龙满族自治县' }).waitFor();
  // Key figures are live numbers from the demo county, not placeholders.
  const households = page.locator('.ant-statistic').filter({ hasText: '建档立卡户数' });
  await expect
    .poll(async () => (await households.innerText()).replace(/\s+/g, ''))
    .toMatch(/建档立卡户数[\d,]+户/);
  // The 家庭医生签约 card loads after the key figures: the demo county's 签约率 of its key persons.
  const signing = page.locator('.ant-card').filter({ hasText: '家庭医生签约' });
  const rate = signing.locator('.ant-statistic').filter({ hasText: '签约率' });
  await expect.poll(async () => (await rate.innerText()).replace(/\s+/g, '')).toMatch(/^签约率\d+\.\d{2}%$/);
  await expect
    .poll(async () => (await signing.locator('.ant-statistic').first().innerText()).replace(/\s+/g, ''))
    .toMatch(/^签约人数[\d,]+人$/);
  await screenshot('dashboard-county');

  // Drill into 青龙镇 from the child-region table.
  await page.locator('.ant-table-tbody').getByText('青龙镇', { exact: true }).first().click();
  await page.getByRole('heading', { name: '驾驶舱 · 青龙镇' }).waitFor();
  expect(new URL(page.url()).searchParams.get('region')).toBe('130321100000');
  await screenshot('dashboard-township');

  // The township's figure, as the API gives it, is what the report prints.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const api = await page.request.get(`/api/v1/indicators/poor_households?region=130321100000&to=${today}`);
  expect(api.status()).toBe(200);
  const figure = ((await api.json()) as { value: { display: string } }).value.display;

  await page.getByRole('menuitem', { name: '工作总结' }).click();
  await page.getByText('青龙镇卫健局健康扶贫工作总结汇报', { exact: false }).first().waitFor();
  await page.getByText(`青龙镇现有建档立卡贫困户${figure}户`, { exact: false }).waitFor();
  await screenshot('report-township');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /下载\s*Word/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^青龙镇健康扶贫工作总结-.*\.docx$/);
  const zip = await JSZip.loadAsync(await readDownload(download));
  const documentXml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const text = documentXml.replace(/<[^>]+>/g, '');
  expect(text).toContain('一、基本情况');
  expect(text).toContain(`青龙镇现有建档立卡贫困户${figure}户`);
  // Every figure carries its source in a footnote.
  const footnotes = ((await zip.file('word/footnotes.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, '');
  expect(footnotes).toContain('建档立卡户数：区划 130321100000');
});
