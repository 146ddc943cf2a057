/** Commands that compute: `hps serve`, `demo`, `cost`, `train`, `sweep`, `sweep-shard`, `pareto`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { openApp, type AppHandle } from '../../app';
import { ConfigError, HpsError } from '../../../core/errors';
import { formatPercent, formatRatio } from '../../../core/format/units';
import { summariseStudy } from '../../../core/dse/summary';
import { startHost } from '../../host/server';
import { rendererDir } from '../../paths';
import { comparablePoints } from '../../services/pareto';
import { parseRunConfig } from '../../../core/config/validate';
import { printStudyWarnings, runText, trainReplicates } from '../fair';
import { call, follow, readJson, readStudySpec, withApp, type CommandOptions, type Output } from '../common';
import { listOption, portOption, wholeNumber } from '../options';
import { addSlurmSweepOptions, slurmSweepCommand, sweepShardAction } from '../slurm';
import { costText, paretoText } from '../text';
import { example, workersOpt } from './help';

async function serve(opts: CommandOptions): Promise<void> {
  const app = openApp({ dataDir: opts.dataDir, transport: 'http', workers: opts.workers });
  const host = await startHost({ getServices: () => app.services, rendererDir: rendererDir(), port: (opts.port as number | undefined) ?? 0, log: (m) => process.stderr.write(`${m}\n`) });
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
}

async function cost(app: AppHandle, [file]: [string], _opts: CommandOptions, out: Output): Promise<void> {
  const cfg = readJson(file, 'config');
  const r = (await call(app, 'cost:evaluate', { config: cfg })) as { ok: boolean; reason?: string; metrics?: Record<string, number> };
  const catalog = await call(app, 'cost:catalog', {});
  out.result(r, () => costText(r, catalog));
  if (!r.ok) process.exitCode = 1;
}

/** The training job of a stored run, to resume it (a run inside a study is resumed with its sweep). */
async function resumeRun(app: AppHandle, id: string) {
  const run = await call(app, 'runs:get', { id });
  if (run.status === 'done') throw new ConfigError(`--resume: run ${run.id} is already done; nothing to resume`, { issues: [{ path: '--resume', message: 'run is done', value: id }] });
  const job = app.store.listJobs().find((j) => j.kind === 'train' && j.runId === run.id);
  if (!job) {
    const how = run.studyId ? `it belongs to study ${run.studyId}: resume that with hps sweep --resume ${run.studyId.slice(0, 8)}` : 'it has no training job';
    throw new ConfigError(`--resume: run ${run.id} cannot be resumed on its own; ${how}`, { issues: [{ path: '--resume', message: 'not a stand-alone training run', value: id }] });
  }
  process.stderr.write(`resuming run ${run.id} from epoch ${run.epochs.length} (its last checkpoint)\n`);
  return call(app, 'jobs:resume', { id: job.id });
}

async function train(app: AppHandle, [file]: [string | undefined], opts: CommandOptions, out: Output): Promise<void> {
  const resume = opts.resume as string | undefined;
  if ((file === undefined) === (resume === undefined))
    throw new ConfigError('train needs a config file or --resume <run-id> (not both)', { issues: [{ path: file === undefined ? 'config' : '--resume', message: 'give exactly one of a config file or --resume' }] });
  const cfg = file !== undefined ? readJson(file, 'config') : undefined;
  const seeds = cfg !== undefined ? (parseRunConfig(cfg).seeds ?? 1) : 1;
  if (seeds > 1) {
    // Replicates: one run per seed, then their statistics.
    const r = await trainReplicates(app, cfg as Record<string, unknown>, seeds);
    out.result(r, () => r.text);
    if (r.jobs.some((j) => j.status === 'failed')) process.exitCode = 1;
    return;
  }
  const job = resume !== undefined ? await resumeRun(app, resume) : await call(app, 'runs:start', { config: cfg });
  const final = await follow(app, job, 'train', `hps train --resume ${job.runId!.slice(0, 8)}`);
  const run = await call(app, 'runs:get', { id: job.runId! });
  out.result({ job: final, run }, () => `${final.status}: ${final.message}\nrun ${run.id}\n${runText(run)}`);
  if (final.status === 'failed') process.exitCode = 1;
}

