#!/usr/bin/env node
// `npm test`: lint, type-check, build, unit tests, service tests (real SQLite files, real worker
// threads, real process kills) and end-to-end tests (Playwright + Chromium against the browser
// host). Prints one closing line `total: N passed, N failed, N skipped`; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
mkdirSync(join(root, 'artifacts'), { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];

function run(name, cmd, args, parse) {
  if (only.length > 0 && !only.includes(name)) return;
  const t0 = Date.now();
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const piped = parse === 'e2e' || parse === 'skippable';
  const r = spawnSync(cmd, args, { cwd: root, stdio: piped ? ['ignore', 'pipe', 'inherit'] : 'inherit', env: process.env, encoding: 'utf8' });
  if (piped && r.stdout) process.stdout.write(r.stdout);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  let c = { passed: r.status === 0 ? 1 : 0, failed: r.status === 0 ? 0 : 1, skipped: 0 };
  if (parse === 'vitest') {
    const f = join(root, 'artifacts', `vitest-${name}.json`);
    if (existsSync(f)) {
      const j = JSON.parse(readFileSync(f, 'utf8'));
      c = { passed: j.numPassedTests, failed: j.numFailedTests + (r.status !== 0 && j.numFailedTests === 0 ? 1 : 0), skipped: j.numPendingTests + j.numTodoTests };
    }
  } else if (parse === 'skippable' && r.status === 0 && /^skipped:/m.test(r.stdout ?? '')) {
    c = { passed: 0, failed: 0, skipped: 1 };
  } else if (parse === 'e2e') {
    const m = /e2e: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(r.stdout ?? '');
    if (m) c = { passed: Number(m[1]), failed: Number(m[2]) + (r.status !== 0 && Number(m[2]) === 0 ? 1 : 0), skipped: Number(m[3] ?? 0) };
  }
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  summary.push(`${name.padEnd(10)} ${String(c.passed).padStart(5)} passed ${String(c.failed).padStart(4)} failed ${String(c.skipped).padStart(4)} skipped  (${secs} s)`);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
run('lint', npx, ['eslint', '.']);
run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
run('build', npx, ['electron-vite', 'build']);
run('unit', npx, ['vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=artifacts/vitest-unit.json`], 'vitest');
run('service', npx, ['vitest', 'run', '--project', 'service', '--reporter=default', '--reporter=json', `--outputFile.json=artifacts/vitest-service.json`], 'vitest');
run('e2e', process.execPath, ['test/e2e/run.js'], 'e2e');
run('electron', process.execPath, ['test/e2e/electron.js'], 'skippable');

process.stdout.write(`\n${summary.join('\n')}\n`);
process.stdout.write(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed > 0 ? 1 : 0);
