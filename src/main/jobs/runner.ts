/**
 * The job runner: owns the job table, the worker pool, cancellation and progress events.
 * Every job's state change is written to SQLite before it is announced; progress events are
 * throttled (at most one per job every `throttleMs`) and carry the fraction, an ETA and the latest
 * metrics. Main owns every SQLite write; workers only compute.
 */
import { EventEmitter } from 'node:events';
import type { Store, JobRow, JobStatus } from '../store/store';
import type { WorkerPool } from './pool';
import type { JobProgressEvent } from '../../shared/contract';

export interface JobContext {
  readonly job: JobRow;
  readonly pool: WorkerPool;
  readonly store: Store;
  readonly signal: AbortSignal;
  progress(fraction: number, message?: string, metrics?: Record<string, number>): void;
}

/**
 * Seconds left at the rate of this launch: the fraction done since the launch (`from`, the job's
 * progress when it started or resumed) took `elapsed` seconds, so the rest, 1 - `fraction`, takes
 * elapsed (1 - fraction) / (fraction - from). Null until a measurable part is done.
 */
export function etaSeconds(elapsed: number, fraction: number, from = 0): number | null {
  const done = fraction - from;
  return done > 0.001 ? (elapsed * (1 - fraction)) / done : null;
}

/**
 * `completed`: the work finished even if a cancel arrived meanwhile (the job ends 'done', so a
 * cancelled job never has a finished run or a complete study behind it).
 */
export type JobBody = (ctx: JobContext) => Promise<{ message?: string; completed?: boolean } | void>;

/** A failure's message for the job row; a full disk says what to do. */
function failureMessage(e: Error & { code?: string }): string {
  if (e.code === 'SQLITE_FULL' || e.code === 'ENOSPC' || e.code === 'DISK_FULL')
    return `the disk is full (${e.message}); everything stored before is kept: free some space and resume`;
  return e.message ?? String(e);
}

interface Active {
  controller: AbortController;
  started: number;
  lastEmit: number;
  done: Promise<void>;
}

export class JobRunner extends EventEmitter<{ progress: [JobProgressEvent] }> {
  private readonly active = new Map<string, Active>();

  constructor(
    readonly store: Store,
    readonly pool: WorkerPool,
    private readonly opts: { throttleMs?: number } = {},
  ) {
    super();
  }

  /** Create a job row and start it now. Returns once the row is written. */
  start(kind: string, payload: unknown, body: JobBody, refs: { studyId?: string | null; runId?: string | null } = {}): JobRow {
    const job = this.store.createJob({ kind, payload, studyId: refs.studyId ?? null, runId: refs.runId ?? null });
    this.launch(job, body);
    return this.store.getJob(job.id);
  }

  /** Start an existing (interrupted, failed or cancelled) job row again with `body`. */
  restart(job: JobRow, body: JobBody): JobRow {
    if (this.active.has(job.id)) return job;
    this.store.updateJob(job.id, { status: 'queued', error: null, message: 'resuming' });
    this.launch(this.store.getJob(job.id), body);
    return this.store.getJob(job.id);
  }

  private launch(job: JobRow, body: JobBody): void {
    const controller = new AbortController();
    const started = Date.now();
    const entry: Active = { controller, started, lastEmit: 0, done: Promise.resolve() };
    this.active.set(job.id, entry);
    this.store.updateJob(job.id, { status: 'running', pid: process.pid, progress: job.progress });
    this.emitState(job.id, job.progress, 'started');
    let lastFraction = job.progress;
    // A resumed job starts part-way: its rate is what it does after this launch, not since 0.
    const startFraction = job.progress;
    const ctx: JobContext = {
      job,
      pool: this.pool,
      store: this.store,
      signal: controller.signal,
      progress: (fraction, message = '', metrics) => {
        lastFraction = Math.max(0, Math.min(1, fraction));
        const t = Date.now();
        if (t - entry.lastEmit < (this.opts.throttleMs ?? 250) && fraction < 1) return;
        entry.lastEmit = t;
        this.store.updateJob(job.id, { progress: lastFraction, message });
        const eta = etaSeconds((t - started) / 1000, lastFraction, startFraction);
        this.emit('progress', this.event(job.id, lastFraction, message, eta, metrics));
      },
    };
    entry.done = (async () => {
      let status: JobStatus = 'done';
      let error: string | null = null;
      let message = 'finished';
      try {
        const r = await body(ctx);
        if (controller.signal.aborted && !(r && r.completed)) {
          status = 'cancelled';
          message = 'cancelled; finished work is kept and the job can be resumed';
        } else if (r && r.message) message = r.message;
      } catch (e) {
        const err = e as Error & { cancelled?: boolean };
        if (controller.signal.aborted || err.cancelled) {
          status = 'cancelled';
          message = 'cancelled; finished work is kept and the job can be resumed';
        } else {
          status = 'failed';
          error = failureMessage(err);
          message = `failed: ${error}`;
        }
      } finally {
        this.active.delete(job.id);
      }
      const final = { status, error, message, progress: status === 'done' ? 1 : lastFraction };
      try {
        this.store.updateJob(job.id, final);
      } catch {
        // The store refused the write (a full disk). Try once more shortly; failing that, the next
        // start finds the job's process gone and marks it interrupted.
        setTimeout(() => {
          try {
            this.store.updateJob(job.id, final);
          } catch {
            /* left to markInterrupted */
          }
        }, 2000).unref();
      }
      this.emit('progress', { jobId: job.id, kind: job.kind, studyId: job.studyId, runId: job.runId, status, fraction: final.progress, etaSeconds: null, message });
    })();
  }

  private event(jobId: string, fraction: number, message: string, eta: number | null, metrics?: Record<string, number>): JobProgressEvent {
    const j = this.store.getJob(jobId);
    return { jobId, kind: j.kind, studyId: j.studyId, runId: j.runId, status: j.status, fraction, etaSeconds: eta, message, ...(metrics ? { metrics } : {}) };
  }

  private emitState(jobId: string, fraction: number, message: string): void {
    this.emit('progress', this.event(jobId, fraction, message, null));
  }

  cancel(jobId: string): boolean {
    const a = this.active.get(jobId);
    if (!a) return false;
    a.controller.abort();
    return true;
  }

  isActive(jobId: string): boolean {
    return this.active.has(jobId);
  }

  /** Resolves when the job (if running here) has finished and its final state is stored. */
  async wait(jobId: string): Promise<JobRow> {
    await this.active.get(jobId)?.done;
    return this.store.getJob(jobId);
  }

  async shutdown(): Promise<void> {
    for (const a of this.active.values()) a.controller.abort();
    await Promise.all([...this.active.values()].map((a) => a.done));
  }
}
