/**
 * `hps`: the command line. Same services as the desktop app and the browser host, for overnight
 * runs and scripts. Bad input exits 2 with one line naming the field; other failures exit 1.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openApp } from '../app';
import { parseArgs } from './args';
import { ConfigError, HpsError } from '../../core/errors';
import { startHost } from '../host/server';
import { rendererDir, resourcesDir } from '../paths';
import { APP_VERSION } from '../version';
import { summariseStudy } from '../../core/dse/summary';
import { evaluatedPoints } from '../services/pareto';
import { COMMON, call, eng, follow, need, readJson, table, withApp, type Handler } from './common';
import { SLURM_SWEEP_FLAGS, slurmSweepCommand, sweepShardCommand } from './slurm';

const HELP = `HPS Studio ${APP_VERSION}: design-space exploration of in-situ training on compute-in-memory
with hybrid precision synapses (capacitor LSB + eNVM pair MSB) against eNVM-only baselines.

Usage: hps <command> [options]

Commands
  serve [--port N]                      serve the app on http://127.0.0.1 (prints a URL with a token)
  demo [--out DIR]                      run the bundled demo study end to end and write its report
  cost <config.json>                    circuit cost (area, energy, latency) of one design point
  train <config.json>                   one hardware-aware training run (progress bar; Ctrl-C stops)
  sweep <study.json> [--workers N]      run a study's sweep; each finished point is committed
  sweep --resume <study-id>             continue a study that was stopped or killed
  sweep <study.json> --executor slurm [--shards N] [--partition P] [--time T] [--sbatch-arg A]...
                                        submit the sweep as a Slurm job array (see README, Slurm)
  sweep --collect <id> | --resubmit <id> | --cancel <id>
                                        merge finished shards / re-run missing ones / scancel
  sweep-shard <bundle> --shard i/N      (run by Slurm array tasks) evaluate one shard of a bundle
  pareto <study-id> [--objectives a,b]  Pareto front, ranks and hypervolume of a study
  export <study-id> --format F --out P  report as pdf, csv (long), csv-wide or json (bundle)
  import <bundle.json>                  import a JSON bundle as a new study
  studies list | show <id>              stored studies
  runs list [--study ID] | show <id>    stored training runs
  jobs list                             jobs and their states
  devices list                          device presets with their sources
  templates list                        bundled study templates (resources/templates)

Options
  --data-dir DIR   where the database lives (default: HPS_DATA_DIR, else the XDG data folder)
  --json           machine-readable output on stdout
  --workers N      worker threads (default: CPUs - 1, at least 1)
  -h, --help       this help;  --version  the version

Exit codes: 0 ok, 1 failure, 2 bad input (the message names the field), 130 stopped by Ctrl-C.`;

const COMMANDS: Record<string, Handler> = {
  serve: async (argv) => {
    const p = parseArgs(argv, { ...COMMON, port: 'int' });
    const app = openApp({ dataDir: p.flags['data-dir'] as string | undefined, transport: 'http', workers: p.flags.workers as number | undefined });
    const host = await startHost({ getServices: () => app.services, rendererDir: rendererDir(), port: (p.flags.port as number | undefined) ?? 0, log: (m) => process.stderr.write(`${m}\n`) });
    app.setBroadcast((e, payload) => host.broadcast(e, payload));
    if (app.interrupted > 0) process.stderr.write(`${app.interrupted} job(s) left running by a stopped process are now 'interrupted' and can be resumed\n`);
    process.stdout.write(`HPS Studio is serving at ${host.url}\n(data: ${app.dataDir}; workers: ${app.pool.size}; Ctrl-C to stop)\n`);
    await new Promise<void>((resolveStop) => {
      const stop = (): void => resolveStop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    await app.close();
  },

  studies: withApp({}, async (app, p, out) => {
    const sub = p.positional[0] ?? 'list';
    if (sub === 'list') {
      const list = await call(app, 'studies:list', {});
      out.result(list, () => (list.length === 0 ? 'no studies yet' : table(list.map((s) => [s.id.slice(0, 8), s.name, s.status, s.evaluation, s.points, s.createdAt.slice(0, 19)]), ['id', 'name', 'status', 'evaluation', 'points', 'created'])));
    } else if (sub === 'show') {
      const s = await call(app, 'studies:get', { id: need(p, 1, 'study id') });
      out.result(s, () => `${s.name} (${s.id})\nstatus ${s.status}; ${s.points} of ${s.plannedPoints} points stored; ${s.runs} runs; evaluation ${s.evaluation}\n${JSON.stringify(s.spec, null, 2)}`);
    } else throw new ConfigError(`unknown subcommand 'studies ${sub}' (list, show)`, { issues: [{ path: 'studies', message: 'unknown subcommand', value: sub }] });
  }),

  jobs: withApp({}, async (app, p, out) => {
    const sub = p.positional[0] ?? 'list';
    if (sub !== 'list') throw new ConfigError(`unknown subcommand 'jobs ${sub}' (list)`, { issues: [{ path: 'jobs', message: 'unknown subcommand', value: sub }] });
    const list = await call(app, 'jobs:list', {});
    out.result(list, () => (list.length === 0 ? 'no jobs yet' : table(list.map((j) => [j.id.slice(0, 8), j.kind, j.status, `${Math.round(j.progress * 100)}%`, j.message]), ['id', 'kind', 'status', 'progress', 'message'])));
  }),

  runs: withApp({ study: 'string' }, async (app, p, out) => {
    const sub = p.positional[0] ?? 'list';
    if (sub === 'list') {
      const list = await call(app, 'runs:list', { studyId: p.flags.study as string | undefined });
      out.result(list, () => (list.length === 0 ? 'no runs yet' : table(list.map((r) => [r.id.slice(0, 8), r.role, r.status, r.backend ?? '-', r.epochs.length, r.createdAt.slice(0, 19)]), ['id', 'role', 'status', 'backend', 'epochs', 'created'])));
    } else if (sub === 'show') {
      const r = await call(app, 'runs:get', { id: need(p, 1, 'run id') });
      out.result(r, () => `run ${r.id} (${r.status}, backend ${r.backend ?? '-'}, seed ${r.seed})\n${table(r.epochs.map((e) => [e.epoch, fmtNum(e.metrics.trainLoss), fmtPct(e.metrics.testAccuracy), fmtPct(e.metrics.testAccuracyNonVolatile)]), ['epoch', 'train loss', 'test acc', 'non-volatile acc'])}`);
    } else throw new ConfigError(`unknown subcommand 'runs ${sub}' (list, show)`, { issues: [{ path: 'runs', message: 'unknown subcommand', value: sub }] });
  }),

  devices: withApp({}, async (app, p, out) => {
    const list = await call(app, 'devices:presets', {});
    out.result(list, () => table(list.map((d) => [d.id, d.title, d.cell, d.citation]), ['id', 'title', 'cell', 'source']));
  }),

  templates: withApp({}, async (app, p, out) => {
    const list = await call(app, 'studies:templates', {});
    out.result(list, () => table(list.map((t) => [t.id, t.name]), ['id', 'name']) + `\n(files in ${join(resourcesDir(), 'templates')})`);
  }),

  cost: withApp({}, async (app, p, out) => {
    const cfg = readJson(need(p, 0, 'config file'), 'config');
    const r = (await call(app, 'cost:evaluate', { config: cfg })) as { ok: boolean; reason?: string; summary?: Record<string, number> } & Record<string, unknown>;
    out.result(r, () => costText(r));
    if (!r.ok) process.exitCode = 1;
  }),

  train: withApp({}, async (app, p, out) => {
    const cfg = readJson(need(p, 0, 'config file'), 'config');
    const job = await call(app, 'runs:start', { config: cfg });
    const final = await follow(app, job, 'train', `hps jobs list; the run keeps its checkpoint (run ${job.runId})`);
    const run = await call(app, 'runs:get', { id: job.runId! });
    out.result({ job: final, run }, () => `${final.status}: ${final.message}\nrun ${run.id}\n${table(run.epochs.map((e) => [e.epoch, fmtNum(e.metrics.trainLoss), fmtPct(e.metrics.testAccuracy), fmtPct(e.metrics.testAccuracyNonVolatile)]), ['epoch', 'train loss', 'test acc', 'non-volatile acc'])}`);
    if (final.status === 'failed') process.exitCode = 1;
  }),

  sweep: withApp({ resume: 'string', ...SLURM_SWEEP_FLAGS }, async (app, p, out) => {
    // Slurm executor and its follow-up verbs (--executor slurm, --collect, --resubmit, --cancel).
    if (await slurmSweepCommand(app, p, out)) return;
    let studyId = p.flags.resume as string | undefined;
    if (!studyId) {
      const spec = readJson(need(p, 0, 'study file'), 'study');
      const s = await call(app, 'studies:create', { spec });
      studyId = s.id;
      process.stderr.write(`study ${s.name}: ${s.plannedPoints} points (id ${s.id})\n`);
    } else {
      const s = await call(app, 'studies:get', { id: studyId });
      studyId = s.id;
      process.stderr.write(`resuming study ${s.name}: ${s.points} of ${s.plannedPoints} points already stored\n`);
    }
    const job = await call(app, 'sweeps:start', { studyId });
    const final = await follow(app, job, 'sweep', `hps sweep --resume ${studyId}`);
    const s = await call(app, 'studies:get', { id: studyId });
    out.result({ study: s, job: final }, () => `${final.status}: ${final.message}\nstudy ${s.id}: ${s.points} of ${s.plannedPoints} points stored`);
    if (final.status === 'failed') process.exitCode = 1;
  }),

  'sweep-shard': sweepShardCommand,

  pareto: withApp({ objectives: 'string', role: 'string' }, async (app, p, out) => {
    const id = need(p, 0, 'study id');
    const objectives = (p.flags.objectives as string | undefined)?.split(',').map((spec) => {
      const [metric, dir] = spec.split(':');
      return { metric: metric!.trim(), direction: (dir?.trim() ?? (metric!.toLowerCase().includes('accuracy') ? 'max' : 'min')) as 'min' | 'max' };
    });
    const role = p.flags.role as 'hps' | 'baseline' | 'all' | undefined;
    const r = await call(app, 'pareto:compute', { studyId: id, ...(objectives ? { objectives } : {}), ...(role ? { role } : {}) });
    out.result(r, () =>
      r.groups
        .map((g) => {
          const front = g.points.filter((pt) => pt.rank === 0);
          const knobs = [...new Set(front.flatMap((pt) => Object.keys(pt.knobs)))];
          return `iso group ${g.isoKey.slice(0, 60)}: ${g.points.length} points, ${front.length} on the front, hypervolume ${g.hypervolume == null ? '-' : g.hypervolume.toPrecision(5)}\n` +
            table(front.map((pt) => [pt.hash.slice(0, 8), pt.role, ...knobs.map((k) => String(pt.knobs[k] ?? '')), ...pt.values.map((v) => v.toPrecision(4))]), ['point', 'role', ...knobs, ...r.objectives.map((o) => `${o.metric} (${o.direction})`)]);
        })
        .join('\n\n'),
    );
  }),

  export: withApp({ format: 'string', out: 'string' }, async (app, p, out) => {
    const id = need(p, 0, 'study id');
    const format = (p.flags.format as string | undefined) ?? 'pdf';
    const file = p.flags.out as string | undefined;
    if (!file) throw new ConfigError('export needs --out FILE', { issues: [{ path: '--out', message: 'missing' }] });
    const r = await call(app, 'reports:export', { studyId: id, format, path: resolve(file) });
    out.result(r, () => `wrote ${r.path} (${r.bytes} bytes, ${r.mime})`);
  }),

  import: withApp({}, async (app, p, out) => {
    const s = await call(app, 'reports:import', { path: resolve(need(p, 0, 'bundle file')) });
    out.result(s, () => `imported study ${s.name} as ${s.id} (${s.points} points, ${s.runs} runs)`);
  }),

  demo: withApp({ out: 'string' }, async (app, p, out) => {
    const dir = resolve((p.flags.out as string | undefined) ?? 'hps-demo');
    mkdirSync(dir, { recursive: true });
    const templates = await call(app, 'studies:templates', {});
    const demo = templates.find((t) => t.id === 'default-demo');
    if (!demo) throw new HpsError('resources/templates/default-demo.json is missing');
    process.stderr.write(`1/3 cost sweep: ${demo.name}\n`);
    const s = await call(app, 'studies:create', { spec: demo.spec });
    const job = await call(app, 'sweeps:start', { studyId: s.id });
    await follow(app, job, 'sweep', `hps sweep --resume ${s.id}`);
    process.stderr.write('2/3 training comparison on the bundled Fashion-MNIST subset (HPS vs eNVM-only baseline)\n');
    const demoTrain = templates.find((t) => t.id === 'demo-training');
    let trained: { study: string } | undefined;
    if (demoTrain) {
      const ts = await call(app, 'studies:create', { spec: demoTrain.spec });
      const tj = await call(app, 'sweeps:start', { studyId: ts.id });
      await follow(app, tj, 'train', `hps sweep --resume ${ts.id}`);
      trained = { study: ts.id };
      const r = await call(app, 'reports:export', { studyId: ts.id, format: 'pdf', path: join(dir, 'training-report.pdf') });
      process.stderr.write(`   wrote ${r.path}\n`);
    }
    process.stderr.write('3/3 reports\n');
    const files: string[] = [];
    for (const [format, name] of [['pdf', 'report.pdf'], ['csv', 'points-long.csv'], ['csv-wide', 'points-wide.csv'], ['json', 'bundle.json']] as const) {
      const r = await call(app, 'reports:export', { studyId: s.id, format, path: join(dir, name) });
      files.push(r.path!);
    }
    const pareto = await call(app, 'pareto:compute', { studyId: s.id });
    const costSummary = summariseStudy(evaluatedPoints(app.store, s.id).points).perMetric;
    const trainSummary = trained ? summariseStudy(evaluatedPoints(app.store, trained.study).points).comparisons[0] : undefined;
    const trainPoints = trained ? app.store.listPoints(trained.study) : [];
    const acc = (role: string): number | undefined => trainPoints.find((p) => p.role === role)?.metrics?.accuracy;
    const summary = {
      study: s.id,
      training: trained ? { ...trained, accuracyHps: acc('hps') ?? null, accuracyBaseline: acc('baseline') ?? null, ratios: trainSummary?.ratios ?? null } : null,
      costRatios: costSummary,
      files,
      frontSizes: pareto.groups.map((g) => g.front.length),
    };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
    const pct = (v: number | undefined): string => (v === undefined ? '-' : `${(v * 100).toFixed(1)} %`);
    const ratio = (v: number | null | undefined): string => (v == null ? '-' : `${v.toPrecision(3)}x`);
    out.result(summary, () =>
      [
        `demo finished (study ${s.id})`,
        trained
          ? `training, MLP 784-100-10 on the bundled Fashion-MNIST subset: test accuracy HPS ${pct(acc('hps'))}, eNVM-only baseline ${pct(acc('baseline'))}; HPS/baseline energy ${ratio(trainSummary?.ratios.energyPerEpoch)}, latency ${ratio(trainSummary?.ratios.latencyPerEpoch)} per epoch`
          : '',
        `cost sweep, HPS/baseline over ${costSummary.find((m) => m.metric === 'energyPerEpoch')?.count ?? 0} pairs (geometric mean, min..max):`,
        ...costSummary
          .filter((m) => m.kind === 'ratio' && m.mean !== null)
          .map((m) => `  ${m.metric.padEnd(16)} ${ratio(m.mean)}  (${ratio(m.min)} .. ${ratio(m.max)})`),
        `Pareto front (energy, latency): ${summary.frontSizes.join(', ')} points`,
        ...files.map((f) => `  ${f}`),
      ]
        .filter((l) => l !== '')
        .join('\n'),
    );
  }),
};

function fmtPct(v: unknown): string {
  return typeof v === 'number' ? `${(v * 100).toFixed(2)} %` : '-';
}
function fmtNum(v: unknown): string {
  return typeof v === 'number' ? v.toPrecision(4) : '-';
}

function costText(r: { ok: boolean; reason?: string } & Record<string, unknown>): string {
  if (!r.ok) return `infeasible design point: ${r.reason ?? 'unknown reason'}`;
  const m = (r.metrics ?? {}) as Record<string, number>;
  const lines = Object.entries(m)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `  ${k.padEnd(34)} ${eng(v, k.toLowerCase().includes('area') ? 'm^2' : k.toLowerCase().includes('energy') ? 'J' : k.toLowerCase().includes('latency') ? 's' : '')}`);
  return `design point ok\n${lines.join('\n')}`;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (cmd === '--version' || cmd === 'version') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const handler = COMMANDS[cmd];
  if (!handler) {
    process.stderr.write(`hps: unknown command '${cmd}'; run 'hps --help'\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  try {
    await handler(rest);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    const err = e as Error;
    const bad = e instanceof ConfigError || (e instanceof HpsError && (e.code === 'NOT_FOUND' || e.code === 'MODEL_ERROR' || e.code === 'DATASET_ERROR'));
    process.stderr.write(`hps: error: ${err.message.split('\n').join(' ').replace(/\s+/g, ' ')}\n`);
    if (!(e instanceof HpsError) && process.env.HPS_DEBUG) process.stderr.write(`${err.stack}\n`);
    return bad ? 2 : 1;
  }
}

const isMain = process.argv[1] && /cli\.js$|cli\/index\.ts$/.test(process.argv[1]);
if (isMain) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
