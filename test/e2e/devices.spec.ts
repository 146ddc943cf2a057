/** The device view: preset curves, and a measured CSV fitted to the device model. */
import { expect, test } from './fixtures';
import { measuredDeviceCsv } from './support/measured-device';

test('device view: import a measured CSV and see the fit', async ({ app, page }) => {
  await app.goto('#/devices');
  await page.locator('.card canvas').first().waitFor({ timeout: 20_000 });
  await app.shot('devices');
  await page.locator('#devices-import-csv').setInputFiles(measuredDeviceCsv());
  const fit = page.getByTestId('fit-result');
  await fit.waitFor({ timeout: 20_000 });
  await fit.locator('canvas').waitFor();
  for (const re of [/NL LTP/, /RMSE/, /µS/]) await expect(fit, 'fit parameters listed with units').toHaveText(re);
  await app.axe('devices');
  await app.shot('devices-fit');
});
