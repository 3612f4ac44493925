import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ApiSession } from '../support/api.ts';
import { DEMO } from '../support/demo.ts';
import { readDownload, test } from '../support/fixtures.ts';
import { citizenId, fillTemplate, type ListRow, villagesOf } from '../support/person-list.ts';
import { buttonName, expectHomePage, loginViaUi, pickSelectOption } from '../support/ui.ts';

/**
 * Issue 3 "Done when": a county user imports the template filled with 1,000 rows of which 50 are broken, sees
 * exactly those 50 errors, fixes the file, commits, re-imports it with no change, compares the registry with
 * the poverty office's newest full list (数据对比: new, changed, and missing persons flagged 待核实), generates
 * verification tasks, the township completes one (入户核实: moved out), and the hospital clerk's identity check
 * shows the moved-out status.
 *
 * IDs carry the address code of 昌黎县 (130322: persons born there, living in 青龙镇), so they never collide with
 * the demo county's generated IDs (all 130321).
 */

const CLERK = { username: 'clerk', password: 'Clerk@2026' };
const VILLAGES = villagesOf('130321100');
const ROWS = 1_000;
const BROKEN_KINDS = ['check', 'date', 'name', 'village', 'sex'] as const;
type Kind = (typeof BROKEN_KINDS)[number];

type Person = {
  id: string;
  name: string;
  sex: '男' | '女';
  village: string;
  householdNo: string;
  phone: string;
};

/** The 1,000 persons of the list (500 households of a head and a spouse), deterministic. */
function persons(): Person[] {
  const surnames = ['王', '李', '张', '刘', '赵', '孙', '于', '高', '马', '杨'];
  const given = ['建华', '秀英', '志明', '桂兰', '国强', '玉梅', '文军', '淑芬', '海林', '春花'];
  return Array.from({ length: ROWS }, (_, i) => {
    const household = Math.floor(i / 2);
    const isHead = i % 2 === 0;
    const sex = isHead ? '男' : '女';
    const year = 1950 + (household % 45);
    const month = ((household * 7) % 12) + 1;
    const day = ((household * 11) % 28) + 1;
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    // Sequence: odd for men, even for women; unique per (birth date, position).
    const sequence = 100 + (household % 400) * 2 + (isHead ? 1 : 0);
    const village = VILLAGES[household % VILLAGES.length] ?? '130321100201';
    return {
      id: citizenId('130322', birth, sequence),
      name: `${surnames[household % 10]}${given[(i * 3) % 10]}`,
      sex,
      village,
      householdNo: `${village}8${String(household).padStart(3, '0')}`,
      phone: `139${String(10_000_000 + i).padStart(8, '0')}`,
    };
  });
}

function row(p: Person, index: number, extra: ListRow = {}): ListRow {
  const isHead = index % 2 === 0;
  return {
    身份证号: p.id,
    姓名: p.name,
    性别: p.sex,
    户编号: p.householdNo,
    与户主关系: isHead ? '户主' : '配偶',
    村行政区划代码: p.village,
    联系电话: p.phone,
    人员类别: '脱贫人口',
    类别开始日期: '2021-01-01',
    参保: '是',
    ...(isHead
      ? { 贫困户属性: '一般贫困户', 主要致贫原因: index % 5 < 2 ? '因病' : '缺劳力', 识别年度: '2015' }
      : {}),
    ...(isHead ? { 脱贫状态: '已脱贫', 脱贫年度: '2019' } : {}),
    ...extra,
  };
}

/** Breaks row `index` in one way that yields exactly one error. */
function broken(p: Person, index: number, kind: Kind): ListRow {
  const good = row(p, index);
  switch (kind) {
    case 'check': {
      const last = p.id.at(-1) === '1' ? '2' : '1';
      return { ...good, 身份证号: `${p.id.slice(0, 17)}${last}`, 性别: '' };
    }
    case 'date':
      return { ...good, 身份证号: citizenId('130322', '19810231', (100 + index) % 1000), 性别: '' };
    case 'name':
      return { ...good, 姓名: '' };
    case 'village':
      return { ...good, 村行政区划代码: '130321100999' };
    case 'sex':
      return { ...good, 性别: p.sex === '男' ? '女' : '男' };
  }
}

/** Which rows are broken: every 20th row (each a household head), cycling through the kinds. */
const BROKEN = new Map<number, Kind>(
  Array.from({ length: 50 }, (_, k) => [k * 20, BROKEN_KINDS[k % BROKEN_KINDS.length] as Kind]),
);

