/**
 * Results a researcher can read: the dashboard reads the stored results, metric-against-knob plots
 * of the accuracy templates, the wizard's template row and schema-wide knob picker, and a user
 * preset saved from the devices view and used in a new study. Also takes the README's pictures of
 * these views (docs/views/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { hps } from './support/host';
import { measuredDeviceCsv } from './support/measured-device';
import { readmePicture, repoRoot, shotsDir } from './support/paths';
import { pickKnob } from './support/wizard';
import { readPdf } from '../support/pdf';

/**
 * A picture for the README: the element (and `below` more pixels, for an open dropdown) in
 * artifacts/screenshots (and docs/views with `npm run pictures`).
 */
async function readmeShot(page: Page, target: Locator, name: string, below = 0): Promise<void> {
  await page.waitForTimeout(500); // charts settle
  const file = join(shotsDir, `${name}.png`);
  if (below) {
    const box = (await target.boundingBox())!;
    await page.screenshot({ path: file, fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: box.height + below } });
  } else await target.screenshot({ path: file });
  readmePicture(file, `views/${name}.png`);
}

/** Store a study with the CLI (trained points run in the host's data folder) and return its id. */
async function sweep(dataDir: string, file: string, spec: unknown): Promise<string> {
  writeFileSync(file, JSON.stringify(spec));
  const out = JSON.parse(await hps(['sweep', file, '--data-dir', dataDir, '--json'])) as { study: { id: string; status: string } };
  expect(out.study.status).toBe('done');
  return out.study.id;
}

/** A bundled template trained on a small part of the bundled data (its knobs and objectives unchanged). */
function smallTemplate(id: string): Record<string, unknown> {
  const t = JSON.parse(readFileSync(join(repoRoot, 'resources', 'templates', `${id}.json`), 'utf8')) as { base: { workload: { dataset: Record<string, unknown> }; training: Record<string, unknown> } };
  t.base.workload.dataset = { ...t.base.workload.dataset, trainLimit: 320, testLimit: 100 };
  t.base.training = { ...t.base.training, epochs: 1 };
  return t;
}


test('dashboard: every ratio equals the stored wide CSV of a trained point', async ({ app, page, host }, testInfo) => {
  test.setTimeout(300_000);
  const id = await sweep(host.dataDir, testInfo.outputPath('trained.json'), {
    name: 'E2E trained comparison',
    base: { workload: { dataset: { source: 'bundled', trainLimit: 200, testLimit: 100 } }, training: { epochs: 2, batchSize: 20 } },
    knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [100, 400] }],
    objectives: [
      { metric: 'accuracy', direction: 'max' },
      { metric: 'latencyPerEpoch', direction: 'min' },
    ],
    evaluation: 'cost+accuracy',
  });
  const csvFile = testInfo.outputPath('wide.csv');
  await hps(['export', id, '--format', 'csv-wide', '--out', csvFile, '--data-dir', host.dataDir]);
  const [header, ...rows] = readFileSync(csvFile, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  const col = (name: string): number => header!.indexOf(name);
  const hpsRows = rows.filter((r) => r[col('role')] === 'hps');
  expect(hpsRows.length).toBe(2);

  for (const row of hpsRows) {
    await app.goto(`#/study/${encodeURIComponent(id)}/compare?point=${row[col('point_hash')]}`);
    await page.getByTestId('metric-cards').waitFor({ timeout: 30_000 });
    for (const [metric, kind] of [['accuracy', 'diff'], ['accuracyNonVolatile', 'diff'], ['energyPerEpoch', 'ratio'], ['latencyPerEpoch', 'ratio'], ['area', 'ratio'], ['topsPerWatt', 'ratio']] as const) {
      const card = page.locator(`[data-metric="${metric}"]`);
      const fromCsv = Number(row[col(`${kind}.${metric}`)]);
      expect(Number.isFinite(fromCsv), `${kind}.${metric} in the CSV`).toBe(true);
      const shown = Number(await card.getAttribute('data-comparison'));
      expect(shown, `${metric}: dashboard ${shown} vs CSV ${fromCsv}`).toBeCloseTo(fromCsv, 12);
      expect(Number(await card.getAttribute('data-hps')), `${metric} of HPS`).toBe(Number(row[col(metric)]));
    }
  }
  // The per-phase ratios come from the same stored record; the layer split from the run's stored cost.
  await expect(page.getByTestId('phase-ratios').locator('tbody tr')).not.toHaveCount(0);
  await page.getByTestId('layer-table').waitFor();
  await app.axe('comparison of a trained point');
  await readmeShot(page, page.locator('main'), 'compare');

  // The same study's training curves: one line per run, named by its knob values.
  await app.goto(`#/study/${encodeURIComponent(id)}`);
  const curves = page.getByTestId('training-curves');
  await curves.getByRole('img', { name: /Test accuracy per epoch/ }).waitFor({ timeout: 20_000 });
  await expect(curves.getByRole('list', { name: 'Runs' }).getByRole('listitem')).toHaveText([/HPS · everyImages=100/, /Baseline/, /HPS · everyImages=400/]);
  await page.locator('#tc-acc').selectOption('testAccuracyNonVolatile');
  await curves.getByRole('img', { name: /non-volatile weights only/ }).waitFor();
  await app.axe('training curves');
  await readmeShot(page, curves, 'training-curves');
});