async function sweep(app: AppHandle, [studyArg]: [string | undefined], opts: CommandOptions, out: Output): Promise<void> {
  // Slurm executor and its follow-up verbs (--executor slurm, --status, --collect, --resubmit, --cancel).
  if (await slurmSweepCommand(app, studyArg, opts, out)) return;
  const resume = opts.resume as string | undefined;
  if ((studyArg === undefined) === (resume === undefined))
    throw new ConfigError('sweep needs a study (file or template id) or --resume <study-id> (not both)', { issues: [{ path: studyArg === undefined ? 'study' : '--resume', message: 'give exactly one of a study or --resume' }] });
  let studyId: string;
  if (resume === undefined) {
    const { spec, source } = readStudySpec(studyArg!);
    await printStudyWarnings(app, spec);
    const s = await call(app, 'studies:create', { spec });
    studyId = s.id;
    process.stderr.write(`study ${s.name} (${source}): ${s.plannedPoints} points (id ${s.id})\n`);
  } else {
    const s = await call(app, 'studies:get', { id: resume });
    studyId = s.id;
    process.stderr.write(`resuming study ${s.name}: ${s.points} of ${s.plannedPoints} points already stored\n`);
  }
  const job = await call(app, 'sweeps:start', { studyId });
  const final = await follow(app, job, 'sweep', `hps sweep --resume ${studyId}`);
  const s = await call(app, 'studies:get', { id: studyId });
  out.result({ study: s, job: final }, () => `${final.status}: ${final.message}\nstudy ${s.id}: ${s.points} of ${s.plannedPoints} points stored`);
  if (final.status === 'failed') process.exitCode = 1;
}

function objectivesOption(raw: string): { metric: string; direction: 'min' | 'max' }[] {
  return listOption(raw).map((spec) => {
    const [metric, dir] = spec.split(':').map((x) => x.trim()) as [string, string | undefined];
    if (dir !== undefined && dir !== 'min' && dir !== 'max')
      throw new ConfigError(`--objectives: direction of ${metric} must be min or max, got '${dir}'`, { issues: [{ path: '--objectives', message: 'direction must be min or max', value: spec }] });
    return { metric, direction: (dir ?? (metric.toLowerCase().includes('accuracy') ? 'max' : 'min')) as 'min' | 'max' };
  });
}

async function pareto(app: AppHandle, [id]: [string], opts: CommandOptions, out: Output): Promise<void> {
  const objectives = opts.objectives as string | undefined;
  const role = (opts.role as 'hps' | 'baseline' | 'all' | undefined) ?? 'hps';
  const r = await call(app, 'pareto:compute', { studyId: id, ...(objectives ? { objectives: objectivesOption(objectives) } : {}), role });
  const catalog = await call(app, 'cost:catalog', {});
  out.result(r, () => paretoText(r, catalog, { limit: opts.limit as number, role }));
}

async function demo(app: AppHandle, _args: [], opts: CommandOptions, out: Output): Promise<void> {
  const dir = resolve(opts.out as string);
  mkdirSync(dir, { recursive: true });
  const templates = await call(app, 'studies:templates', {});
  const costDemo = templates.find((t) => t.id === 'default-demo');
  if (!costDemo) throw new HpsError('resources/templates/default-demo.json is missing');
  process.stderr.write(`1/3 cost sweep: ${costDemo.name}\n`);
  const s = await call(app, 'studies:create', { spec: costDemo.spec });
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
    for (const [format, name] of [['pdf', 'training-report.pdf'], ['csv-diagnostics', 'training-diagnostics.csv']] as const) {
      const r = await call(app, 'reports:export', { studyId: ts.id, format, path: join(dir, name) });
      process.stderr.write(`   wrote ${r.path}\n`);
    }
  }
  process.stderr.write('3/3 reports\n');
  const files: string[] = [];
  for (const [format, name] of [['pdf', 'report.pdf'], ['csv', 'points-long.csv'], ['csv-wide', 'points-wide.csv'], ['json', 'bundle.json']] as const) {
    const r = await call(app, 'reports:export', { studyId: s.id, format, path: join(dir, name) });
    files.push(r.path!);
  }
  const front = await call(app, 'pareto:compute', { studyId: s.id });
  const costSummary = summariseStudy(comparablePoints(app.store, s.id).points).perMetric;
  const trainSummary = trained ? summariseStudy(comparablePoints(app.store, trained.study).points).comparisons[0] : undefined;
  const trainPoints = trained ? app.store.listPoints(trained.study) : [];
  const acc = (role: string): number | undefined => trainPoints.find((p) => p.role === role)?.metrics?.accuracy;
  const summary = {
    study: s.id,
    training: trained ? { ...trained, accuracyHps: acc('hps') ?? null, accuracyBaseline: acc('baseline') ?? null, ratios: trainSummary?.ratios ?? null } : null,
    costRatios: costSummary,
    files,
    frontSizes: front.groups.map((g) => g.front.length),
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  const pct = (v: number | undefined): string => formatPercent(v, 1, { missing: '-' });
  const ratio = (v: number | null | undefined): string => formatRatio(v, 3, { missing: '-' });
  out.result(summary, () =>
    [
      `demo finished (study ${s.id})`,
      trained
        ? `training, MLP 784-100-10 on the bundled Fashion-MNIST subset: test accuracy HPS ${pct(acc('hps'))}, eNVM-only baseline ${pct(acc('baseline'))}; HPS/baseline energy ${ratio(trainSummary?.ratios.energyPerEpoch)}, latency ${ratio(trainSummary?.ratios.latencyPerEpoch)} per epoch`
        : '',
      `cost sweep, HPS/baseline over ${costSummary.find((m) => m.metric === 'energyPerEpoch')?.count ?? 0} pairs (geometric mean, min..max):`,
      ...costSummary.filter((m) => m.kind === 'ratio' && m.mean !== null).map((m) => `  ${m.metric.padEnd(16)} ${ratio(m.mean)}  (${ratio(m.min)} .. ${ratio(m.max)})`),
      `Pareto front (energy, latency): ${summary.frontSizes.join(', ')} points`,
      ...files.map((f) => `  ${f}`),
    ]
      .filter((l) => l !== '')
      .join('\n'),
  );
}

