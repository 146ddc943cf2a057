#!/usr/bin/env node
/**
 * Electron end-to-end smoke test: launches the desktop app (out/main/index.js) with playwright's
 * _electron where an Electron binary exists; otherwise reports why it was skipped and exits 0.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

// What require('electron') would return, found without requiring it: electron 45's index.js
// downloads the binary when it is missing, and a test must not reach the network.
let binary = null;
try {
  const dir = dirname(require.resolve('electron/package.json'));
  const pathTxt = join(dir, 'path.txt');
  if (existsSync(pathTxt)) {
    const p = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    if (existsSync(p)) binary = p;
  }
} catch {
  binary = null;
}
if (process.env.ELECTRON_PATH && existsSync(process.env.ELECTRON_PATH)) binary = process.env.ELECTRON_PATH;
if (!binary) {
  console.log('skipped: no Electron binary');
  process.exit(0);
}
if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
  console.log('skipped: out/main/index.js missing (run `npx electron-vite build`)');
  process.exit(0);
}

const { _electron } = await import('playwright-core');
const dataDir = mkdtempSync(join(tmpdir(), 'hps-electron-e2e-'));
let ok = false;
const app = await _electron.launch({ executablePath: binary, args: [join(root, 'out', 'main', 'index.js'), '--no-sandbox'], env: { ...process.env, HPS_DATA_DIR: dataDir } });
const problems = [];
try {
  const win = await app.firstWindow();
  win.on('pageerror', (e) => problems.push(e.message));
  win.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await win.waitForSelector('main#main', { timeout: 30_000 });
  await win.waitForSelector('[data-testid="studies-empty"], [data-testid="studies-table"]', { timeout: 30_000 });
  const hasBridge = await win.evaluate(() => typeof window.api === 'object' && typeof window.require === 'undefined');
  if (!hasBridge) throw new Error('window.api missing or node integration leaked');
  if (problems.length) throw new Error(problems.join('\n'));
  ok = true;
} catch (e) {
  console.log(`FAIL electron smoke: ${e && e.stack ? e.stack : e}`);
} finally {
  await app.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`electron e2e: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
process.exit(ok ? 0 : 1);
