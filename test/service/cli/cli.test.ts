/**
 * The built `hps` command line, spawned as a user runs it: every command's --help, mistakes that
 * exit 2 with a suggestion, bounds of numeric options, devices curve/fit/--save and user presets
 * across commands, train --resume after a kill, sweep by template id, units in cost and pareto
 * output, and the bash/zsh completion scripts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/main/cli/program';
import { requireBuild, runCli, spawnCli, tempDir, waitFor } from '../helpers';

let tmp: ReturnType<typeof tempDir>;
let dataDir: string;
const hps = (args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}) => runCli([...args, '--data-dir', dataDir], opts);
const file = (name: string, content: string): string => {
  const f = join(tmp.dir, name);
  writeFileSync(f, content);
  return f;
};

// Measured sweeps: G = Gmin + B (1 - exp(-p / 15)) from 1 uS to 10 uS over 30 pulses; LTD mirrored.
const CSV = ['pulse,G_ltp (uS),G_ltd (uS)']
  .concat(
    Array.from({ length: 31 }, (_, p) => {
      const up = 1 + (9 / (1 - Math.exp(-2))) * (1 - Math.exp(-p / 15));
      return `${p},${up.toFixed(5)},${(11 - up).toFixed(5)}`;
    }),
  )
  .join('\n');

beforeAll(() => {
  requireBuild();
  tmp = tempDir('hps-cli-');
  dataDir = join(tmp.dir, 'data');
});
afterAll(() => tmp.cleanup());

/** Every command path of the tree ('' is the program), as the parser knows it. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return [prefix, ...cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => commandPaths(c, [...prefix, c.name()]))];
}

describe('help', () => {
  const paths = commandPaths(buildProgram({ out: () => {}, err: () => {} }));

  it('covers every command, including the new ones', () => {
    const names = paths.map((p) => p.join(' '));
    for (const n of ['devices curve', 'devices fit', 'devices delete', 'train', 'sweep', 'pareto', 'completion', 'studies show', 'runs list']) expect(names).toContain(n);
  });

  it.each(paths.filter((p) => p.length > 0).map((p) => [p.join(' ')]))('hps %s --help: usage, options and an example, exit 0', async (path) => {
    const r = await runCli([...path.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: hps ${path}`);
    expect(r.stdout).toContain('--data-dir <dir>');
    expect(r.stdout).toMatch(/Examples:\n {2}\$ hps /);
  });

  it('hps with no arguments prints the overview with exit codes', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 failure, 2 bad input/);
  });
});

describe('mistakes exit 2 with a suggestion, nothing run', () => {
  it.each([
    [['devicez', 'list'], /unknown command 'devicez'\n\(Did you mean devices\?\)/],
    [['devices', 'curvez', 'ag-a-si'], /unknown command 'curvez'\n\(Did you mean curve\?\)/],
    [['devices', 'fitt', 'x.csv'], /unknown command 'fitt'\n\(Did you mean fit\?\)/],
    [['studies', 'shwo', 'x'], /Did you mean show\?/],
    [['cost', 'c.json', '--jsno'], /unknown option '--jsno'\n\(Did you mean --json\?\)/],
    [['sweep', 'x.json', '--worker', '2'], /Did you mean --workers\?/],
    [['export', 'abc', '--format', 'docx', '--out', 'x'], /argument 'docx' is invalid. Allowed choices are pdf, csv, csv-wide, csv-diagnostics, json/],
    [['export', 'abc'], /required option '--out <file>' not specified/],
    [['cost'], /missing required argument 'config.json'/],
    [['cost', 'a.json', 'b.json'], /too many arguments for 'cost'/],
    [['completion', 'fish'], /Allowed choices are bash, zsh/],
  ])('hps %j', async (args, message) => {
    const r = await hps(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hps: error: /);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a study argument that is neither a file nor a template id names the templates and guesses', async () => {
    const r = await hps(['sweep', 'default-dmeo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/study: 'default-dmeo' is neither a study file nor a template id \(did you mean 'default-demo'\?\); templates: .*default-demo/);
  });

  it('a device preset id that does not exist is refused naming the field, not priced as an infeasible point', async () => {
    const r = await hps(['cost', file('typo.json', '{"synapse":{"device":{"preset":"ag-a-sii"}}}')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/synapse\.device\.preset: unknown device preset 'ag-a-sii' \(did you mean 'ag-a-si'\?\)/);
  });
});

describe('numeric options are bounded', () => {
  const max = Math.min(256, 4 * availableParallelism());
  it.each([['1e9'], ['-3'], ['0'], ['2.5'], ['four'], [String(max + 1)]])('--workers %s exits 2 naming the range, without starting workers', async (w) => {
    const r = await hps(['sweep', 'default-demo', '--workers', w], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`option '--workers <n>' argument '${w}' is invalid. expected a whole number from 1 to ${max}`);
  });

  it.each([['99999'], ['-1'], ['80a']])('serve --port %s exits 2', async (port) => {
    const r = await hps(['serve', '--port', port], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`option '--port <n>' argument '${port}' is invalid. expected a whole number from 0 to 65535`);
  });

  it('a missing dataset folder exits 2 naming the field, and queues no run', async () => {
    const cfg = file('nodata.json', JSON.stringify({ workload: { dataset: { source: 'mnist', dir: join(tmp.dir, 'no-such-folder') } } }));
    const r = await hps(['train', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.workload\.dataset: .*no-such-folder: dataset folder does not exist/);
    const runs = await hps(['runs', 'list', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual([]);
  });
});

describe('devices: curves, fits, user presets', () => {
  it('curve of a preset: pulse, conductance in S, step size; --json on stdout', async () => {
    const r = await hps(['devices', 'curve', 'ag-a-si', '--json']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { params: Record<string, number>; ltp: { pulse: number; conductance: number; step: number | null; stepFraction: number | null }[]; ltd: unknown[] };
    expect(c.ltp).toHaveLength(98); // levelsLtp 97, plus pulse 0
    expect(c.ltd).toHaveLength(101);
    expect(c.ltp[0]).toEqual({ pulse: 0, conductance: c.params.gMin, step: null, stepFraction: null });
    const last = c.ltp[97]!;
    expect(last.conductance).toBeCloseTo(c.params.gMax!, 15);
    expect(last.step).toBeCloseTo(c.ltp[97]!.conductance - c.ltp[96]!.conductance, 20);
    expect(last.stepFraction).toBeCloseTo(last.step! / (c.params.gMax! - c.params.gMin!), 12);
  });

  it('curve as a table with one unit per column, and --plot to SVG and PNG', async () => {
    const svg = join(tmp.dir, 'c.svg');
    const png = join(tmp.dir, 'c.png');
    const r = await hps(['devices', 'curve', 'hps-envm', '--pulses', '5', '--plot', svg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pulse {2}conductance \(µS\) {2}step \(µS\) {2}step \/ \(Gmax - Gmin\) \(%\)/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*conductance \(µS\)[\s\S]*<\/svg>$/);
    const p = await hps(['devices', 'curve', 'hps-envm', '--plot', png]);
    expect(p.code).toBe(0);
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const bad = await hps(['devices', 'curve', 'hps-envm', '--plot', join(tmp.dir, 'c.gif')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--plot: .*must end in \.svg or \.png/);
  });

  it('curve of a measured CSV; fit with the fit error; --save stores a user preset listed by devices list', async () => {
    const csv = file('sweep.csv', CSV);
    const c = await hps(['devices', 'curve', csv, '--json']);
    expect(c.code).toBe(0);
    expect((JSON.parse(c.stdout) as { ltp: unknown[] }).ltp).toHaveLength(31);

    const f = await hps(['devices', 'fit', csv]);
    expect(f.code).toBe(0);
    expect(f.stdout).toMatch(/fit error: RMSE [\d.]+ \S*S = [\d.]+ % of Gmax - Gmin/);
    expect(f.stdout).toMatch(/gMax\s+10(\.0+)? µS/);

    const s = await hps(['devices', 'fit', csv, '--save', 'lab-rram', '--title', 'Lab RRAM', '--json']);
    expect(s.code).toBe(0);
    const saved = JSON.parse(s.stdout) as { rmse: number; saved: { id: string; kind: string; params: { gMax: number } } };
    expect(saved.saved).toMatchObject({ id: 'lab-rram', kind: 'user' });
    expect(saved.saved.params.gMax).toBeCloseTo(1e-5, 8);
    const again = await hps(['devices', 'fit', csv, '--save', 'lab-rram']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/user preset 'lab-rram' already exists/);
    const list = await hps(['devices', 'list']);
    expect(list.stdout).toMatch(/lab-rram\s+user\s+Lab RRAM\s+rram-1t1r\s+user preset: least-squares fit of sweep\.csv/);
  });

  it('a user preset works in configs and studies by id, and deleting it changes no stored result', async () => {
    const cfg = file('user.json', '{"synapse":{"device":{"preset":"lab-rram"}}}');
    const cost = await hps(['cost', cfg, '--json']);
    expect(cost.code).toBe(0);
    const area = (JSON.parse(cost.stdout) as { metrics: { area: number } }).metrics.area;
    const study = file(
      'user-study.json',
      JSON.stringify({
        name: 'user preset vs built-in',
        knobs: [{ path: 'synapse.device.preset', type: 'categorical', values: ['hps-envm', 'lab-rram'] }],
        objectives: [{ metric: 'energyPerEpoch', direction: 'min' }, { metric: 'area', direction: 'min' }],
      }),
    );
    const sw = await hps(['sweep', study, '--workers', '1', '--json']);
    expect(sw.code).toBe(0);
    const id = (JSON.parse(sw.stdout) as { study: { id: string } }).study.id;
    const before = await hps(['pareto', id, '--role', 'all', '--json']);

    const del = await hps(['devices', 'delete', 'lab-rram']);
    expect(del.code).toBe(0);
    expect((await hps(['cost', cfg])).code).toBe(2); // a new config can no longer name it
    const after = await hps(['pareto', id, '--role', 'all', '--json']);
    expect(after.stdout).toBe(before.stdout);
    const resumed = await hps(['sweep', '--resume', id.slice(0, 8), '--workers', '1', '--json']);
    expect(resumed.code).toBe(0);
    expect((JSON.parse(resumed.stdout) as { job: { message: string } }).job.message).toMatch(/already stored, 0 evaluated, 0 failed/);
    // The stored run config of the study carried the definition: a config copied from it still prices.
    const stored = JSON.parse((await hps(['studies', 'show', id, '--json'])).stdout) as { spec: { userPresets: Record<string, unknown> } };
    const copy = file('copied.json', JSON.stringify({ synapse: { device: { preset: 'lab-rram', userPreset: stored.spec.userPresets['lab-rram'] } } }));
    const priced = await hps(['cost', copy, '--json']);
    expect(priced.code).toBe(0);
    expect((JSON.parse(priced.stdout) as { metrics: { area: number } }).metrics.area).toBe(area);
  });
});

describe('cost and pareto print units', () => {
  it('cost: area in mm², leakage power in W, utilisation in %, per-phase columns share a prefix', async () => {
    const r = await hps(['cost', file('default.json', '{}')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Chip area\s+[\d.]+ mm²\s+area\n/);
    expect(r.stdout).toMatch(/Leakage power\s+[\d.]+ [µmn]?W\s+leakagePower\n/);
    expect(r.stdout).toMatch(/Memory utilisation\s+[\d.]+ %\s+utilization\n/);
    expect(r.stdout).toMatch(/phase, per epoch\s+energy \([pnµm]?J\)\s+latency \([pnµm]?s\)/);
    expect(r.stdout).not.toMatch(/µm²|um\^2/);
    const j = JSON.parse((await hps(['cost', file('default.json', '{}'), '--json'])).stdout) as { metrics: { area: number; utilization: number } };
    const mm2 = Number(/Chip area\s+([\d.]+) mm²/.exec(r.stdout)![1]);
    expect(mm2).toBeCloseTo(j.metrics.area / 1e-6, 2);
    expect(Number(/Memory utilisation\s+([\d.]+) %/.exec(r.stdout)![1])).toBeCloseTo(j.metrics.utilization * 100, 1);
  });

  it('sweep by template id, then pareto: a table with units, the front marked, the normalised hypervolume and its reference point', async () => {
    const sw = await hps(['sweep', 'default-demo', '--workers', '1', '--json'], { timeoutMs: 240_000 });
    expect(sw.code).toBe(0);
    expect(sw.stderr).toMatch(/\(template default-demo\)/);
    const id = (JSON.parse(sw.stdout) as { study: { id: string; points: number; plannedPoints: number } }).study;
    expect(id.points).toBe(id.plannedPoints);
    const r = await hps(['pareto', id.id.slice(0, 8)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/on the front \(marked \*\)/);
    expect(r.stdout).toMatch(/hypervolume 0?\.?\d+(\.\d+)? \(normalised/);
    expect(r.stdout).toMatch(/reference point: energyPerEpoch [\d.]+ [pnµm]?J, latencyPerEpoch [\d.]+ [pnµm]?s/);
    expect(r.stdout).toMatch(/energyPerEpoch, min \([pnµm]?J\)\s+latencyPerEpoch, min \([pnµm]?s\)/);
    expect(r.stdout).toMatch(/\n\*\s+0\s+[0-9a-f]{8}\s+hps/);
    const hv = Number(/hypervolume ([\d.e-]+) \(normalised/.exec(r.stdout)![1]);
    expect(hv).toBeGreaterThan(0);
    expect(hv).toBeLessThanOrEqual(1);
    const json = JSON.parse((await hps(['pareto', id.id, '--json'])).stdout) as { groups: { hypervolume: number }[] };
    expect(typeof json.groups[0]!.hypervolume).toBe('number');
  });
});

describe('train --resume', () => {
  it('continues a killed run from its checkpoint to the last epoch; a finished run cannot be resumed', async () => {
    const cfg = file('train.json', JSON.stringify({ seed: 3, workload: { dataset: { source: 'bundled', trainLimit: 1500, testLimit: 200 } }, training: { epochs: 4, batchSize: 32 } }));
    const child = spawnCli(['train', cfg, '--data-dir', dataDir, '--workers', '1']);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await waitFor(() => /epoch 1 of 4/.test(err), 120_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const runs = JSON.parse((await hps(['runs', 'list', '--json'])).stdout) as { id: string; epochs: unknown[]; config: unknown }[];
    const run = runs.find((x) => JSON.stringify(x.config).includes('"trainLimit":1500'))!;
    expect(run.epochs.length).toBeLessThan(4);
    const jobs = await hps(['jobs', 'list']);
    expect(jobs.stdout).toContain(`hps train --resume ${run.id.slice(0, 8)}`);
    const r = await hps(['train', '--resume', run.id.slice(0, 8), '--workers', '1', '--json'], { timeoutMs: 240_000 });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { job: { status: string }; run: { id: string; status: string; epochs: { epoch: number }[] } };
    expect(out.run.id).toBe(run.id);
    expect(out.job.status).toBe('done');
    expect(out.run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(r.stderr).toMatch(/resuming run .* from epoch \d \(its last checkpoint\)/);
    const again = await hps(['train', '--resume', run.id]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--resume: run .* is already done/);
    const both = await hps(['train', cfg, '--resume', run.id]);
    expect(both.code).toBe(2);
  });
});

describe('shell completion', () => {
  /** Complete `words` (the last one being typed) with the generated bash function; returns COMPREPLY. */
  function bashComplete(script: string, words: string[]): string[] {
    const src = file('hps.bash', script);
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const r = spawnSync('bash', ['-c', `source '${src}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _hps; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  }

  it('bash: commands, subcommands, options and choices at any depth', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(bashComplete(r.stdout, ['hps', 'dev'])).toEqual(['devices']);
    expect(bashComplete(r.stdout, ['hps', 'devices', ''])).toEqual(expect.arrayContaining(['list', 'show', 'curve', 'fit', 'delete']));
    expect(bashComplete(r.stdout, ['hps', '--data-dir', '/x', 'devices', 'fit', 'a.csv', '--s'])).toEqual(['--save']);
    expect(bashComplete(r.stdout, ['hps', 'export', 'id', '--format', ''])).toEqual(['pdf', 'csv', 'csv-wide', 'csv-diagnostics', 'json']);
    expect(bashComplete(r.stdout, ['hps', 'completion', ''])).toEqual(expect.arrayContaining(['bash', 'zsh']));
  });

  it('zsh: a #compdef function with descriptions that zsh parses', async () => {
    const r = await runCli(['completion', 'zsh']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('#compdef hps\n')).toBe(true);
    expect(r.stdout).toContain("'curve:LTP/LTD pulse-response curves");
    const zsh = spawnSync('zsh', ['-n', file('_hps', r.stdout)], { encoding: 'utf8' });
    // zsh is not part of every machine; where it is, the script must parse.
    if (!zsh.error) expect(zsh.status).toBe(0);
  });
});