// The retention template runs as bundled (its figure is the README's: transfers must happen for
// retention to matter); the transfer-interval one on a small part of the data.
for (const [template, knob, points, full] of [
  ['accuracy-vs-transfer-interval', 'Transfer interval', 10, false],
  ['accuracy-vs-retention', 'Capacitor retention', 9, true],
] as const) {
  test(`plots: ${template} draws accuracy against its knob, HPS and baseline with ${points} points each`, async ({ app, page, host }, testInfo) => {
    test.setTimeout(full ? 600_000 : 300_000);
    const spec = full ? JSON.parse(readFileSync(join(repoRoot, 'resources', 'templates', `${template}.json`), 'utf8')) : smallTemplate(template);
    const id = await sweep(host.dataDir, testInfo.outputPath('study.json'), spec);
    await app.goto(`#/study/${encodeURIComponent(id)}/plots`);
    const chart = page.getByTestId('knob-chart');
    await chart.locator('canvas').first().waitFor({ timeout: 20_000 });
    await expect(page.locator('#pl-metric')).toHaveValue('accuracy');
    await expect(page.locator('#pl-x').locator('option:checked')).toHaveText(new RegExp(knob));
    await expect(chart).toHaveAttribute('data-series', '2');
    await expect(chart).toHaveAttribute('data-points', `${points},${points}`);
    await page.getByText(/^Data \(/).click();
    await expect(page.getByTestId('knob-data').locator('tbody tr')).toHaveCount(2 * points);
    // The non-volatile accuracy and a cost ratio against the same knob.
    await page.locator('#pl-metric').selectOption('accuracyNonVolatile');
    await expect(chart).toHaveAttribute('data-points', `${points},${points}`);
    await page.locator('#pl-metric').selectOption('latencyPerEpoch');
    await page.locator('#pl-mode').selectOption('ratio');
    await expect(chart).toHaveAttribute('data-series', '1');
    await app.axe(`plots: ${template}`);
    // The PDF report draws the same headline figure from the same series builder.
    const pdf = testInfo.outputPath('report.pdf');
    await hps(['export', id, '--format', 'pdf', '--out', pdf, '--data-dir', host.dataDir]);
    const { text } = await readPdf(readFileSync(pdf));
    expect(text).toContain('Metrics against the swept settings');
    expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(`Accuracy against ${knob}`));
    if (full) {
      await page.locator('#pl-mode').selectOption('value');
      await page.locator('#pl-metric').selectOption('accuracy');
      await page.getByText(/^Data \(/).click(); // closed again for the picture
      await readmeShot(page, page.locator('main'), 'plots');
    }
  });
}

test('wizard: the template Apply button takes a real click at 1280x800 and 1920x1080; the description stays clear of the fields', async ({ app, page }) => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    await app.goto('#/new');
    await page.locator('#w-template').selectOption({ label: 'Accuracy vs transfer interval' });
    await page.getByTestId('apply-template').click(); // a real click: fails if anything covers the button
    await expect(page.getByLabel('Study name'), `template applied at ${viewport.width}x${viewport.height}`).toHaveValue('Accuracy vs transfer interval');
    const desc = (await page.getByTestId('template-description').boundingBox())!;
    for (const label of ['Study name', 'Tags (comma separated)', 'Evaluation']) {
      const box = (await page.getByLabel(label).boundingBox())!;
      const overlap = desc.x < box.x + box.width && box.x < desc.x + desc.width && desc.y < box.y + box.height && box.y < desc.y + desc.height;
      expect(overlap, `description clear of ${label} at ${viewport.width}x${viewport.height}`).toBe(false);
    }
    // The select stays inside its own column: it ends before the Apply button starts.
    const select = (await page.locator('#w-template').boundingBox())!;
    const apply = (await page.getByTestId('apply-template').boundingBox())!;
    expect(select.x + select.width).toBeLessThanOrEqual(apply.x);
    await app.shot(`wizard-template-${viewport.width}`);
  }
  // The sweep step's columns: type badges and buttons on one line each (no 'intege r', 'Remo ve').
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('step-sweep').click();
  for (const el of [page.getByTestId('knob-0').locator('.badge'), page.getByTestId('knob-0').getByRole('button', { name: /Remove knob/ })]) {
    const lineHeight = await el.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 20);
    const box = (await el.boundingBox())!;
    expect(box.height, `${await el.textContent()} on one line`).toBeLessThan(2 * lineHeight);
  }
});

