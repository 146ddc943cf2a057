import type { Page } from '@playwright/test';

/** Pick the config field of knob i in the wizard's sweep step through its searchable picker. */
export async function pickKnob(page: Page, i: number, search: string, option: RegExp): Promise<void> {
  const input = page.locator(`#k-path-${i}`);
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}
