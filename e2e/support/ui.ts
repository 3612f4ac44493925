import type { Locator, Page } from 'playwright-core';

/** Opens the login page and signs in with the form, as a user would. */
export async function loginViaUi(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await fillLoginForm(page, username, password);
}

export async function fillLoginForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: buttonName('登录') }).click();
}

/** Waits for the home page of a signed-in user (its welcome card). */
export async function expectHomePage(page: Page, displayName: string): Promise<void> {
  await page.getByRole('heading', { name: `欢迎，${displayName}` }).waitFor();
}

/**
 * Accessible name of an antd button: antd puts a space between two Chinese characters ("登 录"), and the
 * loading icon's label ("loading") can linger in the name while its leave animation has not finished, so
 * match the text with optional whitespace between characters and an optional leading icon label.
 */
export function buttonName(text: string): RegExp {
  const chars = [...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^\\s*(?:loading\\s+)?${chars.join('\\s*')}\\s*$`);
}

/** The option with this text (its title) in the open antd Select / Cascader popup. */
export function popupOption(page: Page, text: string): Locator {
  return page.locator('.ant-select-dropdown:visible, .ant-cascader-dropdown:visible').getByTitle(text, {
    exact: true,
  });
}

/**
 * Walks an open cascader popup along `path` (e.g. county → township → village). A level's children are loaded
 * from the server when its option is clicked; on a busy machine a click during the popup's opening animation can
 * be lost, so an option is clicked again until the next level shows.
 */
export async function pickCascaderPath(page: Page, path: readonly string[]): Promise<void> {
  for (const [i, text] of path.entries()) {
    const next = path[i + 1];
    for (let attempt = 1; ; attempt += 1) {
      await popupOption(page, text).click();
      if (next === undefined) {
        break;
      }
      try {
        await popupOption(page, next).waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt >= 3) {
          throw error;
        }
      }
    }
  }
}

/** Closes an open Select / Cascader popup with Escape; does nothing when none is open (Escape would close a dialog). */
export async function closePopups(page: Page): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible, .ant-cascader-dropdown:visible');
  if ((await open.count()) > 0) {
    await page.keyboard.press('Escape');
    await open.first().waitFor({ state: 'hidden' });
  }
}

/**
 * Chooses the option containing `text` of the antd Select that `trigger` is (or lies in), checks that the Select
 * shows it and that its dropdown is closed (a dropdown left open covers the dialog's buttons). On a busy machine a
 * click during the dropdown's opening animation can be lost, so the choice is tried up to three times.
 */
export async function pickSelectOption(page: Page, trigger: Locator, text: string): Promise<void> {
  const select = trigger.locator(
    "xpath=ancestor-or-self::div[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]",
  );
  for (let attempt = 1; ; attempt += 1) {
    await trigger.click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: text })
      .first()
      .click();
    try {
      await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 3_000 });
    } catch {
      await closePopups(page);
    }
    const shown = (await select.textContent()) ?? '';
    if (shown.includes(text)) {
      return;
    }
    if (attempt >= 3) {
      throw new Error(`the select shows "${shown}" after choosing "${text}" three times`);
    }
  }
}
