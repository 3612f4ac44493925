import { buildCitizenId, POLICY_QUESTIONNAIRES } from '@healthaid/domain';
import { expect } from 'vitest';
import { DEMO, REGIONS } from '../support/demo.ts';
import { test } from '../support/fixtures.ts';
import { buttonName, closePopups, expectHomePage, loginViaUi, pickCascaderPath } from '../support/ui.ts';

/*
 * 两筛两癌 and 入户帮扶 as a township health centre uses them: it registers a cervical screening of a woman
 * outside the registry with an abnormal result, refers her to the county hospital, checks the township's
 * completion, then records a 大走访 visit of a household not yet visited, with the policy-awareness survey
 * and a health kit, and sees the campaign's coverage grow.
 */
test('screen a woman, refer her, and record a 大走访 visit with survey and kit', async ({
  page,
  openPage,
  screenshot,
}) => {
  await loginViaUi(page, DEMO.township.username, DEMO.township.password);
  await expectHomePage(page, DEMO.township.displayName);

  // --- 两筛两癌登记: a woman of 45 outside the registry, HPV positive.
  const idNumber = buildCitizenId({
    addressCode: '130321',
    birthDate: '1981-05-12',
    sequence: ((Date.now() % 450) + 20) * 2,
  });
  await page.getByRole('menuitem', { name: '两筛两癌登记' }).click();
  await page.getByRole('heading', { name: '两筛两癌登记' }).waitFor();
  await page.getByRole('button', { name: /登记筛查$/ }).click();
  const dialog = page.getByRole('dialog', { name: '登记筛查' });
  await dialog.getByText('对象：35–64岁女性，农村和低保妇女优先').waitFor();
  await dialog.getByLabel('身份证号', { exact: true }).fill(idNumber);
  await dialog.getByLabel('姓名', { exact: true }).click();
  await dialog.getByText('不在人员档案中：女，出生于1981-05-12', { exact: false }).waitFor();
  await dialog.getByLabel('姓名', { exact: true }).fill('韩秀兰');
  await dialog.getByLabel('居住村（社区）', { exact: true }).click();
  await pickCascaderPath(page, [REGIONS.qinglongTown.name, '大杖子村村民委员会']);
  await closePopups(page);
  await dialog.getByLabel('筛查机构', { exact: true }).fill('青龙镇卫生院');
  await dialog.getByText('异常（高风险/阳性）', { exact: true }).click();
  await dialog.getByLabel('结果说明', { exact: true }).fill('HPV16阳性');
  await screenshot('register-screening');
  const [created] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/screenings') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: buttonName('保存') }).click(),
  ]);
  expect(created.status(), await created.text()).toBe(201);
  const record = (await created.json()) as {
    id: number;
    referralStatus: string;
    priorityGroup: string;
    isCounted: boolean;
  };
  expect(record).toMatchObject({ referralStatus: 'pending', priorityGroup: 'rural', isCounted: true });
  await page.getByText('已登记，结果异常，已进入待转诊').waitFor();

  // --- The referral: find her among the open referrals and refer her to the county hospital.
  await page.getByPlaceholder('姓名、母亲姓名或完整身份证号').fill(idNumber);
  await page.getByPlaceholder('姓名、母亲姓名或完整身份证号').press('Enter');
  const row = page.locator('.ant-table-tbody tr').filter({ hasText: '韩秀兰' });
  await row.getByText('待转诊').waitFor();
  await row.getByRole('button', { name: buttonName('转诊登记') }).click();
  const referral = page.getByRole('dialog', { name: '转诊登记：韩秀兰' });
  await referral.getByText('已转诊', { exact: true }).click();
  await referral.getByLabel('转诊机构', { exact: true }).fill('青龙满族自治县医院');
  await referral.getByRole('button', { name: buttonName('保存') }).click();
  await page.getByText('转诊情况已登记').waitFor();
  await row.getByText('已转诊').waitFor();
  await screenshot('screening-referred');

  // --- Completion of the township: the cervical figure counts her.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  // A freshly started server on a busy machine may take a while for its first figures.
  const completion = await page.request.get(
    `/api/v1/indicators/cervical_screening_rate?from=${today.slice(0, 4)}-01-01&to=${today}`,
    { timeout: 90_000 },
  );
  const figure = (
    (await completion.json()) as { value: { numerator: number; denominator: number; display: string } }
  ).value;
  expect(figure.denominator).toBeGreaterThan(0);
  await page.getByRole('menuitem', { name: '两筛两癌完成情况' }).click();
  await page.getByRole('heading', { name: '两筛两癌完成情况' }).waitFor();
  const total = page.locator('.ant-table-tbody tr').filter({ hasText: '合计' });
  await expect.poll(async () => (await total.innerText()).replace(/\s+/g, ' ')).toContain(figure.display);
  await screenshot('screening-completion');

  // --- 大走访: the township campaign under way; visit the first household not visited yet.
  await page.getByRole('menuitem', { name: '健康扶贫大走访' }).click();
  await page.getByRole('heading', { name: '健康扶贫大走访' }).waitFor();
  await page.getByRole('link', { name: /青龙镇.*秋季入户走访/ }).click();
  await page.getByRole('heading', { name: /^大走访：青龙镇.*秋季入户走访$/ }).waitFor();
  const visited = page.locator('.ant-statistic').filter({ hasText: '已走访户' });
  const before = Number((await visited.locator('.ant-statistic-content').innerText()).replace(/\D/g, ''));
  const firstUnvisited = page.locator('.ant-table-tbody tr').filter({ hasText: '未走访' }).first();
  const householdNo = (await firstUnvisited.locator('td').nth(2).innerText()).trim();
  await firstUnvisited.getByRole('button', { name: buttonName('登记走访') }).click();
  const visit = page.getByRole('dialog', { name: new RegExp(`^登记走访：${householdNo}`) });
  await visit
    .getByLabel('走访发现', { exact: true })
    .fill('户主高血压，血压控制一般；对先诊疗后付费政策不太了解');
  await visit.getByText('慢病用药', { exact: true }).click();
  await visit
    .getByLabel('帮扶措施（一人一策）', { exact: true })
    .fill('村医每月随访测血压，讲解一站式结算政策');
  // The survey: every question answered correctly except one.
  await visit.locator('.ant-divider').filter({ hasText: '政策知晓调查' }).getByRole('switch').click();
  const questionnaire = POLICY_QUESTIONNAIRES[0] as (typeof POLICY_QUESTIONNAIRES)[number];
  for (const [i, q] of questionnaire.questions.entries()) {
    const option =
      i === 0
        ? (q.options.find((o) => o.code !== q.correct) ?? q.options[0])
        : q.options.find((o) => o.code === q.correct);
    await visit
      .locator('.ant-form-item')
      .filter({ hasText: `${i + 1}. ${q.text}` })
      .getByText(option?.label ?? '', { exact: true })
      .click();
  }
  await visit.getByText('答对 7/8').waitFor();
  await visit.getByText('知晓', { exact: true }).waitFor();
  await visit.locator('.ant-divider').filter({ hasText: '发放爱心保健箱' }).getByRole('switch').click();
  await visit.getByLabel('价值（元）', { exact: true }).fill('180');
  await screenshot('record-visit');
  const [saved] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/support/visits') && r.request().method() === 'POST',
    ),
    visit.getByRole('button', { name: buttonName('保存') }).click(),
  ]);
  expect(saved.status(), await saved.text()).toBe(201);
  const savedVisit = (await saved.json()) as { householdId: number };
  expect(savedVisit).toMatchObject({ contact: 'met', survey: { asked: 8, correct: 7, isAware: true } });
  await page.getByText('走访已登记').waitFor();
  await expect
    .poll(async () =>
      Number((await visited.locator('.ant-statistic-content').innerText()).replace(/\D/g, '')),
    )
    .toBe(before + 1);
  await screenshot('campaign-after-visit');

  // The household file shows the visit, its survey result and the kit.
  await page.goto(`/households/${savedVisit.householdId}`);
  await page.getByRole('tab', { name: '入户帮扶' }).click();
  await page.getByText('户主高血压，血压控制一般；对先诊疗后付费政策不太了解').waitFor();
  await page.getByText('7/8 知晓').waitFor();
  await screenshot('household-support-tab');

  await page.getByRole('menuitem', { name: '政策知晓率' }).click();
  await page.getByRole('heading', { name: '健康扶贫政策知晓率' }).waitFor();
  await page.getByText('各题答对率').waitFor();
  await page.locator('.ant-table-tbody').getByText('先诊疗后付费').first().waitFor();
  await screenshot('policy-awareness');

  await page.getByRole('menuitem', { name: '爱心保健箱' }).click();
  await page.getByRole('heading', { name: '爱心保健箱发放' }).waitFor();
  await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
  await screenshot('health-kits');

  // The county sees every township's completion against the targets it set.
  const county = await openPage();
  await loginViaUi(county, DEMO.county.username, DEMO.county.password);
  await expectHomePage(county, DEMO.county.displayName);
  await county.getByRole('menuitem', { name: '两筛两癌完成情况' }).click();
  await county.locator('.ant-table-tbody').getByText(REGIONS.qinglongTown.name, { exact: true }).waitFor();
  await county.locator('.ant-table-tbody tr').filter({ hasText: '合计' }).waitFor();
  await screenshot('county-completion', county);
});
