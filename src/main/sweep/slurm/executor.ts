/**
 * The Slurm executor, main side: plan a study into a run folder and submit it as a job array;
 * follow it (squeue + shard files); collect finished shards into the study database (idempotent:
 * INSERT OR IGNORE by point hash); resubmit only missing, partial or failed shards; cancel.
 * The submission is a job row of kind 'slurm-sweep' whose payload names the run folder.
 */
import { existsSync, mkdirSync, chmodSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConfigError, HpsError, NotFoundError } from '../../../core/errors';
import type { Study } from '../../../core/dse/study';
import type { Store, JobRow, JobStatus } from '../../store/store';
import { planStudy, needsTraining, toPointRow } from '../sweep';
import { APP_VERSION } from '../../version';
import type { SlurmCollectView, SlurmShardView, SlurmStatusView, SlurmSubmitView } from '../../../shared/contract';
import { appRoot } from '../../paths';
import { arrayRanges, queueTasks, sbatch, scancel, SlurmUnavailableError, type QueueTask } from './cmd';
import { BUNDLE_FORMAT, readBundle, readShardFile, readState, runFiles, shardOutputTail, shardPoints, submitScript, writeAtomic, writeState, type Bundle, type RunState, type SlurmResources } from './files';

export const SLURM_JOB_KIND = 'slurm-sweep';

export interface SlurmOptions extends SlurmResources {
  shards?: number;
  /** Run folder (must be on a file system shared with the compute nodes). Default <dataDir>/slurm/<studyId>. */
  runDir?: string;
  /** false: write the bundle and script only (submit later with resubmit). */
  submit?: boolean;
}

export type ShardState = SlurmShardView['state'];
export type { SlurmStatusView, SlurmSubmitView, SlurmCollectView };
type ShardView = SlurmShardView;

/** Default shard count: cost points take about a millisecond, so give each task plenty of them. */
export function defaultShards(points: number): number {
  return Math.max(1, Math.min(1000, Math.ceil(points / 10_000)));
}

function slurmExecutorOf(spec: Study): SlurmOptions {
  const ex = spec.executor;
  if (!ex || ex.kind !== 'slurm') return {};
  return { shards: ex.shards, ...resources(ex) };
}

const RESOURCE_KEYS = ['partition', 'account', 'qos', 'timeLimit', 'cpusPerTask', 'memPerCpu', 'maxConcurrent', 'extraArgs', 'setup'] as const;

/** The scheduler resources of a set of options (and nothing else). */
function resources(o: SlurmResources): SlurmResources {
  return Object.fromEntries(RESOURCE_KEYS.map((k) => [k, o[k]])) as SlurmResources;
}

