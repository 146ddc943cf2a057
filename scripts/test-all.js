#!/usr/bin/env node
// `npm test`: lint, type-check, build, unit tests, service tests (real SQLite files, real worker
// threads, real process kills) and end-to-end tests (@playwright/test: Chromium against the browser
// host, and the Electron app where its binary exists). Prints one closing line
// `total: N passed, N failed, N skipped`; exits non-zero on any failure.
// `node scripts/test-all.js unit e2e` runs only the named steps.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const artifacts = join(root, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const notes = [];

/** Counts from vitest's JSON report; a failed run without failed tests (a crash) counts as one failure. */
function vitestCounts(file, status) {
  if (!existsSync(file)) return null;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: j.numPassedTests, failed: j.numFailedTests + (status !== 0 && j.numFailedTests === 0 ? 1 : 0), skipped: j.numPendingTests + j.numTodoTests };
}

/** Counts per Playwright project from its JSON report; flaky tests (passed on a retry) count as passed and are listed. */
function playwrightCounts(file, status) {
  if (!existsSync(file)) return null;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const byProject = new Map();
  const visit = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests) {
        const c = byProject.get(t.projectName) ?? { passed: 0, failed: 0, skipped: 0 };
        byProject.set(t.projectName, c);
        if (t.status === 'expected' || t.status === 'flaky') c.passed++;
        else if (t.status === 'skipped') c.skipped++;
        else c.failed++;
        if (t.status === 'flaky') notes.push(`flaky (passed on retry): ${spec.title}`);
        for (const a of t.annotations ?? []) if (a.type === 'skip') notes.push(`skipped: ${spec.title}: ${a.description ?? 'no reason given'}`);
      }
    for (const s of suite.suites ?? []) visit(s);
  };
  for (const s of j.suites ?? []) visit(s);
  // Errors outside any test (global setup: no browser found, app not built).
  const outside = (j.errors ?? []).length;
  const failed = [...byProject.values()].reduce((n, c) => n + c.failed, 0);
  if (outside > 0 || (status !== 0 && failed === 0)) byProject.set('setup', { passed: 0, failed: Math.max(outside, 1), skipped: 0 });
  return byProject;
}

function run(name, cmd, args, counts) {
  if (only.length > 0 && !only.includes(name)) return;
  const t0 = Date.now();
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const fallback = { passed: r.status === 0 ? 1 : 0, failed: r.status === 0 ? 0 : 1, skipped: 0 };
  const found = counts?.(r.status);
  const rows = found instanceof Map ? [...found].map(([project, c]) => [project === 'browser-host' ? name : project, c]) : [[name, found ?? fallback]];
  rows.forEach(([label, c], i) => {
    totals.passed += c.passed;
    totals.failed += c.failed;
    totals.skipped += c.skipped;
    // One command's rows share its time: shown once.
    summary.push(`${label.padEnd(10)} ${String(c.passed).padStart(5)} passed ${String(c.failed).padStart(4)} failed ${String(c.skipped).padStart(4)} skipped${i === 0 ? `  (${secs} s)` : ''}`);
  });
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const vitest = (project) => {
  const file = join(artifacts, `vitest-${project}.json`);
  rmSync(file, { force: true });
  run(project, npx, ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], (status) => vitestCounts(file, status));
};

run('lint', npx, ['eslint', '.']);
run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
run('build', npx, ['electron-vite', 'build']);
vitest('unit');
vitest('service');
if (only.length === 0 || only.includes('e2e')) {
  // Reports of an earlier run must not be counted (or named) as this one's.
  const report = join(artifacts, 'playwright.json');
  const browser = join(artifacts, 'e2e-browser.txt');
  rmSync(report, { force: true });
  rmSync(browser, { force: true });
  run('e2e', npx, ['playwright', 'test'], (status) => playwrightCounts(report, status));
  if (existsSync(browser)) notes.unshift(`e2e browser: ${readFileSync(browser, 'utf8').trim()}`);
}

process.stdout.write(`\n${summary.join('\n')}\n`);
if (notes.length) process.stdout.write(`${notes.join('\n')}\n`);
process.stdout.write(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed > 0 ? 1 : 0);
