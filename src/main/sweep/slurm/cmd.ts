/**
 * The one place that runs Slurm's commands (sbatch, squeue, scancel, sinfo). Everything else in
 * the Slurm executor goes through here, so tests can point it at real binaries in a folder
 * (HPS_SLURM_BIN or setSlurmBinDir) and a machine without Slurm fails with one clear error.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { HpsError } from '../../../core/errors';

export type SlurmCommand = 'sbatch' | 'squeue' | 'scancel' | 'sinfo';

let binDirOverride: string | undefined;

/** Use the Slurm commands in `dir` (undefined: HPS_SLURM_BIN, else PATH). */
export function setSlurmBinDir(dir: string | undefined): void {
  binDirOverride = dir;
}

function binary(name: SlurmCommand): string {
  const dir = binDirOverride ?? (process.env.HPS_SLURM_BIN && process.env.HPS_SLURM_BIN.trim() !== '' ? process.env.HPS_SLURM_BIN : undefined);
  return dir ? join(dir, name) : name;
}

export class SlurmUnavailableError extends HpsError {
  constructor(message: string) {
    super(message, { code: 'SLURM_UNAVAILABLE' });
  }
}

export interface SlurmOutput {
  stdout: string;
  stderr: string;
}

/** Run one Slurm command; resolves with its output, rejects with an HpsError naming the command. */
export function runSlurm(name: SlurmCommand, args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<SlurmOutput> {
  const bin = binary(name);
  return new Promise((resolve, reject) => {
    execFile(bin, [...args], { cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, env: process.env }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, stderr });
      const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean };
      if (e.code === 'ENOENT') return reject(new SlurmUnavailableError(`${name} not found (${bin}): is Slurm installed here, or is this a login node? Set HPS_SLURM_BIN to the folder holding ${name}`));
      const why = stderr.trim() || stdout.trim() || e.message;
      reject(new HpsError(`${name} ${args.join(' ')} failed${e.killed ? ' (timed out)' : ''}: ${why}`, { code: 'SLURM_ERROR' }));
    });
  });
}

/** One array task as squeue reports it. */
export interface QueueTask {
  jobId: string;
  /** Array index, or null for a job that is not an array. */
  index: number | null;
  state: string;
  reason: string;
}

/**
 * States of the tasks of the given jobs, pending tasks expanded one per line (`-r`), finished ones
 * included while slurmctld remembers them (`-t all`; MinJobAge, 300 s by default).
 * A job id Slurm no longer knows simply has no tasks.
 */
export async function queueTasks(jobIds: readonly string[]): Promise<QueueTask[]> {
  if (jobIds.length === 0) return [];
  const fmt = ['-h', '-r', '-t', 'all', '-o', '%F|%K|%T|%r'];
  const parse = (out: string): QueueTask[] =>
    out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map((l) => {
        const [jobId, idx, state, reason] = l.split('|');
        const n = Number(idx);
        return { jobId: jobId ?? '', index: Number.isInteger(n) ? n : null, state: state ?? 'UNKNOWN', reason: reason ?? '' };
      });
  try {
    return parse((await runSlurm('squeue', [...fmt, '-j', jobIds.join(',')])).stdout);
  } catch (e) {
    if (e instanceof SlurmUnavailableError) throw e;
    // squeue refuses the whole list when one id is unknown ("Invalid job id specified"): ask one by one.
    const all: QueueTask[] = [];
    for (const id of jobIds) {
      try {
        all.push(...parse((await runSlurm('squeue', [...fmt, '-j', id])).stdout));
      } catch (inner) {
        if (inner instanceof SlurmUnavailableError) throw inner;
        if (!/invalid job id/i.test((inner as Error).message)) throw inner;
      }
    }
    return all;
  }
}

/** `sbatch --parsable ...`: the new job id. */
export async function sbatch(args: readonly string[], cwd: string): Promise<string> {
  const { stdout } = await runSlurm('sbatch', ['--parsable', ...args], { cwd });
  const id = stdout.trim().split('\n').pop()?.split(';')[0]?.trim() ?? '';
  if (!/^\d+$/.test(id)) throw new HpsError(`sbatch printed no job id: '${stdout.trim()}'`, { code: 'SLURM_ERROR' });
  return id;
}

export async function scancel(args: readonly string[]): Promise<void> {
  await runSlurm('scancel', args);
}

/** Whether Slurm's client commands answer here, its version and partitions (for the UI). */
export async function slurmInfo(): Promise<{ available: boolean; version: string | null; partitions: string[]; reason: string | null }> {
  try {
    const v = (await runSlurm('sinfo', ['--version'], { timeoutMs: 10_000 })).stdout.trim();
    let partitions: string[] = [];
    try {
      partitions = [...new Set((await runSlurm('sinfo', ['-h', '-o', '%P'], { timeoutMs: 10_000 })).stdout.split('\n').map((s) => s.trim().replace(/\*$/, '')).filter((s) => s !== ''))];
    } catch {
      partitions = [];
    }
    return { available: true, version: v, partitions, reason: null };
  } catch (e) {
    return { available: false, version: null, partitions: [], reason: (e as Error).message };
  }
}

/** "0,2-5,9" from [0,2,3,4,5,9] (sbatch --array syntax). */
export function arrayRanges(indices: readonly number[]): string {
  const s = [...new Set(indices)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(j === i ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return out.join(',');
}