const TOKEN = /^[A-Za-z0-9_.:+@,=-]+$/;
const EXTRA = /^--?[A-Za-z][A-Za-z0-9-]*(=[^\n\r'"`$\\;|&<>]*)?$/;

/** Values end up in #SBATCH lines of a shell script: no newlines, quotes or shell syntax. */
function checkOptions(o: SlurmOptions): void {
  const bad = (path: string, value: unknown, message: string): never => {
    throw new ConfigError(`${path}: ${message} (got ${JSON.stringify(value)})`, { issues: [{ path, message, value }] });
  };
  for (const k of ['partition', 'account', 'qos', 'timeLimit', 'memPerCpu'] as const) {
    const v = o[k];
    if (v !== undefined && !TOKEN.test(v)) bad(k, v, 'letters, digits and _.:+@,=- only');
  }
  for (const a of o.extraArgs ?? []) if (!EXTRA.test(a)) bad('extraArgs', a, 'one sbatch option such as --qos=long');
  for (const l of o.setup ?? []) if (/[\n\r]/.test(l)) bad('setup', l, 'one shell line each');
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The latest Slurm submission row of a study (NotFoundError when it has none). */
export function slurmJobOf(store: Store, studyId: string): JobRow {
  const job = store.listJobs({ studyId }).find((j) => j.kind === SLURM_JOB_KIND);
  if (!job) throw new NotFoundError('Slurm submission of study', studyId);
  return job;
}

/** A study id (or unique prefix), or a Slurm job id of one of our submissions, to the study id. */
export function resolveStudyId(store: Store, id: string): string {
  const s = store.findStudy(id);
  if (s) return s.id;
  if (/^\d+$/.test(id)) {
    for (const j of store.listJobs().filter((x) => x.kind === SLURM_JOB_KIND && x.studyId)) {
      const dir = (j.payload as { runDir?: string }).runDir;
      if (!dir || !existsSync(runFiles.state(dir))) continue;
      if (readState(dir).submissions.some((sub) => sub.jobId === id)) return j.studyId!;
    }
  }
  throw new NotFoundError('study (or Slurm job)', id);
}

function runDirOf(job: JobRow): string {
  const dir = (job.payload as { runDir?: string }).runDir;
  if (!dir) throw new HpsError(`job ${job.id} has no run folder`, { code: 'STORE_ERROR' });
  return dir;
}

export async function submitSlurmSweep(store: Store, dataDir: string, studyId: string, opts: SlurmOptions = {}): Promise<SlurmSubmitView> {
  const row = store.getStudy(studyId);
  const { study, points } = planStudy(row.spec);
  if (needsTraining(study)) {
    throw new ConfigError(`study '${study.name}' needs training (evaluation cost+accuracy): the Slurm executor runs cost-only studies in this version; use the local executor`, {
      issues: [{ path: 'evaluation', message: 'the Slurm executor runs cost-only studies', value: study.evaluation }],
    });
  }
  if (store.listJobs({ studyId }).some((j) => j.kind === SLURM_JOB_KIND)) {
    throw new ConfigError(`study ${studyId} was already submitted to Slurm; use --resubmit, --collect or --cancel`, { issues: [{ path: 'studyId', message: 'already submitted', value: studyId }] });
  }
  const o: SlurmOptions = { ...slurmExecutorOf(study), ...defined(opts) };
  checkOptions(o);
  const shards = Math.min(o.shards ?? defaultShards(points.length), Math.max(1, points.length));
  if (!Number.isInteger(shards) || shards < 1) throw new ConfigError(`shards: expected a positive integer (got ${o.shards})`, { issues: [{ path: 'shards', message: 'expected a positive integer', value: o.shards }] });
  const runDir = resolve(o.runDir ?? join(dataDir, 'slurm', studyId));
  if (existsSync(runFiles.bundle(runDir))) {
    throw new ConfigError(`run folder ${runDir} already holds a bundle; choose another --run-dir`, { issues: [{ path: 'runDir', message: 'already holds a bundle', value: runDir }] });
  }
  mkdirSync(runDir, { recursive: true });
  const bundle: Bundle = {
    format: BUNDLE_FORMAT,
    version: 1,
    bundleId: randomUUID(),
    studyId,
    studyName: study.name,
    appVersion: APP_VERSION,
    createdAt: new Date().toISOString(),
    evaluation: study.evaluation,
    shards,
    spec: row.spec,
    points: points.map((p) => ({ index: p.index, hash: p.hash, role: p.role, twinHash: p.twinHash, knobValues: p.knobValues as Record<string, unknown>, config: p.config, replicate: p.replicate, group: p.group })),
  };
  writeAtomic(runFiles.bundle(runDir), JSON.stringify(bundle));
  const script = submitScript({
    runDir,
    bundleFile: runFiles.bundle(runDir),
    shards,
    studyName: study.name,
    jobName: `hps-${studyId.slice(0, 8)}`,
    nodePath: process.execPath,
    hpsBin: join(appRoot(), 'bin', 'hps.js'),
    ...resources(o),
  });
  writeFileSync(runFiles.script(runDir), script);
  chmodSync(runFiles.script(runDir), 0o755);
  const state: RunState = { studyId, bundleId: bundle.bundleId, shards, submissions: [], cancelledAt: null, collectedAt: null };
  writeState(runDir, state);
  const job = store.createJob({ kind: SLURM_JOB_KIND, studyId, payload: { studyId, runDir, shards, points: points.length } });
  let slurmJobId: string | null = null;
  if (o.submit !== false) {
    try {
      slurmJobId = await sbatch([runFiles.script(runDir)], runDir);
    } catch (e) {
      store.updateJob(job.id, { status: 'failed', error: (e as Error).message, message: 'sbatch failed; fix the cause, then hps sweep --resubmit' });
      throw e;
    }
    state.submissions.push({ jobId: slurmJobId, indices: 'all', submittedAt: new Date().toISOString() });
    writeState(runDir, state);
    store.updateJob(job.id, { status: 'running', progress: 0, message: `Slurm job ${slurmJobId}: ${shards} array task(s), ${points.length} points` });
    store.updateStudy(studyId, { status: 'running' });
  } else {
    store.updateJob(job.id, { status: 'queued', message: `bundle written to ${runDir}; not submitted (hps sweep --resubmit ${studyId} submits it)` });
  }
  return { studyId, jobId: job.id, slurmJobId, runDir, shards, points: points.length };
}

const ACTIVE = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESIZING', 'SIGNALING', 'STAGE_OUT', 'STOPPED']);

/** Where each shard stands, from squeue (while Slurm remembers the tasks) and the shard files. */
export async function slurmStatus(store: Store, studyId: string, opts: { withPoints?: boolean } = {}): Promise<SlurmStatusView & { pointsByShard?: ReturnType<typeof readShardFile>[] }> {
  const job = slurmJobOf(store, studyId);
  const runDir = runDirOf(job);
  const state = readState(runDir);
  const bundle = readBundle(runFiles.bundle(runDir));
  const jobIds = state.submissions.map((s) => s.jobId);
  let tasks: QueueTask[] = [];
  let queueNote: string | null = null;
  if (jobIds.length > 0) {
    try {
      tasks = await queueTasks(jobIds);
    } catch (e) {
      queueNote = `squeue unavailable (${(e as Error).message}); states come from the shard files only`;
      if (!(e instanceof SlurmUnavailableError)) queueNote = `squeue failed (${(e as Error).message}); states come from the shard files only`;
    }
  }
  // Latest submission covering an index wins.
  const order = new Map(jobIds.map((id, k) => [id, k]));
  const taskOf = new Map<number, QueueTask>();
  for (const t of tasks) {
    if (t.index == null) continue;
    const prev = taskOf.get(t.index);
    if (!prev || (order.get(t.jobId) ?? -1) >= (order.get(prev.jobId) ?? -1)) taskOf.set(t.index, t);
  }
  const counts: Record<ShardState, number> = { pending: 0, running: 0, done: 0, partial: 0, missing: 0, failed: 0 };
  const problems: string[] = [];
  const reports: ReturnType<typeof readShardFile>[] = [];
  const views: ShardView[] = [];
  let finished = 0;
  for (let i = 0; i < bundle.shards; i++) {
    const mine = shardPoints(bundle.points, i, bundle.shards);
    const rep = readShardFile(runDir, bundle, i, new Map(mine.map((p) => [p.hash, p.index])));
    reports.push(rep);
    problems.push(...rep.problems);
    finished += rep.points.size;
    const t = taskOf.get(i);
    const slurmState = t?.state ?? null;
    let st: ShardState;
    let message: string | null = null;
    if (rep.done && rep.points.size === mine.length) st = 'done';
    else if (slurmState && ACTIVE.has(slurmState)) {
      st = slurmState === 'PENDING' || slurmState === 'CONFIGURING' ? 'pending' : 'running';
      if (st === 'pending' && t?.reason && t.reason !== 'None') message = t.reason;
    } else if (slurmState) {
      // Ended in Slurm (FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, or COMPLETED without its done marker).
      st = 'failed';
      message = `${slurmState}${t?.reason && t.reason !== 'None' ? ` (${t.reason})` : ''}; ${rep.points.size} of ${mine.length} points saved`;
    } else st = rep.points.size > 0 ? 'partial' : 'missing';
    if (st === 'partial' || st === 'missing' || st === 'failed') {
      const tail = shardOutputTail(runDir, i);
      if (tail && /error|Error|signal|CANCELLED|TIME LIMIT|Killed|SIGTERM/.test(tail)) message = message ? `${message}; ${tail}` : tail;
      if (st === 'partial' && !message) message = `${rep.points.size} of ${mine.length} points saved`;
    }
    counts[st]++;
    views.push({ index: i, state: st, points: rep.points.size, planned: mine.length, jobId: t?.jobId ?? null, slurmState, message });
  }
  const complete = counts.done === bundle.shards;
  const active = counts.pending + counts.running > 0;
  const view: SlurmStatusView & { pointsByShard?: ReturnType<typeof readShardFile>[] } = {
    studyId,
    jobId: job.id,
    runDir,
    slurmJobIds: jobIds,
    shards: bundle.shards,
    planned: bundle.points.length,
    finished,
    stored: store.countPoints(studyId),
    counts,
    complete,
    active,
    cancelled: state.cancelledAt != null,
    queueNote,
    problems,
    shardStates: views,
  };
  reconcileJob(store, job, view);
  if (opts.withPoints) view.pointsByShard = reports;
  return view;
}

function summary(v: SlurmStatusView): string {
  const parts = (Object.entries(v.counts) as [ShardState, number][]).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  const ids = v.slurmJobIds.length > 0 ? `Slurm job ${v.slurmJobIds.join(', ')}` : 'not submitted';
  return `${ids}: ${parts.join(', ')} (${v.finished} of ${v.planned} points finished, ${v.stored} stored)`;
}

/** Keep the job row (shown by `hps jobs list` and the UI) in step with what Slurm and the files say. */
function reconcileJob(store: Store, job: JobRow, v: SlurmStatusView): void {
  let status: JobStatus;
  let message = summary(v);
  if (v.complete && v.stored >= v.planned) status = 'done';
  else if (v.cancelled) status = 'cancelled';
  else if (v.active) status = 'running';
  else if (v.complete) {
    status = 'running';
    message += `; all shards finished: hps sweep --collect ${v.studyId}`;
  } else if (v.slurmJobIds.length === 0) status = 'queued';
  else {
    status = 'failed';
    message += `; hps sweep --resubmit ${v.studyId} re-runs the unfinished shards`;
  }
  const progress = v.planned === 0 ? 1 : v.finished / v.planned;
  if (status !== job.status || message !== job.message || Math.abs(progress - job.progress) > 1e-9) {
    store.updateJob(job.id, { status, message, progress, error: status === 'failed' ? message : null });
  }
}

/** Merge every valid finished point of every shard into the study database. Safe to repeat. */
export async function collectSlurmSweep(store: Store, studyId: string): Promise<SlurmCollectView> {
  const job = slurmJobOf(store, studyId);
  const runDir = runDirOf(job);
  const bundle = readBundle(runFiles.bundle(runDir));
  if (bundle.studyId !== studyId) throw new HpsError(`run folder ${runDir} belongs to study ${bundle.studyId}, not ${studyId}`, { code: 'STORE_ERROR' });
  const st = await slurmStatus(store, studyId, { withPoints: true });
  const byHash = new Map(bundle.points.map((p) => [p.hash, p]));
  let inserted = 0;
  for (const rep of st.pointsByShard ?? []) {
    const rows = [...rep.points.values()].map((r) => {
      const p = byHash.get(r.hash)!;
      return toPointRow(studyId, { index: p.index, hash: p.hash, role: p.role, twinHash: p.twinHash, knobValues: p.knobValues, replicate: p.replicate ?? 0, group: p.group ?? p.hash }, r);
    });
    if (rows.length > 0) inserted += store.insertPoints(rows);
  }
  delete st.pointsByShard;
  const stored = store.countPoints(studyId);
  const view: SlurmCollectView = { ...st, stored, inserted, submitToCollectedSeconds: null };
  const state = readState(runDir);
  if (st.complete && stored >= bundle.points.length) {
    if (!state.collectedAt) {
      state.collectedAt = new Date().toISOString();
      writeState(runDir, state);
    }
    store.updateStudy(studyId, { status: 'done' });
  } else if (!st.active && !st.cancelled && state.submissions.length > 0) {
    store.updateStudy(studyId, { status: 'incomplete' });
  }
  const first = state.submissions[0];
  if (first && state.collectedAt) view.submitToCollectedSeconds = (Date.parse(state.collectedAt) - Date.parse(first.submittedAt)) / 1000;
  reconcileJob(store, store.getJob(job.id), view);
  return view;
}

/** Submit again only the shards that are missing, partial or failed (none pending, running or done). */
export async function resubmitSlurmSweep(store: Store, studyId: string, opts: { maxConcurrent?: number } = {}): Promise<{ studyId: string; slurmJobId: string | null; indices: number[] }> {
  const st = await slurmStatus(store, studyId);
  const indices = st.shardStates.filter((s) => s.state === 'missing' || s.state === 'partial' || s.state === 'failed').map((s) => s.index);
  if (indices.length === 0) return { studyId, slurmJobId: null, indices };
  const runDir = st.runDir;
  const array = `${arrayRanges(indices)}${opts.maxConcurrent ? `%${opts.maxConcurrent}` : ''}`;
  const slurmJobId = await sbatch([`--array=${array}`, runFiles.script(runDir)], runDir);
  const state = readState(runDir);
  state.submissions.push({ jobId: slurmJobId, indices, submittedAt: new Date().toISOString() });
  state.cancelledAt = null;
  writeState(runDir, state);
  store.updateJob(st.jobId, { status: 'running', message: `Slurm job ${slurmJobId}: resubmitted shard(s) ${arrayRanges(indices)}` });
  store.updateStudy(studyId, { status: 'running' });
  return { studyId, slurmJobId, indices };
}

/** scancel every submission of the study; running tasks get SIGTERM and save what they finished. */
export async function cancelSlurmSweep(store: Store, studyId: string): Promise<{ studyId: string; cancelled: string[] }> {
  const job = slurmJobOf(store, studyId);
  const runDir = runDirOf(job);
  const state = readState(runDir);
  const ids = state.submissions.map((s) => s.jobId);
  if (ids.length > 0) await scancel(ids);
  state.cancelledAt = new Date().toISOString();
  writeState(runDir, state);
  store.updateJob(job.id, { status: 'cancelled', message: `cancelled Slurm job(s) ${ids.join(', ') || '-'}; finished points stay in the shard files (hps sweep --collect ${studyId})` });
  store.updateStudy(studyId, { status: 'cancelled' });
  return { studyId, cancelled: ids };
}
