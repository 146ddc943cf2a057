/** The studies browser: empty state, search, duplicate, delete with confirmation, keyboard. */
import { expect, test } from './fixtures';

test('studies browser: empty state and accessibility', async ({ app, page }) => {
  await app.goto('#/studies');
  await page.getByTestId('studies-empty').waitFor();
  await app.shot('studies-empty');
  await app.axe('studies (empty)');
});

test('studies browser: search, duplicate, delete with confirmation, keyboard', async ({ app, page, costStudy: _ }) => {
  const rows = page.locator('[data-testid="studies-table"] tbody tr');
  await app.goto('#/studies');
  await page.getByTestId('studies-table').waitFor();
  await page.getByRole('button', { name: /^Duplicate / }).first().click();
  await page.waitForURL(/#\/study\//);
  // The copy is a draft: start its sweep from the study view and watch it finish.
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('done', { timeout: 120_000 });
  await app.goto('#/studies');
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Search').fill('copy');
  await expect(rows).toHaveCount(1);
  await app.shot('studies');
  await app.axe('studies (list)');
  // Escape closes the confirmation without deleting; focus returns.
  await page.getByRole('button', { name: /^Delete / }).first().click();
  await page.getByRole('alertdialog').waitFor();
  await app.axe('delete dialog');
  await app.shot('delete-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: /^Delete / }).first().click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await page.getByLabel('Search').fill('');
  await expect(rows).toHaveCount(1);
  // Keyboard: the first Tab reaches the skip link, which is visible when focused.
  await page.reload();
  await page.getByTestId('studies-table').waitFor();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.className ?? '');
  expect(focused, 'first tab stop is the skip link').toMatch(/skip-link/);
});
