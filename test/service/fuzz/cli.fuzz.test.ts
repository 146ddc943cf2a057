/**
 * Property-based fuzzing of every CLI command (fast-check, fixed seed, a bounded number of real
 * `hps` processes): generated arguments, flags and input files. Every run must end by itself with
 * exit code 0, 1 or 2 (never a signal or an abort), a failure must be one `hps: error:` line
 * naming what is wrong (no stack trace), and exit 2 (bad input) must leave the database as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { requireBuild, runCli, tempDir } from '../helpers';
import { hostile, templates } from './arbitraries';
import { namesTheField, newTally, summary } from './tally';

const RUNS = Number(process.env.HPS_FUZZ_CLI_RUNS ?? 24);

describe('fuzzing every CLI command', () => {
  const tmp = tempDir();
  const data = join(tmp.dir, 'data');
  const files = join(tmp.dir, 'files');
  beforeAll(() => {
    requireBuild();
    mkdirSync(files, { recursive: true });
    const small = { ...templates[0], knobs: [], evaluation: 'cost', objectives: [{ metric: 'energyPerEpoch', direction: 'min' }, { metric: 'latencyPerEpoch', direction: 'min' }], executor: undefined };
    writeFileSync(join(files, 'study.json'), JSON.stringify(small));
    writeFileSync(join(files, 'config.json'), JSON.stringify({ synapse: { device: { preset: 'measured', measured: { ltp: [[0, 1e-6], [1, 2e-6], [1e308, 3e-6]], ltd: [[0, 3e-6], [1, 2e-6], [2, 1e-6]] } } } }));
    writeFileSync(join(files, 'typo.json'), JSON.stringify({ synapse: { device: { preset: 'ag-a-sii' } } }));
    writeFileSync(join(files, 'deep.json'), `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    writeFileSync(join(files, 'garbage.json'), 'root:x:0:0:root:/root:/bin/bash\n');
    writeFileSync(join(files, 'bad-study.json'), JSON.stringify({ ...small, objectives: [{ metric: 'four', direction: 'min' }, { metric: 'energyPerEpoch', direction: 'min' }] }));
  });
  afterAll(() => tmp.cleanup());

  const file = fc.constantFrom('study.json', 'config.json', 'typo.json', 'deep.json', 'garbage.json', 'bad-study.json', 'missing.json').map((f) => join(files, f));
  const value = fc.oneof(hostile.filter((v) => typeof v === 'string' || typeof v === 'number').map((v) => String(v).slice(0, 200)), fc.string({ maxLength: 10 }), fc.constantFrom('abc', '0', '1e9', '-3', '99999'));
  const flag = fc.oneof(
    fc.tuple(fc.constantFrom('--workers', '--port', '--format', '--out', '--objectives', '--role', '--study', '--resume', '--shards', '--bogus'), value).map(([f, v]) => [f, v]),
    fc.constantFrom(['--json'], ['--help'], ['--objectives', 'four,energyPerEpoch'], ['--format', 'pdf'], ['--out', '../../x.csv']),
  );
  const command = fc.oneof(
    fc.tuple(fc.constantFrom('cost', 'train', 'sweep', 'import'), file),
    fc.tuple(fc.constantFrom('pareto', 'export', 'studies', 'runs', 'jobs', 'devices', 'templates', 'nope'), fc.constantFrom('list', 'show', 'deadbeef', '')),
  );
  const argv = fc.tuple(command, fc.array(flag, { maxLength: 2 })).map(([c, fl]) => [...c.filter((x) => x !== ''), ...fl.flat()]);

  it('every command ends with 0, 1 or 2 and a one-line error naming what is wrong; bad input writes nothing', async () => {
    const tally = newTally();
    const counts = (): string => {
      const f = join(data, 'hps-studio.db');
      if (!existsSync(f)) return '[0,0,0,0]';
      const db = new Database(f, { readonly: true });
      try {
        return JSON.stringify(['studies', 'runs', 'jobs', 'points'].map((t) => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()));
      } finally {
        db.close();
      }
    };
    for (const args of fc.sample(argv, { seed: 23, numRuns: RUNS })) {
      // Training of a valid config is real work: stop at the first epoch (Ctrl-C is tested elsewhere).
      if (args[0] === 'train' && !args.includes('--help')) args.push('--workers', '1');
      const before = counts();
      const r = await runCli([...args, '--data-dir', data], { timeoutMs: 120_000 });
      tally.tried++;
      const line = `hps ${args.join(' ').slice(0, 160)} -> ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').pop()?.slice(0, 200)}`;
      if (r.code === null || ![0, 1, 2].includes(r.code) || /\n\s+at |Error: .*\n.*node:/.test(r.stderr)) {
        tally.crashes.push(line);
      } else if (r.code === 0) tally.accepted++;
      else {
        const msg = /hps: (error: )?(.*)$/m.exec(r.stderr)?.[2] ?? '';
        const clean = namesTheField(msg) && (r.code !== 2 || counts() === before);
        if (clean) tally.rejectedCleanly++;
        else tally.unclean.push(line);
      }
    }
    console.log(summary('CLI', tally));
    expect(tally.crashes).toEqual([]);
    expect(tally.unclean).toEqual([]);
  });
});
