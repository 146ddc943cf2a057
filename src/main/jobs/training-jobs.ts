/**
 * Training runs as jobs: the main thread creates the run row, hands the run to a worker, stores
 * each epoch's metrics and checkpoint as they arrive (one transaction each) and the final summary
 * and cost. An interrupted run resumes from its last stored checkpoint, continuing exactly.
 */
import type { RunConfig } from '../../core/config/schema';
import { parseRunConfig } from '../../core/config/validate';
import type { JobContext, JobRunner } from './runner';
import type { JobRow, RunRow, Store } from '../store/store';
import type { WorkerPool } from './pool';
import type { PointResult } from '../sweep/evaluate';
import type { TrainPayload } from './train-task';

export type TrainResult = PointResult & { backend?: string; cost?: unknown; summary?: unknown };

/** Run (or continue) a stored run on the pool. Cancellation leaves the run 'interrupted' with its checkpoint. */
export async function executeTrainingRun(
  env: { store: Store; pool: WorkerPool; signal: AbortSignal; progress?: JobContext['progress']; concurrentRuns?: number },
  run: RunRow,
  config: RunConfig,
): Promise<TrainResult> {
  const { store, pool, signal } = env;
  const checkpoint = store.latestCheckpoint(run.id)?.data;
  const tuning = store.runTuning(run.id) as TrainPayload['tuning'];
  store.setRunStatus(run.id, 'running');
  const handle = pool.run<TrainResult>('train', { runId: run.id, config, checkpoint, evaluateCost: true, tuning, concurrentRuns: env.concurrentRuns } satisfies TrainPayload, (m) => {
    const msg = m as { kind: string; epoch: number; metrics: Record<string, unknown>; checkpoint?: Uint8Array; backend?: string; fraction?: number; tuning?: unknown; index?: number; rate?: number };
    if (msg.kind === 'tuning') {
      store.setRunTuning(run.id, msg.tuning);
      return;
    }
    if (msg.kind === 'tuning-round') {
      env.progress?.(0, `learning-rate search, round ${(msg.index ?? 0) + 1}`);
      return;
    }
    if (msg.kind === 'tuning-extension') {
      env.progress?.(0, `learning-rate search, tried lr ${msg.rate} beyond the candidates`);
      return;
    }
    if (msg.kind !== 'epoch') return;
    // Per-layer diagnostics go to their own table; the epoch row keeps the scalar metrics.
    const { diagnostics, ...scalars } = msg.metrics;
    store.recordEpoch(run.id, msg.epoch, scalars, msg.checkpoint);
    if (Array.isArray(diagnostics)) store.recordDiagnostics(run.id, msg.epoch, diagnostics);
    if (msg.backend) store.setRunStatus(run.id, 'running', { backend: msg.backend });
    const acc = msg.metrics.testAccuracy;
    env.progress?.(msg.fraction ?? 0, `epoch ${msg.epoch} of ${config.training.epochs}`, {
      epoch: msg.epoch,
      trainLoss: typeof msg.metrics.trainLoss === 'number' ? msg.metrics.trainLoss : NaN,
      ...(typeof acc === 'number' ? { testAccuracy: acc } : {}),
    });
  });
  const stop = (): void => handle.cancel();
  signal.addEventListener('abort', stop, { once: true });
  try {
    const r = await handle.promise;
    store.setRunStatus(run.id, r.status === 'failed' ? 'failed' : 'done', { backend: r.backend, summary: r.summary ?? r.metrics, error: r.reason });
    if (r.cost !== undefined) store.setCostResult(run.id, r.cost);
    return { ...r, runId: run.id };
  } catch (e) {
    const err = e as Error & { cancelled?: boolean };
    if (err.cancelled || signal.aborted) {
      store.setRunStatus(run.id, 'interrupted');
      throw Object.assign(err, { cancelled: true });
    }
    store.setRunStatus(run.id, 'failed', { error: err.message });
    return { hash: run.pointHash ?? '', status: 'failed', metrics: null, reason: err.message, elapsedMs: 0, runId: run.id };
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

function trainBody(runId: string) {
  return async (jc: JobContext) => {
    const run = jc.store.getRun(runId);
    const config = parseRunConfig(run.config);
    const r = await executeTrainingRun(jc, run, config);
    if (r.status === 'failed') throw new Error(r.reason ?? 'training failed');
    const acc = r.metrics?.accuracy;
    return { completed: true, message: typeof acc === 'number' ? `test accuracy ${(acc * 100).toFixed(2)} %` : 'finished' };
  };
}

export function startTrainingRun(ctx: { store: Store; runner: JobRunner }, config: RunConfig, studyId: string | null): JobRow {
  const run = ctx.store.createRun({ studyId, config, seed: config.seed });
  return ctx.runner.start('train', { runId: run.id }, trainBody(run.id), { studyId, runId: run.id });
}

export function resumeTrainingRun(ctx: { store: Store; runner: JobRunner }, job: JobRow): JobRow {
  if (!job.runId) throw new Error(`job ${job.id} has no run`);
  return ctx.runner.restart(job, trainBody(job.runId));
}
