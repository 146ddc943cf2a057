#!/usr/bin/env node
// `npm run bench [name...]`: every benchmark prints ratios measured side by side in one run.
// Benchmarks: devices, cost, training, sweep, reports (scripts/bench/<name>.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const all = ['devices', 'cost', 'training', 'sweep', 'reports'];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
let failed = 0;
for (const name of chosen) {
  const file = join(root, 'scripts', 'bench', `${name}.ts`);
  if (!existsSync(file)) {
    process.stderr.write(`bench: no benchmark '${name}' (${all.join(', ')})\n`);
    failed++;
    continue;
  }
  process.stdout.write(`\n##### bench ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