export function runCommands(program: Command): void {
  example(
    program
      .command('serve')
      .description('serve the app on http://127.0.0.1 (prints a URL with a random token)')
      .option('--port <n>', 'TCP port, 0 to 65535 (default 0: a free port)', portOption)
      .addOption(workersOpt())
      .action((_opts: CommandOptions, cmd: Command) => serve(cmd.optsWithGlobals<CommandOptions>())),
    'hps serve --port 8377',
  );

  example(
    program.command('demo').description('run the bundled demo study end to end and write its reports').option('--out <dir>', 'folder for the reports', 'hps-demo').addOption(workersOpt()).action(withApp(demo)),
    'hps demo --out hps-demo',
  );

  example(
    program.command('cost').description('area, energy and latency of one design point, per phase and component').argument('<config.json>', 'run config (JSON; {} is the default design point)').action(withApp(cost)),
    'hps cost resources/examples/neurosim-v21-default.json',
    'hps cost config.json --json | jq .metrics.area',
  );

  example(
    program
      .command('train')
      .description('one hardware-aware training run (progress on stderr; Ctrl-C stops after the epoch in flight)')
      .argument('[config.json]', 'run config (JSON)')
      .option('--resume <run-id>', 'continue a stopped or killed run from its last checkpoint (`hps jobs list` shows them)')
      .addOption(workersOpt())
      .action(withApp(train)),
    'hps train config.json',
    'hps train --resume 9c41',
  );

  example(
    addSlurmSweepOptions(
      program
        .command('sweep')
        .description('run a study; every finished point is committed at once, so a stopped sweep resumes where it was')
        .argument('[study]', 'study file (JSON) or a template id (`hps templates list`)')
        .option('--resume <study-id>', 'continue a study that was stopped, killed or lost power')
        .addOption(workersOpt()),
    ).action(withApp(sweep)),
    'hps sweep transfer-retention-envm',
    'hps sweep study.json --workers 4',
    'hps sweep --resume 3f2a',
    'hps sweep study.json --executor slurm --shards 16 --partition short --time 01:00:00',
  );

  example(
    program
      .command('sweep-shard')
      .description('(run by Slurm array tasks) evaluate one shard of a sweep bundle; opens no database')
      .argument('<bundle.json>', 'the bundle written by `hps sweep --executor slurm`')
      .requiredOption('--shard <i/N>', 'which shard: index i of N')
      .option('--batch-size <n>', 'points per committed batch', wholeNumber(1, 1_000_000))
      .action((bundle: string, _opts: CommandOptions, cmd: Command) => sweepShardAction(bundle, cmd.optsWithGlobals<CommandOptions>())),
    'hps sweep-shard /shared/run/bundle.json --shard 3/16',
  );

  example(
    program
      .command('pareto')
      .description('Pareto front, ranks and normalised hypervolume of a study, per iso group, with units')
      .argument('<study-id>', 'study id or a unique prefix of it')
      .option('--objectives <list>', "metric[:min|max],... (default: the study's objectives)")
      .addOption(new Option('--role <role>', 'which points to rank').choices(['hps', 'baseline', 'all']).default('hps'))
      .option('--limit <n>', 'ranked points shown per group (0: all)', wholeNumber(0, 1_000_000), 30)
      .action(withApp(pareto)),
    'hps pareto 3f2a',
    'hps pareto 3f2a --objectives energyPerEpoch:min,area:min --role all',
  );
}
