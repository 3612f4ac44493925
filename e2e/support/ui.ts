import type { Page } from 'playwright-core';

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
