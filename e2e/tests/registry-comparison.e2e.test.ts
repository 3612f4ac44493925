import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ApiSession, baseURL } from '../support/api.ts';
import { DEMO } from '../support/demo.ts';
import { readDownload, test } from '../support/fixtures.ts';
import { citizenId, villagesOf } from '../support/person-list.ts';
import { buttonName, expectHomePage, loginViaUi, pickSelectOption } from '../support/ui.ts';

/**
 * 数据对比 (issue 3, comparison): the county loads the civil-affairs office's list and, without importing it,
 * sees who is only in the list, only in the registry and whose name differs; exports the differences, sends
 * 入户核实 tasks to the villages; comparing the same file again shows the earlier result; the township corrects
 * one person and the comparison shows the task done; 重新对比 of the same list shows that difference gone, and the
 * persons only in the list are downloaded filled into the person-import template.
 *
 * IDs carry the address code of 昌黎县 (130322), so they never collide with the demo county's (130321).
 */

const VILLAGE = villagesOf('130321100')[3] ?? '130321100204';
const HEADER = '身份证号,姓名,村行政区划代码,人员类别,类别开始日期';

type Person = { id: string; name: string };
const surnames = ['蒋', '沈', '韩', '杨', '朱', '秦', '尤', '许', '何', '吕'];
const persons: Person[] = Array.from({ length: 20 }, (_, i) => ({
  id: citizenId('130322', `1962${String((i % 12) + 1).padStart(2, '0')}15`, 300 + i * 2 + 1),
  name: `${surnames[i % 10]}对比${'一二三四五六七八九十'[i % 10]}${i < 10 ? '' : '乙'}`,
}));
const line = (p: Person, name = p.name) => `${p.id},${name},${VILLAGE},低保,2023-01-01`;
const csv = (lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');

/** Sends a multipart upload as the county (the API helper speaks JSON only). */
async function uploadAs(
  username: string,
  password: string,
  url: string,
  fields: Record<string, string>,
  file: { name: string; content: Buffer },
) {
  const login = await fetch(`${baseURL()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.startsWith('ha_session='))
    .join('; ');
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    form.append(name, value);
  }
  form.append('file', new Blob([new Uint8Array(file.content)]), file.name);
  const response = await fetch(`${baseURL()}/api/v1${url}`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken },
    body: form,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    cookie,
    csrfToken,
  };
}

async function compareInUi(page: Page, name: string, bytes: Buffer) {
  await pickSelectOption(page, page.getByLabel('名单来源', { exact: true }), '民政名单');
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await page.getByRole('button', { name: /上传并对比/ }).click();
  await page.getByText(`对比结果：${name}`).waitFor();
  await page.getByRole('tab', { name: /信息不一致/ }).waitFor({ timeout: 180_000 });
}

test(
  'county compares the civil-affairs list with the registry, exports, sends visits; township corrects a name',
  { timeout: 600_000 },
  async ({ page, screenshot }) => {
    page.setDefaultTimeout(90_000);
    // --- The registry: 20 persons with 低保 in one village of 青龙镇, imported by the county.
    const preview = await uploadAs(
      DEMO.county.username,
      DEMO.county.password,
      '/imports/persons/preview',
      { sourceDepartment: '民政', wait: 'true' },
      { name: '低保底册.csv', content: csv(persons.map((p) => line(p))) },
    );
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const batchId = (preview.body.batch as { id: number }).id;
    const commit = await fetch(`${baseURL()}/api/v1/imports/batches/${batchId}/commit`, {
      method: 'POST',
      headers: { cookie: preview.cookie, 'x-csrf-token': preview.csrfToken },
    });
    expect(commit.status).toBe(200);

    // --- The office's list: two persons missing, two with another name, three not registered.
    const newcomers: Person[] = [0, 1, 2].map((k) => ({
      id: citizenId('130322', '19880808', 700 + k * 2 + 1),
      name: `新增对比${'甲乙丙'[k]}`,
    }));
    const renamed = new Map([
      [4, `${persons[4]?.name}新`],
      [6, `${persons[6]?.name}新`],
    ]);
    const list = csv([
      ...persons.slice(0, 18).map((p, i) => line(p, renamed.get(i) ?? p.name)),
      ...newcomers.map((p) => line(p)),
    ]);

    await loginViaUi(page, DEMO.county.username, DEMO.county.password);
    await expectHomePage(page, DEMO.county.displayName);
    await page.getByRole('menuitem', { name: '数据对比' }).click();
    await page.waitForURL(/\/registry\/comparison/);
    await page.getByText('上传名单后在此查看对比结果').waitFor();
    await compareInUi(page, '民政低保名单.csv', list);
    await page.getByRole('tab', { name: '仅名单有（3）' }).waitFor();
    await page.getByRole('tab', { name: '信息不一致（2）' }).waitFor();
    for (const p of newcomers) {
      await page.getByRole('cell', { name: p.name, exact: true }).waitFor();
    }
    await screenshot('only-in-list');

    // Only in the registry: the two missing persons (other 低保 residents of the village too).
    await page.getByRole('tab', { name: /仅系统有/ }).click();
    await page.getByLabel('姓名/身份证号', { exact: true }).fill(persons[19]?.id ?? '');
    await page.getByRole('button', { name: buttonName('查询') }).click();
    await page.getByRole('cell', { name: persons[19]?.name, exact: true }).waitFor();

    // --- Differences: export, then visits for both, assigned to the village.
    await page.getByRole('tab', { name: /信息不一致/ }).click();
    await page.getByRole('cell', { name: persons[4]?.name, exact: true }).waitFor();
    await page.getByText(`名单“${renamed.get(4)}”，系统“${persons[4]?.name}”`).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出Excel/ }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await readDownload(download));
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(2).getCell(1).value).toBe('信息不一致');
    expect(sheet?.getRow(3).getCell(1).value).toBe('信息不一致');

    await page.locator('thead .ant-checkbox-input').check();
    await page.getByRole('button', { name: /为所选生成入户核实任务（2）/ }).click();
    const dialog = page.getByRole('dialog', { name: '生成入户核实任务' });
    await dialog.getByLabel('人员所在村').check();
    await screenshot('create-tasks');
    await dialog.getByRole('button', { name: buttonName('生成任务') }).click();
    await page.getByText('已生成2条入户核实任务').waitFor();
    await page.getByText('核实中').first().waitFor();
    await screenshot('tasks-created');

    // --- The same file again: the earlier result, nothing compared twice.
    await page.reload();
    await compareInUi(page, '民政低保名单.csv', list);
    await page.getByText(/该文件（校验和相同）已于.*对比过，以下为已有结果/).waitFor();

    // --- The township corrects the name; the comparison shows the visit done.
    const township = await ApiSession.login(DEMO.township.username, DEMO.township.password);
    const tasks = await township.request<{ items: { id: number; source: string; reason: string }[] }>(
      'GET',
      `/verification-tasks?status=open&q=${persons[4]?.id}`,
    );
    const task = tasks.body.items[0];
    expect(task?.source).toBe('comparison');
    expect(task?.reason).toContain('姓名');
    const result = await township.request('POST', `/verification-tasks/${task?.id}/result`, {
      outcome: 'corrected',
      corrections: { name: renamed.get(4) },
      note: '入户核实：以身份证为准',
    });
    expect(result.status).toBe(200);
    await page.getByRole('tab', { name: /信息不一致/ }).click();
    await page.getByText('已核实').first().waitFor();
    await screenshot('task-completed');

    // --- 重新对比: the same list again without uploading it; the corrected name no longer differs.
    await page.getByRole('button', { name: /重新对比/ }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: buttonName('重新对比') })
      .click();
    await page.getByText(/重新对比自对比 \d+/).waitFor();
    await page.getByRole('tab', { name: '信息不一致（1）' }).waitFor({ timeout: 180_000 });
    await page.getByRole('tab', { name: '仅名单有（3）' }).waitFor();
    await page.getByRole('cell', { name: /^对比 \d+$/ }).waitFor();
    await screenshot('rerun');

    // --- 仅名单有 → the person-import template, to be completed and imported.
    for (const p of newcomers) {
      await page.getByRole('cell', { name: p.name, exact: true }).waitFor();
    }
    const [templateDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出为导入模板/ }).click(),
    ]);
    const template = new ExcelJS.Workbook();
    await template.xlsx.load(await readDownload(templateDownload));
    const data = template.getWorksheet('人员名单');
    expect(template.getWorksheet('填写说明')).toBeDefined();
    expect(data?.getRow(1).getCell(1).value).toBe('身份证号');
    expect(data?.actualRowCount).toBe(4);
    expect([2, 3, 4].map((n) => data?.getRow(n).getCell(1).value)).toEqual(newcomers.map((p) => p.id));
  },
);
