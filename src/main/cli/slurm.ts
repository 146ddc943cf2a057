/**
 * Slurm executor commands: the CLI face of src/main/sweep/slurm/.
 *
 *   hps sweep <study.json> --executor slurm [--shards N] [--partition P] [--time T] [--sbatch-arg A]...
 *   hps sweep --status <id> | --collect <id> [--wait] | --resubmit <id> | --cancel <id>
 *   hps sweep-shard <bundle.json> --shard i/N          (what each array task runs; no database)
 *
 * <id> is a study id (or a unique prefix of one) or the Slurm job id printed at submission.
 */
import { Option, type Command } from 'commander';
import type { AppHandle } from '../app';
import { ConfigError } from '../../core/errors';
import { call, readStudySpec, table, type CommandOptions, type Output } from './common';
import { collect, wholeNumber } from './options';
import { cancelSlurmSweep, collectSlurmSweep, resolveStudyId, resubmitSlurmSweep, slurmStatus, submitSlurmSweep, type SlurmStatusView } from '../sweep/slurm/executor';
import { parseShardSpec, runShard } from '../sweep/slurm/shard';

/** The Slurm options of `hps sweep`. */
export function addSlurmSweepOptions(cmd: Command): Command {
  const count = wholeNumber(1, 100000);
  return cmd
    .addOption(new Option('--executor <kind>', 'where points are evaluated').choices(['local', 'slurm']))
    .option('--shards <n>', 'Slurm: array tasks (default: one per 10,000 points)', count)
    .option('--partition <p>', 'Slurm: partition')
    .option('--time <t>', 'Slurm: time limit per task (sbatch --time, e.g. 02:00:00)')
    .option('--account <a>', 'Slurm: account')
    .option('--qos <q>', 'Slurm: quality of service')
    .option('--cpus-per-task <n>', 'Slurm: CPUs per array task', wholeNumber(1, 1024))
    .option('--mem-per-cpu <m>', 'Slurm: memory per CPU (e.g. 2G)')
    .option('--max-concurrent <n>', 'Slurm: array throttle (%N)', count)
    .option('--sbatch-arg <arg>', 'Slurm: extra sbatch option, repeatable (e.g. --sbatch-arg=--comment=x)', collect)
    .option('--slurm-setup <line>', 'Slurm: shell line run before each task, repeatable (module load ...)', collect)
    .option('--run-dir <dir>', 'Slurm: shared folder for the bundle and shard files')
    .option('--no-submit', 'Slurm: write the bundle and the sbatch script but do not submit')
    .option('--status <id>', 'Slurm: shard states of a submitted study (study id or Slurm job id)')
    .option('--collect <id>', 'Slurm: merge finished shards into the database (idempotent)')
    .option('--wait', 'with --collect: poll until no shard is queued or running')
    .option('--poll-seconds <n>', 'with --collect --wait: seconds between polls', wholeNumber(1, 3600))
    .option('--resubmit <id>', 'Slurm: re-submit the shards that did not finish')
    .option('--cancel <id>', 'Slurm: scancel the study\'s array job');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function shardTable(v: SlurmStatusView, all: boolean): string {
  const rows = v.shardStates
    .filter((s) => all || s.state !== 'done')
    .map((s) => [s.index, s.state, `${s.points}/${s.planned}`, s.slurmState ?? '-', s.jobId ?? '-', (s.message ?? '').replace(/\s+/g, ' ').slice(0, 160)]);
  return rows.length === 0 ? '' : `${table(rows, ['shard', 'state', 'points', 'slurm', 'job', 'message'])}\n`;
}

function statusLine(v: SlurmStatusView): string {
  const parts = Object.entries(v.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return `study ${v.studyId}: ${v.shards} shard(s): ${parts.join(', ')}; ${v.finished} of ${v.planned} points finished, ${v.stored} stored` +
    (v.slurmJobIds.length ? `; Slurm job(s) ${v.slurmJobIds.join(', ')}` : '') +
    (v.queueNote ? `\nnote: ${v.queueNote}` : '') +
    (v.problems.length ? `\n${v.problems.map((p) => `problem: ${p}`).join('\n')}` : '');
}

/** Handles `hps sweep` when it asks for the Slurm executor or one of its verbs; returns false otherwise. */
export async function slurmSweepCommand(app: AppHandle, studyArg: string | undefined, f: CommandOptions, out: Output): Promise<boolean> {
  const verbs = (['status', 'collect', 'resubmit', 'cancel'] as const).filter((k) => f[k] !== undefined);
  if (verbs.length > 1) throw new ConfigError(`--${verbs[0]} and --${verbs[1]} cannot be combined`, { issues: [{ path: `--${verbs[1]}`, message: 'only one of --status, --collect, --resubmit, --cancel' }] });
  const store = app.store;

  if (f.executor === 'slurm' && verbs.length === 0) {
    if (!studyArg) throw new ConfigError('sweep --executor slurm needs a study file or template id', { issues: [{ path: 'study', message: 'missing' }] });
    const { spec } = readStudySpec(studyArg);
    const s = await call(app, 'studies:create', { spec });
    process.stderr.write(`study ${s.name}: ${s.plannedPoints} points (id ${s.id})\n`);
    const v = await submitSlurmSweep(store, app.dataDir, s.id, {
      shards: int(f.shards),
      partition: str(f.partition),
      timeLimit: str(f.time),
      account: str(f.account),
      qos: str(f.qos),
      cpusPerTask: int(f.cpusPerTask),
      memPerCpu: str(f.memPerCpu),
      maxConcurrent: int(f.maxConcurrent),
      extraArgs: f.sbatchArg as string[] | undefined,
      setup: f.slurmSetup as string[] | undefined,
      runDir: str(f.runDir),
      submit: f.submit === false ? false : undefined,
    });
    out.result(v, () =>
      v.slurmJobId
        ? `${v.slurmJobId}\nsubmitted Slurm job ${v.slurmJobId}: ${v.shards} array task(s) for ${v.points} points of study ${v.studyId}\nrun folder ${v.runDir}\n` +
          `progress: hps sweep --status ${v.studyId}   merge: hps sweep --collect ${v.studyId} [--wait]   stop: hps sweep --cancel ${v.studyId}`
        : `wrote ${v.runDir}/bundle.json and submit.sh (${v.shards} shard(s), ${v.points} points of study ${v.studyId}); not submitted: hps sweep --resubmit ${v.studyId}`,
    );
    return true;
  }
  if (verbs.length === 0) return false;
  const verb = verbs[0]!;
  const studyId = resolveStudyId(store, String(f[verb]));

  if (verb === 'status') {
    const { pointsByShard: _omit, ...v } = await slurmStatus(store, studyId);
    out.result(v, () => `${shardTable(v, true)}${statusLine(v)}`);
  } else if (verb === 'collect') {
    if (f.wait) {
      const poll = (int(f.pollSeconds) ?? 5) * 1000;
      let last = '';
      for (;;) {
        const { pointsByShard: _omit, ...v } = await slurmStatus(store, studyId);
        const line = `${v.counts.done} of ${v.shards} shards done, ${v.counts.running} running, ${v.counts.pending} pending (${v.finished} of ${v.planned} points)`;
        if (line !== last) process.stderr.write(`${line}\n`);
        last = line;
        if (!v.active) break;
        await new Promise((r) => setTimeout(r, poll));
      }
    }
    const v = await collectSlurmSweep(store, studyId);
    out.result(v, () =>
      `${shardTable(v, false)}${statusLine(v)}\ncollected: ${v.inserted} new point(s) stored; ${v.stored} of ${v.planned} in the database` +
        (v.complete ? ` (study complete${v.submitToCollectedSeconds != null ? `, ${v.submitToCollectedSeconds.toFixed(1)} s after submission` : ''})` : v.active ? '; shards still queued or running: collect again later' : `; unfinished shards: hps sweep --resubmit ${studyId}`),
    );
    if (!v.complete && !v.active) process.exitCode = 1;
  } else if (verb === 'resubmit') {
    const r = await resubmitSlurmSweep(store, studyId, { maxConcurrent: int(f.maxConcurrent) });
    out.result(r, () => (r.slurmJobId ? `${r.slurmJobId}\nresubmitted shard(s) ${r.indices.join(', ')} as Slurm job ${r.slurmJobId}` : 'nothing to resubmit: every shard is done, pending or running'));
  } else {
    const r = await cancelSlurmSweep(store, studyId);
    out.result(r, () => (r.cancelled.length ? `scancel ${r.cancelled.join(' ')}: running shards save what they finished; merge it with hps sweep --collect ${studyId}` : 'nothing was submitted'));
  }
  return true;
}

/** `hps sweep-shard <bundle.json> --shard i/N`: run by each Slurm array task. Opens no database. */
export async function sweepShardAction(bundle: string, opts: CommandOptions): Promise<void> {
  const { index, count } = parseShardSpec(opts.shard as string);
  const r = await runShard(bundle, index, count, { batchSize: int(opts.batchSize) });
  const msg = `shard ${index}/${count}: ${r.resumed + r.evaluated} of ${r.planned} points saved (${r.evaluated} evaluated now, ${r.resumed} resumed) in ${(r.wallMs / 1000).toFixed(1)} s, start-up ${r.startupMs.toFixed(0)} ms`;
  if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  if (r.stoppedBy) {
    process.stderr.write(`${msg}; stopped by ${r.stoppedBy} before the end (no done marker)\n`);
    process.exitCode = r.stoppedBy === 'SIGINT' ? 130 : 143;
  } else process.stderr.write(`${msg}; done\n`);
}
