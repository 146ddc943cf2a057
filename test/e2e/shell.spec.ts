/** What every view shares: the theme, and errors from the services shown to the user. */
import { expect, test } from './fixtures';

test('theme toggle: dark theme applies and persists through settings', async ({ app, page, costStudy }) => {
  const theme = (): Promise<string | undefined> => page.evaluate(() => document.documentElement.dataset.theme);
  await app.goto(`#/study/${encodeURIComponent(costStudy)}/compare`);
  const before = await theme();
  await page.getByTestId('theme-toggle').click();
  await page.waitForFunction((b) => document.documentElement.dataset.theme !== b, before);
  const after = await theme();
  expect(after, `theme switched from ${before}`).toBe(before === 'dark' ? 'light' : 'dark');
  await page.getByTestId('metric-cards').waitFor({ timeout: 30_000 });
  await app.axe(`${after} theme`);
  await app.shot(`theme-${after}`);
  await app.nav(`#/study/${encodeURIComponent(costStudy)}/pareto`);
  await page.locator('[data-testid="pareto-chart"] canvas').first().waitFor({ timeout: 30_000 });
  await app.shot(`pareto-${after}`);
  await page.reload();
  await page.waitForFunction((a) => document.documentElement.dataset.theme === a, after, { timeout: 10_000 });
  await page.getByTestId('theme-toggle').click();
  await page.waitForFunction((a) => document.documentElement.dataset.theme !== a, after);
});

test('errors from the main process are shown, not swallowed', async ({ app, page }) => {
  app.expectConsoleError(/Failed to load resource/);
  await app.goto('#/study/does-not-exist');
  await page.locator('.state.error').waitFor({ timeout: 10_000 });
  const toast = page.getByTestId('error-toast').first();
  await toast.waitFor();
  await expect(toast, 'toast names the problem').toHaveText(/does-not-exist|not found|no study/i);
  await expect(page.getByTestId('live-region'), 'aria-live region announces it').not.toBeEmpty();
  await app.shot('error-state');
  await page.getByRole('button', { name: /^Dismiss/ }).first().click();
});
