/**
 * The Slurm executor's run folder: everything the array tasks need and everything they write,
 * on a file system the submit host and the compute nodes share. No SQLite here: shards never open
 * the study database (many writers on one SQLite file over NFS corrupt it); main merges shard files.
 *
 *   bundle.json        the study bundle: spec, every planned point (index, hash, role, twin, knobs,
 *                      full config), app version, shard count, a bundle id
 *   submit.sh          the sbatch array script (one task per shard)
 *   state.json         submissions (Slurm job id, array indices, time), cancel time
 *   shard-<i>.jsonl    one header line, then one JSON line per finished point (appended, fsynced
 *                      per batch); a rerun of a shard resumes from it
 *   shard-<i>.done     written (atomically) when shard i finished all its points
 *   slurm-<job>_<i>.out  the task's stdout and stderr (Slurm --output)
 */
import { existsSync, readFileSync, renameSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../../core/errors';
import type { PlannedPoint } from '../../../core/dse/expand';
import type { PointResult } from '../evaluate';

export const BUNDLE_FORMAT = 'hps-slurm-bundle';

export interface BundlePoint {
  index: number;
  hash: string;
  role: PlannedPoint['role'];
  twinHash: string | null;
  knobValues: Record<string, unknown>;
  config: unknown;
  /** Replicate index and group (PlannedPoint); absent in bundles written before replicates: 0 and the point's own hash. */
  replicate?: number;
  group?: string;
}

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: 1;
  bundleId: string;
  studyId: string;
  studyName: string;
  appVersion: string;
  createdAt: string;
  evaluation: string;
  shards: number;
  spec: unknown;
  points: BundlePoint[];
}

export interface Submission {
  jobId: string;
  /** Array indices submitted ('all' = 0..shards-1). */
  indices: number[] | 'all';
  submittedAt: string;
}

export interface RunState {
  studyId: string;
  bundleId: string;
  shards: number;
  submissions: Submission[];
  cancelledAt: string | null;
  /** Time of the first collect that found every shard done (submission-to-collected timing). */
  collectedAt: string | null;
}

export const runFiles = {
  bundle: (dir: string) => join(dir, 'bundle.json'),
  script: (dir: string) => join(dir, 'submit.sh'),
  state: (dir: string) => join(dir, 'state.json'),
  shard: (dir: string, i: number) => join(dir, `shard-${i}.jsonl`),
  done: (dir: string, i: number) => join(dir, `shard-${i}.done`),
};

/** Write a file so a reader never sees half of it (temp file + rename in the same folder). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const bundleCache = new Map<string, { mtimeMs: number; size: number; bundle: Bundle }>();

export function readBundle(file: string): Bundle {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new ConfigError(`bundle ${file}: not found`, { issues: [{ path: 'bundle', message: 'not found', value: file }] });
  }
  const hit = bundleCache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.bundle;
  let b: Bundle;
  try {
    b = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
  } catch (e) {
    throw new ConfigError(`bundle ${file}: not valid JSON (${(e as Error).message})`, { issues: [{ path: 'bundle', message: 'not valid JSON', value: file }] });
  }
  if (b?.format !== BUNDLE_FORMAT || b.version !== 1 || !Array.isArray(b.points) || !Number.isInteger(b.shards) || b.shards < 1) {
    throw new ConfigError(`bundle ${file}: not an HPS Studio Slurm bundle (format ${String(b?.format)}, version ${String(b?.version)})`, {
      issues: [{ path: 'bundle.format', message: 'not an HPS Studio Slurm bundle', value: b?.format }],
    });
  }
  bundleCache.set(file, { mtimeMs: st.mtimeMs, size: st.size, bundle: b });
  return b;
}

export function readState(dir: string): RunState {
  const file = runFiles.state(dir);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunState;
  } catch (e) {
    throw new ConfigError(`run folder ${dir}: state.json cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      issues: [{ path: 'runDir', message: 'state.json missing or unreadable', value: dir }],
    });
  }
}

export function writeState(dir: string, s: RunState): void {
  writeAtomic(runFiles.state(dir), `${JSON.stringify(s, null, 2)}\n`);
}

/** Points of shard i of n: the same deterministic round robin by point index as core's shardPlan. */
export function shardPoints<T extends { index: number }>(points: readonly T[], i: number, n: number): T[] {
  return points.filter((p) => p.index % n === i);
}

