/**
 * The desktop app: launches out/main/index.js with Playwright's Electron support where an Electron
 * binary exists, and checks the window loads with the preload bridge and no Node integration.
 * Skipped, with the reason, where there is no Electron binary (its download is not part of npm ci).
 */
import { _electron } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from '../../bin/electron-binary.js';
import { expect, test } from './fixtures';
import { appRoot } from './support/paths';

test('desktop app: window with the preload bridge and no Node integration', async ({ pageErrors }) => {
  const binary = electronBinary();
  test.skip(!binary, 'no Electron binary (electron downloads it on first use; ELECTRON_OVERRIDE_DIST_PATH names a folder with one)');
  const main = join(appRoot, 'out', 'main', 'index.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'hps-electron-e2e-'));
  const app = await _electron.launch({ executablePath: binary!, args: [main, '--no-sandbox'], env: { ...process.env, HPS_DATA_DIR: dataDir } });
  try {
    const win = await app.firstWindow();
    pageErrors.watch(win);
    await win.locator('main#main').waitFor({ timeout: 30_000 });
    await win.locator('[data-testid="studies-empty"], [data-testid="studies-table"]').first().waitFor({ timeout: 30_000 });
    const bridge = await win.evaluate(() => typeof (window as unknown as { api?: unknown }).api === 'object' && typeof (window as unknown as { require?: unknown }).require === 'undefined');
    expect(bridge, 'window.api present and node integration off').toBe(true);
    expect(pageErrors.problems, 'the window reported errors').toEqual([]);
  } finally {
    await app.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