test('wizard: a device-preset knob and a node knob swept from the schema picker', async ({ app, page }) => {
  await app.goto('#/new');
  await page.getByLabel('Study name').fill('E2E preset x node');
  await page.getByTestId('step-sweep').click();
  await page.locator('#k-values-0').fill('8000');
  await page.getByRole('button', { name: '+ Add knob' }).click();
  await pickKnob(page, 1, 'eNVM device preset', /^eNVM device preset synapse\.device\.preset/);
  await page.getByTestId('knob-1').getByRole('checkbox', { name: 'taox-hfox' }).check();
  await page.getByTestId('knob-1').getByRole('checkbox', { name: 'ag-a-si' }).uncheck();
  await page.getByRole('button', { name: '+ Add knob' }).click();
  await pickKnob(page, 2, 'technology node', /^Technology node circuit\.node/);
  // The node is in the default iso set: sweeping it takes it out, and the step says so.
  await expect(page.getByTestId('iso-note')).toHaveText(/circuit\.node left the iso set/);
  await expect(page.getByTestId('knob-2').getByRole('checkbox', { name: '32 nm' })).toBeChecked();
  await page.getByTestId('knob-2').getByRole('checkbox', { name: '22 nm' }).check();
  await expect(page.getByTestId('sample-estimate')).toHaveText(/\b4 design points\b/);
  await app.axe('wizard: sweep with the schema picker');
  // The README's picture: the picker searching the schema.
  await page.getByRole('button', { name: '+ Add knob' }).click();
  await page.locator('#k-path-3').click();
  await page.locator('#k-path-3').fill('nonlinearity');
  await page.getByRole('option', { name: /eNVM NL LTP/ }).waitFor();
  await readmeShot(page, page.locator('.card').filter({ has: page.getByRole('heading', { name: 'Knobs' }) }), 'wizard-sweep', 170);
  await page.getByTestId('knob-3').getByRole('button', { name: /Remove knob/ }).click();

  await page.getByTestId('step-review').click();
  await expect(page.getByTestId('review-estimate')).toHaveText(/planned points/, { timeout: 20_000 });
  await page.getByTestId('create-run').click();
  await page.waitForURL(/#\/study\//, { timeout: 20_000 });
  await expect(page.getByTestId('study-status')).toHaveText('done', { timeout: 120_000 });
  const table = page.getByTestId('points-table');
  // 4 HPS points and their 4 baseline twins (one per preset and node).
  await expect(table.locator('tbody tr')).toHaveCount(8);
  for (const v of ['hps-envm', 'taox-hfox', '22', '32']) await expect(table.locator('tbody td', { hasText: new RegExp(`^${v}$`) }).first()).toBeVisible();
  await expect(table.locator('tbody tr', { hasText: 'failed' })).toHaveCount(0);
});

test('devices: a fitted device saved as a user preset is used in a new study', async ({ app, page, host }) => {
  await app.goto('#/devices');
  await page.locator('#devices-import-csv').setInputFiles(measuredDeviceCsv());
  await page.getByTestId('fit-result').waitFor({ timeout: 20_000 });
  await page.getByLabel('Preset id').fill('e2e-rram');
  await page.getByTestId('save-preset').click();
  await expect(page.getByTestId('save-preset-card')).toHaveText(/Saved as e2e-rram/);
  await expect(page.getByText('user · e2e-rram')).toBeVisible();
  await app.axe('devices: user preset saved');
  // The devices view's simulations, for the README.
  await page.getByRole('checkbox', { name: 'Ag:a-Si RRAM' }).check();
  await page.locator('#sim-device').selectOption({ label: 'Ag:a-Si RRAM' });
  const sim = page.getByTestId('device-simulation');
  await sim.getByRole('img', { name: /Cycle-to-cycle band of Ag:a-Si RRAM/ }).locator('canvas').waitFor({ timeout: 20_000 });
  await readmeShot(page, sim, 'device-simulation');

  await app.goto('#/new');
  await page.getByLabel('Study name').fill('E2E with a user preset');
  await page.getByTestId('step-devices').click();
  await page.locator('#dev-msb-preset').selectOption('e2e-rram');
  await page.getByTestId('step-review').click();
  await expect(page.getByTestId('review-estimate')).toHaveText(/planned points/, { timeout: 20_000 });
  await page.getByTestId('create-run').click();
  await page.waitForURL(/#\/study\//, { timeout: 20_000 });
  await expect(page.getByTestId('study-status')).toHaveText('done', { timeout: 120_000 });
  await expect(page.getByTestId('points-table').locator('tbody tr', { hasText: 'failed' })).toHaveCount(0);
  // The stored study names the preset (its definition copied in, so it stays reproducible).
  const studyId = decodeURIComponent(page.url().split('#/study/')[1]!.split(/[/?]/)[0]!);
  const shown = JSON.parse(await hps(['studies', 'show', studyId, '--data-dir', host.dataDir, '--json'])) as unknown;
  expect(JSON.stringify(shown)).toContain('"preset":"e2e-rram"');
});