export interface ShardHeader {
  hpsShard: 1;
  bundleId: string;
  shard: number;
  shards: number;
}

export const pointLineSchema = z.strictObject({
  index: z.number().int().min(0),
  hash: z.string().min(8).max(128),
  status: z.enum(['done', 'failed', 'infeasible']),
  metrics: z.record(z.string(), z.number().nullable()).nullable(),
  reason: z.string().nullable(),
  elapsedMs: z.number().min(0),
});

export interface DoneMarker {
  shard: number;
  shards: number;
  bundleId: string;
  points: number;
  planned: number;
  startedAt: string;
  finishedAt: string;
  /** Process start to first point (Node start-up, reading the bundle, resuming the shard file). */
  startupMs: number;
  /** Time spent evaluating points (sum of per-point times). */
  evalMs: number;
  /** Process start to done marker. */
  wallMs: number;
  host: string;
  slurmJobId: string | null;
}

export interface ShardFileReport {
  /** Valid finished points, by hash, in file order. */
  points: Map<string, PointResult & { index: number }>;
  /** Problems found (named so a person can act on them). */
  problems: string[];
  /** True when the last line was cut off (a task killed mid-write): it is ignored. */
  truncatedTail: boolean;
  /** The file exists. */
  exists: boolean;
  /** The file must be rewritten before appending (bad lines, cut-off tail, wrong header). */
  needsRepair: boolean;
  /** Done marker, if present and written for this bundle and shard. */
  done: DoneMarker | null;
}

/** Read and validate shard i's file: every line checked; bad lines are reported and ignored. */
export function readShardFile(dir: string, bundle: Bundle, i: number, planned?: ReadonlyMap<string, number>): ShardFileReport {
  const file = runFiles.shard(dir, i);
  const rep: ShardFileReport = { points: new Map(), problems: [], truncatedTail: false, exists: existsSync(file), needsRepair: false, done: null };
  const expected = planned ?? new Map(shardPoints(bundle.points, i, bundle.shards).map((p) => [p.hash, p.index]));
  if (rep.exists) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    if (tail !== '') {
      rep.truncatedTail = true;
      rep.needsRepair = true;
      rep.problems.push(`shard ${i}: last line is incomplete (${tail.length} bytes, a task stopped mid-write); ignored`);
    }
    let bad = 0;
    let foreign = false;
    let firstBad = '';
    lines.forEach((line, n) => {
      if (foreign) return;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        if (n === 0) {
          foreign = true;
          rep.needsRepair = true;
          rep.problems.push(`shard ${i}: first line is not a shard header; file ignored`);
          return;
        }
        bad++;
        firstBad ||= `line ${n + 1}: not JSON`;
        return;
      }
      if (n === 0) {
        const h = v as Partial<ShardHeader>;
        if (h?.hpsShard !== 1 || h.bundleId !== bundle.bundleId || h.shard !== i || h.shards !== bundle.shards) {
          rep.problems.push(`shard ${i}: file was written for another bundle or shard (header ${line.slice(0, 120)}); ignored`);
          rep.needsRepair = true;
          foreign = true;
        }
        return;
      }
      const r = pointLineSchema.safeParse(v);
      if (!r.success) {
        bad++;
        firstBad ||= `line ${n + 1}: ${r.error.issues[0]?.path.join('.') || '(root)'} ${r.error.issues[0]?.message ?? ''}`;
        return;
      }
      const p = r.data;
      if (expected.get(p.hash) !== p.index) {
        bad++;
        firstBad ||= `line ${n + 1}: point ${p.hash.slice(0, 12)} (index ${p.index}) is not in this shard`;
        return;
      }
      if (!rep.points.has(p.hash)) rep.points.set(p.hash, { hash: p.hash, index: p.index, status: p.status, metrics: p.metrics as Record<string, number> | null, reason: p.reason, elapsedMs: p.elapsedMs });
    });
    if (bad > 0) {
      rep.needsRepair = true;
      rep.problems.push(`shard ${i}: ${bad} invalid line(s) ignored (first: ${firstBad})`);
    }
    if (lines.length === 0 && !rep.truncatedTail) rep.needsRepair = true;
  }
  const doneFile = runFiles.done(dir, i);
  if (existsSync(doneFile)) {
    try {
      const d = JSON.parse(readFileSync(doneFile, 'utf8')) as DoneMarker;
      if (d.bundleId === bundle.bundleId && d.shard === i && d.shards === bundle.shards) rep.done = d;
      else rep.problems.push(`shard ${i}: done marker belongs to another bundle; ignored`);
    } catch {
      rep.problems.push(`shard ${i}: done marker unreadable; ignored`);
    }
  }
  return rep;
}

