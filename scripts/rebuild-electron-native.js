#!/usr/bin/env node
// Build better-sqlite3 for Electron's ABI into build/electron-native/better_sqlite3.node, from a
// copy of its sources, so the Node build in node_modules (tests, CLI) is never touched and
// `npm install` never depends on it. Needs Electron's headers (downloaded by node-gyp); where they
// cannot be fetched this script fails with that reason and changes nothing.
import { cpSync, mkdirSync, mkdtempSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const src = dirname(require.resolve('better-sqlite3/package.json'));
const work = mkdtempSync(join(tmpdir(), 'hps-electron-sqlite-'));
try {
  cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${join(src, 'build')}`) });
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const r = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`], {
    cwd: work,
    stdio: 'inherit',
    env: { ...process.env, npm_config_nodedir: '' },
  });
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (r.status !== 0 || !existsSync(built)) {
    process.stderr.write(`rebuild:electron: could not build better-sqlite3 for Electron ${electronVersion} (exit ${r.status}); Electron headers must be downloadable.\n`);
    process.exit(1);
  }
  const out = join(root, 'build', 'electron-native');
  mkdirSync(out, { recursive: true });
  copyFileSync(built, join(out, 'better_sqlite3.node'));
  process.stdout.write(`rebuild:electron: wrote ${join(out, 'better_sqlite3.node')} for Electron ${electronVersion}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
