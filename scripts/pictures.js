#!/usr/bin/env node
// Retake the README's pictures (docs/screenshot.png, docs/views/*.png): the end-to-end tests that
// take them, with the copy into docs/ switched on. Extra arguments go to Playwright.
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['playwright', 'test', 'test/e2e/views.spec.ts', 'test/e2e/study-run.spec.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, HPS_README_PICTURES: '1' },
  shell: process.platform === 'win32',
});
process.exit(r.status ?? 1);