/** The last lines of task outputs for shard i (`slurm-<job>_<i>.out`), newest file first. */
export function shardOutputTail(dir: string, i: number, maxChars = 400): string | null {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => new RegExp(`^slurm-\\d+_${i}\\.out$`).test(f));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const newest = files.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t)[0]!.f;
  const text = readFileSync(join(dir, newest), 'utf8').trim();
  if (text === '') return null;
  return `${newest}: ${text.length > maxChars ? `...${text.slice(-maxChars)}` : text}`;
}

/** What a study may ask of the scheduler (sbatch directives and the tasks' set-up lines). */
export interface SlurmResources {
  partition?: string;
  account?: string;
  qos?: string;
  timeLimit?: string;
  cpusPerTask?: number;
  memPerCpu?: string;
  maxConcurrent?: number;
  extraArgs?: readonly string[];
  /** Shell lines run by each task before node starts (e.g. `module load nodejs/20`). */
  setup?: readonly string[];
}

/** The sbatch array script. Options go in #SBATCH lines so the script documents the submission. */
export function submitScript(
  o: SlurmResources & {
    runDir: string;
    bundleFile: string;
    shards: number;
    studyName: string;
    jobName: string;
    nodePath: string;
    hpsBin: string;
  },
): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const sb: string[] = [
    `#SBATCH --job-name=${o.jobName}`,
    `#SBATCH --array=0-${o.shards - 1}${o.maxConcurrent ? `%${o.maxConcurrent}` : ''}`,
    `#SBATCH --output=${join(o.runDir, 'slurm-%A_%a.out')}`,
    `#SBATCH --chdir=${o.runDir}`,
    `#SBATCH --ntasks=1`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask ?? 1}`,
  ];
  if (o.partition) sb.push(`#SBATCH --partition=${o.partition}`);
  if (o.account) sb.push(`#SBATCH --account=${o.account}`);
  if (o.qos) sb.push(`#SBATCH --qos=${o.qos}`);
  if (o.timeLimit) sb.push(`#SBATCH --time=${o.timeLimit}`);
  if (o.memPerCpu) sb.push(`#SBATCH --mem-per-cpu=${o.memPerCpu}`);
  for (const a of o.extraArgs ?? []) sb.push(`#SBATCH ${a}`);
  const setup = o.setup ?? [];
  const nodeChoice =
    setup.length > 0
      ? 'NODE="${HPS_NODE:-node}"'
      : `if [ -n "\${HPS_NODE:-}" ]; then NODE="$HPS_NODE"; elif [ -x ${q(o.nodePath)} ]; then NODE=${q(o.nodePath)}; else NODE=node; fi`;
  return [
    '#!/bin/bash',
    `# HPS Studio Slurm sweep: ${o.studyName.replace(/\n/g, ' ')}`,
    `# ${o.shards} shard(s); each array task evaluates the points with index % ${o.shards} == its task id`,
    `# and writes shard-<id>.jsonl next to this script. Resubmit with: hps sweep --resubmit <study id>`,
    ...sb,
    '',
    'set -u',
    ...(setup.length > 0 ? ['# set-up lines (--slurm-setup)', ...setup] : []),
    nodeChoice,
    '# The shard count is fixed by the bundle (a resubmitted subset has a smaller SLURM_ARRAY_TASK_COUNT).',
    `exec "$NODE" ${q(o.hpsBin)} sweep-shard ${q(o.bundleFile)} --shard "\${SLURM_ARRAY_TASK_ID}/${o.shards}"`,
    '',
  ].join('\n');
}