async function uploadList(page: Page, name: string, bytes: Buffer, options: { fullList?: boolean } = {}) {
  if (options.fullList) {
    await page.getByRole('switch').click();
  }
  await page.locator('input[type=file]').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  });
  // Icon buttons: the icon's label ("cloud-upload") is part of the accessible name.
  await page.getByRole('button', { name: /上传并校验/ }).click();
  await page.getByText(`校验结果：${name}`).waitFor();
  // The preview streams: wait for the counts (the progress bar goes away).
  await page.getByText('数据行', { exact: true }).waitFor({ timeout: 180_000 });
}

async function statistic(page: Page, title: string): Promise<number> {
  const card = page.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) });
  return Number((await card.locator('.ant-statistic-content-value').innerText()).replaceAll(',', ''));
}

test(
  'county imports 1,000 rows with 50 broken, fixes, commits, re-imports, compares; township verifies; clerk sees it',
  {
    timeout: 900_000,
  },
  async ({ page, openPage, screenshot }) => {
    // Four 1,000-row previews and two commits against the 70,000-person demo county: allow for a busy machine.
    page.setDefaultTimeout(90_000);
    const list = persons();
    const county = await ApiSession.login(DEMO.county.username, DEMO.county.password);

    // --- The county user downloads the template from the import page.
    await loginViaUi(page, DEMO.county.username, DEMO.county.password);
    await expectHomePage(page, DEMO.county.displayName);
    await page.getByRole('menuitem', { name: '数据导入' }).click();
    await page.waitForURL(/\/registry\/import/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载导入模板/ }).click(),
    ]);
    const template = await readDownload(download);

    // --- 1,000 rows, 50 of them broken: exactly those 50 errors.
    const withErrors = await fillTemplate(
      template,
      list.map((p, i) => {
        const kind = BROKEN.get(i);
        return kind ? broken(p, i, kind) : row(p, i);
      }),
    );
    await uploadList(page, '扶贫办名单-有误.xlsx', withErrors);
    expect(await statistic(page, '数据行')).toBe(ROWS);
    expect(await statistic(page, '有误')).toBe(50);
    await page.getByText('共 50 处错误，请修正原文件后重新上传（有错误的批次不能提交）').waitFor();
    await screenshot('preview-50-errors');
    expect(await page.getByRole('button', { name: buttonName('提交入库') }).isDisabled()).toBe(true);
    const batches = await county.request<{ items: { id: number; fileName: string }[] }>(
      'GET',
      '/imports/batches?pageSize=20',
    );
    const failedBatch = batches.body.items.find((b) => b.fileName === '扶贫办名单-有误.xlsx');
    expect(failedBatch).toBeDefined();
    const errors = await county.request<{
      total: number;
      items: { rowNumber: number; column: string; message: string }[];
    }>('GET', `/imports/batches/${failedBatch?.id}/errors?pageSize=200`);
    expect(errors.body.total).toBe(50);
    // Excel row numbers: data starts on row 2.
    expect(errors.body.items.map((e) => e.rowNumber).sort((a, b) => a - b)).toEqual(
      [...BROKEN.keys()].map((i) => i + 2).sort((a, b) => a - b),
    );

    // --- The fixed file: no errors, 1,000 new persons, committed in one transaction.
    const fixed = await fillTemplate(
      template,
      list.map((p, i) => row(p, i)),
    );
    await page.reload();
    await uploadList(page, '扶贫办名单.xlsx', fixed);
    expect(await statistic(page, '有误')).toBe(0);
    expect(await statistic(page, '新增')).toBe(ROWS);
    await page.getByRole('button', { name: buttonName('提交入库') }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: buttonName('提交入库') })
      .click();
    await page
      .getByText(`已入库：新增${ROWS}人，变更0人，标记待核实0人`)
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot('committed');

    // --- Re-importing the same file changes nothing.
    await page.reload();
    await uploadList(page, '扶贫办名单.xlsx', fixed);
    expect(await statistic(page, '新增')).toBe(0);
    expect(await statistic(page, '变更')).toBe(0);
    expect(await statistic(page, '无变化')).toBe(ROWS);
    await screenshot('reimport-no-change');
    const imported = await county.request<{ total: number }>('GET', `/persons?q=${list[3]?.id}`);
    expect(imported.body.total).toBe(1);

    // --- 数据对比 with the poverty office's newest full list: 10 persons missing, 5 with a new phone, 3 new.
    const missing = new Set([11, 13, 15, 17, 19, 21, 23, 25, 27, 29]);
    const changedPhones = new Map([
      [41, '13800000041'],
      [43, '13800000043'],
      [45, '13800000045'],
      [47, '13800000047'],
      [49, '13800000049'],
    ]);
    const newcomers: Person[] = [0, 1, 2].map((k) => ({
      id: citizenId('130322', '19900315', 900 + k * 2 + 1),
      name: `新增人员${'甲乙丙'[k]}`,
      sex: '男',
      village: VILLAGES[0] ?? '130321100201',
      householdNo: `${VILLAGES[0]}8${900 + k}`,
      phone: `1370000000${k}`,
    }));
    const second = await fillTemplate(template, [
      ...list.flatMap((p, i) =>
        missing.has(i) ? [] : [row(p, i, changedPhones.has(i) ? { 联系电话: changedPhones.get(i) } : {})],
      ),
      ...newcomers.map((p) => row(p, 0)),
    ]);
    await page.reload();
    await uploadList(page, '扶贫办最新名单.xlsx', second, { fullList: true });
    expect(await statistic(page, '新增')).toBe(3);
    expect(await statistic(page, '变更')).toBe(5);
    expect(await statistic(page, '有误')).toBe(0);
    expect(await statistic(page, '将标记待核实')).toBe(10);
    await screenshot('comparison');
    await page.getByRole('button', { name: buttonName('提交入库') }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: buttonName('提交入库') })
      .click();
    await page.getByText('已入库：新增3人，变更5人，标记待核实10人').first().waitFor({ timeout: 60_000 });

    // --- The county generates verification tasks for the flagged persons.
    await page.getByRole('menuitem', { name: '入户核实' }).click();
    await page.waitForURL(/\/verification/);
    await page.getByRole('button', { name: buttonName('为待核实人员生成任务') }).click();
    await page.getByText(/已为\d+名待核实人员生成任务/).waitFor();
    const target = list[11] as Person;
    const tasks = await county.request<{ items: { personName: string; reason: string }[]; total: number }>(
      'GET',
      `/verification-tasks?status=open&q=${target.id}`,
    );
    expect(tasks.body.total).toBe(1);

    // --- The township (青龙镇) completes the task: moved out.
    const townPage = await openPage();
    townPage.setDefaultTimeout(90_000);
    await loginViaUi(townPage, DEMO.township.username, DEMO.township.password);
    await expectHomePage(townPage, DEMO.township.displayName);
    await townPage.getByRole('menuitem', { name: '入户核实' }).click();
    await townPage.waitForURL(/\/verification/);
    await townPage.getByLabel('姓名/身份证号', { exact: true }).fill(target.id);
    await townPage.getByRole('button', { name: buttonName('查询') }).click();
    const taskRow = townPage.getByRole('row').filter({ hasText: target.name });
    await taskRow.getByRole('button', { name: buttonName('填写结果') }).click();
    const dialog = townPage.getByRole('dialog', { name: `入户核实结果：${target.name}` });
    await pickSelectOption(townPage, dialog.getByLabel('核实结果', { exact: true }), '已迁出');
    await dialog.getByLabel('迁出日期', { exact: true }).click();
    await townPage.keyboard.type('2026-11-20');
    await townPage.keyboard.press('Enter');
    await dialog.getByLabel('备注', { exact: true }).fill('入户核实：已随子女迁往外省');
    await screenshot('verification-result', townPage);
    const [completed] = await Promise.all([
      townPage.waitForResponse((r) => /\/verification-tasks\/\d+\/result$/.test(r.url())),
      dialog.getByRole('button', { name: buttonName('提交') }).click(),
    ]);
    expect(completed.status(), await completed.text()).toBe(200);

    // --- The hospital clerk's identity check reflects it.
    const clerk = await ApiSession.login(CLERK.username, CLERK.password);
    const identity = await clerk.request<{ found: boolean; status: string; summary?: string }>(
      'GET',
      `/identity/${target.id}?date=2026-12-01`,
    );
    expect(identity.status).toBe(200);
    expect(identity.body).toMatchObject({ found: true, status: 'moved_out' });
    const clerkPage = await openPage();
    clerkPage.setDefaultTimeout(90_000);
    await loginViaUi(clerkPage, CLERK.username, CLERK.password);
    const menu = clerkPage.getByRole('menuitem', { name: '就医身份识别' });
    await menu.waitFor();
    await menu.click();
    await clerkPage.getByLabel('身份证号', { exact: true }).fill(target.id);
    await clerkPage.keyboard.press('Enter');
    await clerkPage.getByText('迁出', { exact: false }).first().waitFor();
    await screenshot('identity-check', clerkPage);
  },
);
