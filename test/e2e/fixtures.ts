/**
 * The end-to-end tests' fixtures. Import `test` and `expect` from here, not from @playwright/test.
 *
 * - `launchOptions` (worker): the browser the global setup chose (browser.ts).
 * - `host` (per test): a browser host (`hps serve`) on a fresh temp data folder and a free port;
 *   `host.url` is its tokened URL. Its log is attached to a failed test. E2E_KEEP=1 keeps the folder.
 * - `page` (per test): fails the test on any page error or console error (see PageErrors).
 * - `app` (per test): the page opened on the host, with navigation, screenshots and axe (App).
 * - `costStudy` (per test): the id of a finished cost-only study in the host's data folder, a 2 x 2
 *   sweep of transfer interval and ADC bits, made with the CLI so view tests need not drive the wizard.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type LaunchOptions } from '@playwright/test';
import { launchOptions, type BrowserChoice } from './browser';
import { App, PageErrors } from './support/app';
import { hps, startHost, type Host } from './support/host';
import { BROWSER_ENV } from './support/paths';

interface TestFixtures {
  host: Host;
  pageErrors: PageErrors;
  app: App;
  costStudy: string;
}

/** The study `costStudy` stores: what the wizard test builds by hand, in the study file format. */
export const COST_STUDY = {
  name: 'E2E transfer x ADC sweep',
  tags: ['e2e', 'adc'],
  knobs: [
    { path: 'synapse.transfer.everyImages', type: 'integer', values: [2000, 8000] },
    { path: 'circuit.adcBits', type: 'integer', values: [5, 6] },
  ],
  sampler: { kind: 'grid' },
  objectives: [
    { metric: 'energyPerEpoch', direction: 'min' },
    { metric: 'latencyPerEpoch', direction: 'min' },
  ],
  evaluation: 'cost',
};

export const test = base.extend<TestFixtures, { launchOptions: LaunchOptions }>({
  launchOptions: [
    async ({}, use) => {
      const json = process.env[BROWSER_ENV];
      if (!json) throw new Error(`${BROWSER_ENV} is not set: run the tests with \`npx playwright test\` (its global setup finds the browser)`);
      await use(launchOptions(JSON.parse(json) as BrowserChoice));
    },
    { scope: 'worker' },
  ],

  host: async ({}, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hps-e2e-data-'));
    const host = await startHost(dataDir);
    try {
      await use(host);
    } finally {
      await host.stop();
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('host.log', { body: host.log(), contentType: 'text/plain' });
      if (!process.env.E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
    }
  },

  pageErrors: async ({}, use) => {
    await use(new PageErrors());
  },

  context: async ({ context, pageErrors }, use) => {
    context.on('page', (p) => pageErrors.watch(p));
    await use(context);
  },

  // Depends on the host so that it is torn down before the host stops: a page left open on a
  // stopped host logs connection errors that are not the test's.
  page: async ({ page, pageErrors, host: _ }, use) => {
    await use(page);
    expect(pageErrors.problems, 'the page reported errors').toEqual([]);
  },

  app: async ({ page, host, pageErrors }, use) => {
    await use(new App(page, host.url, pageErrors));
  },

  costStudy: async ({ host }, use, testInfo) => {
    const file = testInfo.outputPath('cost-study.json');
    writeFileSync(file, JSON.stringify(COST_STUDY));
    const out = JSON.parse(await hps(['sweep', file, '--data-dir', host.dataDir, '--json'])) as { study: { id: string; status: string } };
    expect(out.study.status).toBe('done');
    await use(out.study.id);
  },
});

export { expect };
