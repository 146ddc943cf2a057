/** Settings: validated inputs that persist in the data folder. */
import { expect, test } from './fixtures';

test('settings: worker count and default dataset folder persist across a reload', async ({ app, page }) => {
  await app.goto('#/studies');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-form').waitFor({ timeout: 10_000 });
  const workers = page.getByLabel(/^Worker count/);
  const folder = page.getByLabel(/^Default dataset folder/);
  const status = page.getByTestId('settings-status');
  await workers.fill('x');
  await expect(workers, 'non-numeric worker count rejected').toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('settings-save'), 'save disabled while invalid').toBeDisabled();
  await workers.fill('3');
  await folder.fill('/tmp/e2e-datasets');
  await page.getByTestId('settings-save').click();
  await expect(status).toHaveText(/Saved/, { timeout: 10_000 });
  await app.axe('settings');
  await app.shot('settings');
  await page.reload();
  await page.getByTestId('settings-form').waitFor({ timeout: 10_000 });
  await expect(page.locator('#set-workers'), 'worker count persisted').toHaveValue('3', { timeout: 10_000 });
  await expect(folder, 'default dataset folder persisted').toHaveValue('/tmp/e2e-datasets');
  // Back to the defaults (empty worker count: CPUs - 1; no folder).
  await workers.fill('');
  await folder.fill('');
  await page.getByTestId('settings-save').click();
  await expect(status).toHaveText(/Saved/, { timeout: 10_000 });
});
