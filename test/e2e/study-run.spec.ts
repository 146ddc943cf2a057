/** Studies while they run: live progress, cancel and resume; a training study's live curves. */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { readmePicture } from './support/paths';
import { pickKnob } from './support/wizard';

test('study view: live progress of a large sweep, cancel, resume', async ({ app, page }) => {
  await app.goto('#/new');
  await page.getByLabel('Study name').fill('E2E large LHS sweep');
  await page.getByTestId('step-sweep').click();
  // A real-valued knob: 20,000 Latin-hypercube samples of an integer knob collapse to the few
  // thousand distinct values it has, a sweep short enough to end before the cancel arrives.
  await pickKnob(page, 0, 'significance', /^Significance factor F synapse\.significance/);
  await page.locator('#k-mode-0').selectOption('range');
  await page.locator('#k-min-0').fill('1');
  await page.locator('#k-max-0').fill('64');
  await page.locator('#k-scale-0').selectOption('log');
  await page.getByLabel('Kind').selectOption('lhs');
  await page.getByLabel('Samples').fill('40000');
  await page.getByTestId('step-review').click();
  await page.getByTestId('review-estimate').waitFor({ timeout: 20_000 });
  await page.getByTestId('create-run').click();
  await page.waitForURL(/#\/study\//, { timeout: 20_000 });
  const cancel = page.getByTestId('cancel-sweep');
  const status = page.getByTestId('study-status');
  await cancel.waitFor({ timeout: 30_000 });
  // Live progress: the fraction advances while the sweep runs.
  await page.waitForFunction(() => Number(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? 0) > 0, null, { timeout: 60_000 });
  await app.shot('study-running');
  await cancel.click();
  await expect(status).toHaveText('cancelled', { timeout: 60_000 });
  await expect(page.getByTestId('progress-text'), 'cancelled before the end').not.toHaveText(/100 %/);
  await app.shot('study-cancelled');
  // Resume: stored points are kept; cancel again to end the test quickly.
  await page.getByTestId('resume-job').click();
  await cancel.waitFor({ timeout: 30_000 });
  await cancel.click();
  await expect(status).toHaveText('cancelled', { timeout: 60_000 });
});

test('training study: cost + accuracy with live curves, HPS and baseline overlaid', async ({ app, page }) => {
  test.setTimeout(12 * 60_000);
  await app.goto('#/new');
  await page.getByLabel('Study name').fill('E2E tiny training');
  await page.getByLabel('Evaluation').selectOption('cost+accuracy');
  await page.getByLabel(/Training images \(limit\)/).fill('400');
  await page.getByLabel(/Test images \(limit\)/).fill('200');
  await page.getByTestId('step-training').click();
  await page.getByLabel(/^Epochs/).fill('2');
  await page.getByLabel(/Batch size/).fill('20');
  await page.getByLabel(/Images per epoch/).fill('400');
  await page.getByLabel(/Transfer interval/).fill('100');
  await page.getByTestId('step-sweep').click();
  await page.getByRole('button', { name: /^Remove knob/ }).click();
  await page.locator('#o-metric-0').selectOption('accuracy');
  await page.locator('#o-dir-0').selectOption('max');
  await page.getByTestId('step-review').click();
  await page.getByTestId('review-estimate').waitFor({ timeout: 20_000 });
  await page.getByTestId('create-run').click();
  await page.waitForURL(/#\/study\//, { timeout: 20_000 });

  // A picture while it trains: as soon as the first accuracy curve is drawn (or the study ended).
  const ended = /^(done|failed|cancelled)$/;
  const status = page.getByTestId('study-status');
  await page.waitForFunction(
    () => ['done', 'failed', 'cancelled'].includes((document.querySelector('[data-testid="study-status"]')?.textContent ?? '').trim()) || !!document.querySelector('[aria-label^="Test accuracy per epoch"]'),
    null,
    { timeout: 300_000 },
  );
  await app.shot('training-live');
  await expect(status).toHaveText(ended, { timeout: 300_000 });
  const failures = await page.locator('[data-testid="points-table"] tbody tr', { hasText: 'failed' }).allTextContents();
  expect(failures.join(' | ').replace(/\s+/g, ' ').slice(0, 300), 'no failed points').toBe('');
  await expect(status, 'training study finished').toHaveText('done');
  await page.getByRole('img', { name: /Test accuracy per epoch/ }).waitFor({ timeout: 20_000 });
  await page.getByRole('img', { name: /loss per epoch/i }).waitFor({ timeout: 20_000 });
  await app.axe('training study');
  await app.shot('training-curves');
  // The update-efficacy diagnostics of every run, per epoch and layer, from the study's export buttons.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-csv-diagnostics').click()]);
  expect(download.suggestedFilename()).toMatch(/-diagnostics\.csv$/);
  const rows = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  const header = rows[0]!;
  expect(header).toEqual(expect.arrayContaining(['run_id', 'role', 'epoch', 'layer', 'efficacy', 'transfers']));
  const roles = new Set(rows.slice(1).map((r) => r[header.indexOf('role')]));
  expect([...roles].sort(), 'diagnostics of HPS runs and their baseline twins').toEqual(['baseline', 'hps']);
  for (const r of rows.slice(1)) expect(Number(r[header.indexOf('efficacy')]), 'efficacy is a fraction').toBeLessThanOrEqual(1);
  await page.getByTestId('tab-compare').click();
  const cards = page.getByTestId('metric-cards');
  await cards.waitFor({ timeout: 30_000 });
  await expect(cards, 'accuracy card filled').toHaveText(/Test accuracy \(live\)\s*HPS\s*[\d.]+ %/);
  // The README's picture: the HPS-vs-baseline dashboard of a training study (accuracy and cost).
  readmePicture(await app.shot('compare-training'), 'screenshot.png');
});
