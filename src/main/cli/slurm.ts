/**
 * Slurm executor commands (issue 9): the CLI face of src/main/sweep/slurm/.
 *
 *   hps sweep <study.json> --executor slurm [--shards N] [--partition P] [--time T] [--sbatch-arg A]...
 *   hps sweep --status <id> | --collect <id> [--wait] | --resubmit <id> | --cancel <id>
 *   hps sweep-shard <bundle.json> --shard i/N          (what each array task runs; no database)
 *
 * <id> is a study id (or a unique prefix of one) or the Slurm job id printed at submission.
 */
import type { AppHandle } from '../app';
import { parseArgs, type FlagSpec, type Parsed } from './args';
import { ConfigError } from '../../core/errors';
import { call, need, readJson, table, type Handler, type Output } from './common';
import { cancelSlurmSweep, collectSlurmSweep, resolveStudyId, resubmitSlurmSweep, slurmStatus, submitSlurmSweep, type SlurmStatusView } from '../sweep/slurm/executor';
import { parseShardSpec, runShard } from '../sweep/slurm/shard';

export const SLURM_SWEEP_FLAGS: FlagSpec = {
  executor: 'string',
  shards: 'int',
  partition: 'string',
  time: 'string',
  account: 'string',
  qos: 'string',
  'cpus-per-task': 'int',
  'mem-per-cpu': 'string',
  'max-concurrent': 'int',
  'sbatch-arg': 'strings',
  'slurm-setup': 'strings',
  'run-dir': 'string',
  'no-submit': 'boolean',
  status: 'string',
  collect: 'string',
  wait: 'boolean',
  'poll-seconds': 'int',
  resubmit: 'string',
  cancel: 'string',
};

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
export async function slurmSweepCommand(app: AppHandle, p: Parsed, out: Output): Promise<boolean> {
  const f = p.flags;
  if (f.executor !== undefined && f.executor !== 'local' && f.executor !== 'slurm') {
    throw new ConfigError(`--executor: expected local or slurm, got '${String(f.executor)}'`, { issues: [{ path: '--executor', message: 'expected local or slurm', value: f.executor }] });
  }
  const verbs = (['status', 'collect', 'resubmit', 'cancel'] as const).filter((k) => f[k] !== undefined);
  if (verbs.length > 1) throw new ConfigError(`--${verbs[0]} and --${verbs[1]} cannot be combined`, { issues: [{ path: `--${verbs[1]}`, message: 'only one of --status, --collect, --resubmit, --cancel' }] });
  const store = app.store;

  if (f.executor === 'slurm' && verbs.length === 0) {
    const spec = readJson(need(p, 0, 'study file'), 'study');
    const s = await call(app, 'studies:create', { spec });
    process.stderr.write(`study ${s.name}: ${s.plannedPoints} points (id ${s.id})\n`);
    const v = await submitSlurmSweep(store, app.dataDir, s.id, {
      shards: int(f.shards),
      partition: str(f.partition),
      timeLimit: str(f.time),
      account: str(f.account),
      qos: str(f.qos),
      cpusPerTask: int(f['cpus-per-task']),
      memPerCpu: str(f['mem-per-cpu']),
      maxConcurrent: int(f['max-concurrent']),
      extraArgs: f['sbatch-arg'] as string[] | undefined,
      setup: f['slurm-setup'] as string[] | undefined,
      runDir: str(f['run-dir']),
      submit: f['no-submit'] ? false : undefined,
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
      const poll = Math.max(1, int(f['poll-seconds']) ?? 5) * 1000;
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
    const r = await resubmitSlurmSweep(store, studyId, { maxConcurrent: int(f['max-concurrent']) });
    out.result(r, () => (r.slurmJobId ? `${r.slurmJobId}\nresubmitted shard(s) ${r.indices.join(', ')} as Slurm job ${r.slurmJobId}` : 'nothing to resubmit: every shard is done, pending or running'));
  } else {
    const r = await cancelSlurmSweep(store, studyId);
    out.result(r, () => (r.cancelled.length ? `scancel ${r.cancelled.join(' ')}: running shards save what they finished; merge it with hps sweep --collect ${studyId}` : 'nothing was submitted'));
  }
  return true;
}

/** `hps sweep-shard <bundle.json> --shard i/N`: run by each Slurm array task. Opens no database. */
export const sweepShardCommand: Handler = async (argv) => {
  const p = parseArgs(argv, { shard: 'string', 'batch-size': 'int', json: 'boolean', help: 'boolean' });
  const bundle = need(p, 0, 'bundle file');
  const spec = p.flags.shard;
  if (typeof spec !== 'string') throw new ConfigError('sweep-shard needs --shard i/N', { issues: [{ path: '--shard', message: 'missing' }] });
  const { index, count } = parseShardSpec(spec);
  const r = await runShard(bundle, index, count, { batchSize: int(p.flags['batch-size']) });
  const msg = `shard ${index}/${count}: ${r.resumed + r.evaluated} of ${r.planned} points saved (${r.evaluated} evaluated now, ${r.resumed} resumed) in ${(r.wallMs / 1000).toFixed(1)} s, start-up ${r.startupMs.toFixed(0)} ms`;
  if (p.flags.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  if (r.stoppedBy) {
    process.stderr.write(`${msg}; stopped by ${r.stoppedBy} before the end (no done marker)\n`);
    process.exitCode = r.stoppedBy === 'SIGINT' ? 130 : 143;
  } else process.stderr.write(`${msg}; done\n`);
};
