import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where bin/hps.js and out/ live: this repository, or E2E_APP_ROOT to test another build. */
export const appRoot = process.env.E2E_APP_ROOT || repoRoot;
/** Screenshots for people to look at (the README's come from here). */
export const shotsDir = join(repoRoot, 'artifacts', 'screenshots');
/** The environment variable through which the global setup passes the chosen browser to the workers. */
export const BROWSER_ENV = 'HPS_E2E_BROWSER';

/**
 * Copy a screenshot to `docs/<name>` for the README, only when HPS_README_PICTURES=1
 * (`npm run pictures`): an ordinary test run must leave the working tree as it found it.
 */
export function readmePicture(file: string, name: string): void {
  if (process.env.HPS_README_PICTURES !== '1') return;
  const to = join(repoRoot, 'docs', name);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(file, to);
}
