/**
 * End-to-end tests (`npm run test:e2e`): the browser host driven by Chromium, and the desktop app
 * through Electron where an Electron binary exists. Assumes `npm run build` ran.
 *
 * - Which Chromium: test/e2e/browser.ts (CHROMIUM_PATH, a Playwright-installed one, the system's,
 *   else the one inside the npm package @sparticuz/chromium); the run prints its choice.
 * - Artifacts: HTML report in artifacts/playwright-report/, JSON results (counted by `npm test`) in
 *   artifacts/playwright.json, traces and failure screenshots in artifacts/test-results/, and the
 *   screenshots taken for people in artifacts/screenshots/.
 * - Env: CI (retries), E2E_APP_ROOT (test another build), E2E_KEEP=1 (keep the temp data folders),
 *   E2E_SLURM=1 (where Slurm answers, also submit a small study to it). Pick tests with `-g <regex>`.
 */
import { defineConfig } from '@playwright/test';

const ci = !!process.env.CI;

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'artifacts/test-results',
  globalSetup: './test/e2e/global-setup.ts',
  fullyParallel: true,
  forbidOnly: ci,
  retries: ci ? 2 : 0,
  timeout: 180_000,
  reporter: [['list'], ['html', { outputFolder: 'artifacts/playwright-report', open: 'never' }], ['json', { outputFile: 'artifacts/playwright.json' }]],
  use: {
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
    // Traces keep DOM snapshots of every step; their screencast would slow every test (and the
    // frame timings the Pareto test reports) by half for a filmstrip the failure screenshot covers.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'browser-host', testIgnore: /electron\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
