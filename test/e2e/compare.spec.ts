/** The HPS-vs-baseline comparison dashboard of a stored study. */
import { expect, test } from './fixtures';

test('comparison dashboard: HPS vs baseline', async ({ app, page, costStudy }) => {
  await app.goto(`#/study/${encodeURIComponent(costStudy)}/compare`);
  const cards = page.getByTestId('metric-cards');
  await cards.waitFor({ timeout: 30_000 });
  await expect(cards, 'energy card').toHaveText(/Energy per epoch/);
  await expect(cards, 'energies with units').toHaveText(/[pnµm]?J/);
  await expect(cards, 'ratios shown').toHaveText(/×/);
  await page.waitForFunction(() => document.querySelectorAll('.card canvas').length >= 3, null, { timeout: 20_000 });
  await page.getByTestId('layer-table').waitFor();
  await app.axe('comparison');
  await app.shot('compare');
});
