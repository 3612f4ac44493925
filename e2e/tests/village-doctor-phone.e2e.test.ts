import type { Browser, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { ApiSession } from '../support/api.ts';
import { DEMO } from '../support/demo.ts';
import { test, UI_TIMEOUT_MS } from '../support/fixtures.ts';
import { citizenId } from '../support/person-list.ts';
import { buttonName, expectHomePage, loginViaUi } from '../support/ui.ts';

const DOCTOR = { username: 'doctor', password: 'Doctor@2026', displayName: '大杖子村村医' };
const DOCTOR_VILLAGE = '130321100201';

/** A phone: 390×844 CSS pixels (iPhone 12–15), touch, mobile user agent. */
async function openPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    baseURL: inject('baseURL'),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  return context.newPage();
}

/** Nothing on the page is wider than the screen (no sideways scrolling). */
async function expectNoHorizontalScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.screen);
}

const isoDaysAgo = (days: number) => {
  const d = new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000);
  return d.toISOString().slice(0, 10);
};

test('a village doctor on a phone opens 今日待随访, records a visit with the one-column form, and the patient leaves the list', async ({
  browser,
  screenshot,
}) => {
  // --- A hypertension patient of the doctor's village, last seen 200 days ago with a crisis BP: due two
  // weeks later, so high risk and long overdue today.
  const county = await ApiSession.login(DEMO.county.username, DEMO.county.password);
  const suffix = Date.now() % 1000;
  const name = `韩随${'甲乙丙丁戊己庚辛壬癸'[suffix % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(suffix / 10) % 10]}`;
  const created = await county.request<{ person: { id: number } }>('POST', '/persons', {
    idNumber: citizenId('130321', '19550612', 100 + (suffix % 800)),
    name,
    villageCode: DOCTOR_VILLAGE,
    phone: '13912345678',
    confirmDuplicate: true,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const personId = created.body.person.id;
  const lastVisit = await county.request<{ nextDueDate: string; isRedAlert: boolean }>(
    'POST',
    `/chronic/persons/${personId}/visits/hypertension`,
    {
      disease: 'hypertension',
      visitDate: isoDaysAgo(200),
      method: 'clinic',
      doctorName: '大杖子村村医',
      outcome: 'continue',
      symptoms: ['headache_dizziness'],
      systolic: 186,
      diastolic: 112,
      hasAdverseReaction: false,
      adherence: 'intermittent',
    },
  );
  expect(lastVisit.status, JSON.stringify(lastVisit.body)).toBe(201);
  expect(lastVisit.body).toMatchObject({ isRedAlert: true, nextDueDate: isoDaysAgo(186) });

  // --- The doctor signs in on his phone and opens 今日待随访 from the menu.
  const phone = await openPhone(browser);
  await loginViaUi(phone, DOCTOR.username, DOCTOR.password);
  await expectHomePage(phone, DOCTOR.displayName);
  await phone.getByRole('button', { name: '打开菜单' }).click();
  await phone.getByRole('menuitem', { name: '今日待随访' }).click();
  await phone.waitForURL(/\/chronic\/overdue/);
  await phone.getByText(/^今天待随访/).waitFor();
  const card = phone.getByLabel(`待随访：${name}`);
  await card.waitFor();
  await expect.poll(() => card.getByText('高危').count()).toBeGreaterThan(0);
  await card.getByText('逾期186天').waitFor();
  await card.getByText('末次血压 186/112', { exact: false }).waitFor();
  // High-risk patients overdue ≥30 days come first: every card above him is high risk too.
  const cards = phone.locator('[aria-label^="待随访："]');
  const position = (
    await cards.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')))
  ).indexOf(`待随访：${name}`);
  for (let i = 0; i < position; i += 1) {
    expect(await cards.nth(i).getByText('高危', { exact: true }).count()).toBeGreaterThan(0);
  }
  await expectNoHorizontalScroll(phone);
  await card.scrollIntoViewIfNeeded();
  await screenshot('overdue-list-on-phone', phone);

  // --- 登记随访 opens the visit form for him: one column, large inputs.
  // The name carries the pen icon's label too ("edit 登记随访").
  await card.getByRole('button', { name: /登\s*记\s*随\s*访/ }).click();
  await phone.waitForURL(/\/chronic\/visits\?/);
  await phone.getByText(name, { exact: true }).waitFor();
  const systolic = phone.getByLabel('收缩压（mmHg）');
  const diastolic = phone.getByLabel('舒张压（mmHg）');
  await systolic.waitFor();
  const [sysBox, diaBox, viewport] = [
    await systolic.boundingBox(),
    await diastolic.boundingBox(),
    phone.viewportSize(),
  ];
  expect(sysBox && diaBox && viewport).toBeTruthy();
  if (sysBox && diaBox && viewport) {
    // One column: the inputs are stacked and nearly as wide as the screen; large (≥ 38 px tall) for thumbs.
    expect(diaBox.y).toBeGreaterThan(sysBox.y + sysBox.height);
    expect(Math.abs(diaBox.x - sysBox.x)).toBeLessThan(2);
    expect(sysBox.width).toBeGreaterThan(viewport.width * 0.6);
    expect(sysBox.height).toBeGreaterThanOrEqual(38);
  }
  await systolic.fill('132');
  await diastolic.fill('84');
  await phone.getByText('规律', { exact: true }).click();
  await expectNoHorizontalScroll(phone);
  await screenshot('visit-form-on-phone', phone);
  const [saved] = await Promise.all([
    phone.waitForResponse(
      (r) =>
        r.url().includes(`/api/v1/chronic/persons/${personId}/visits/hypertension`) &&
        r.request().method() === 'POST',
    ),
    phone.getByRole('button', { name: buttonName('保存随访') }).click(),
  ]);
  expect(saved.status()).toBe(201);
  const result = (await saved.json()) as { classificationLabel: string; nextDueDate: string };
  expect(result.classificationLabel).toBe('控制满意');
  await phone.getByText(`已保存：${name}`, { exact: false }).waitFor();
  await phone.getByText(/控制满意，按期随访/).waitFor();
  await screenshot('visit-saved-on-phone', phone);

  // --- Back to the list: he is no longer due.
  await phone.getByRole('button', { name: buttonName('返回今日待随访') }).click();
  await phone.waitForURL(/\/chronic\/overdue$/);
  await phone.getByText(/^今天待随访/).waitFor();
  await expect.poll(() => phone.getByLabel(`待随访：${name}`).count()).toBe(0);
  await expectNoHorizontalScroll(phone);
  await screenshot('overdue-list-after-visit', phone);
  const list = await phone.request.get('/api/v1/chronic/overdue?pageSize=500');
  expect(list.status()).toBe(200);
  const items = ((await list.json()) as { items: { personId: number }[] }).items;
  expect(items.map((i) => i.personId)).not.toContain(personId);
  await phone.context().close();
});
