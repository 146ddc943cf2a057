/**
 * Runs once before the end-to-end tests: checks that the app is built, finds the browser (see
 * browser.ts), says which one it is, and hands it to the test workers through the environment
 * (Playwright starts its workers after this returns). The choice is also written to
 * artifacts/e2e-browser.txt for scripts/test-all.js to repeat in its summary.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBrowser } from './browser';
import { BROWSER_ENV, appRoot, repoRoot } from './support/paths';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(join(appRoot, 'out', 'renderer', 'index.html')) || !existsSync(join(appRoot, 'out', 'main', 'cli.js')))
    throw new Error(`${join(appRoot, 'out')} is incomplete: run \`npm run build\` first`);
  const choice = await findBrowser((line) => console.log(line));
  const line = `Chromium ${choice.version}, ${choice.source}`;
  console.log(`e2e browser: ${line}`);
  mkdirSync(join(repoRoot, 'artifacts'), { recursive: true });
  writeFileSync(join(repoRoot, 'artifacts', 'e2e-browser.txt'), `${line}\n`);
  process.env[BROWSER_ENV] = JSON.stringify(choice);
}
