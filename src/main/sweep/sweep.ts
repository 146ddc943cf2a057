/**
 * The local sweep executor. Plans a study (core/dse), skips every point already stored (so a study
 * killed at any moment resumes without redoing or duplicating points), evaluates the rest on the
 * worker pool and commits each finished batch in one transaction as it completes.
 *
 * Cost-only points go to workers in batches (hundreds of points each); points that need accuracy
 * become one training task each. Identical configs (same content hash) are evaluated once.
 */
import type { PlannedPoint } from '../../core/dse/expand';
import type { Study } from '../../core/dse/study';
import { planStudy } from './plan-cache';
import type { Store, PointRow } from '../store/store';
import type { JobContext } from '../jobs/runner';
import type { PointResult } from './evaluate';
import { executeTrainingRun } from '../jobs/training-jobs';
import { hasReplicates, replicateGroups } from '../../core/dse/replicates';
import { evaluatedPoints } from '../services/pareto';

export { planStudy, type SweepPlan } from './plan-cache';

export function needsTraining(study: Study): boolean {
  return study.evaluation === 'cost+accuracy';
}

export function toPointRow(studyId: string, p: PlannedPoint, r: PointResult): Omit<PointRow, 'createdAt'> & { metricsJson?: string | null } {
  return {
    metricsJson: r.metricsJson ?? null,
    studyId,
    hash: p.hash,
    idx: p.index,
    role: p.role,
    twinHash: p.twinHash,
    knobs: p.knobValues as Record<string, unknown>,
    status: r.status,
    metrics: r.metrics,
    reason: r.reason,
    runId: r.runId ?? null,
    elapsedMs: r.elapsedMs,
    replicate: p.replicate,
    group: p.group,
  };
}

export interface SweepOutcome {
  planned: number;
  skipped: number;
  evaluated: number;
  failed: number;
}

/**
 * `workers` caps how many of the pool's worker threads this sweep keeps busy (default: all of them);
 * the pool itself is sized when the host starts.
 */
export async function runSweep(ctx: JobContext, studyId: string, opts: { batchSize?: number; workers?: number } = {}): Promise<SweepOutcome> {
  const { store, pool, signal } = ctx;
  const lanes = Math.max(1, Math.min(pool.size, opts.workers ?? pool.size));
  const row = store.getStudy(studyId);
  const { study, points } = planStudy(row.spec);
  const done = store.pointHashes(studyId);
  const todo = points.filter((p) => !done.has(p.hash));
  const outcome: SweepOutcome = { planned: points.length, skipped: points.length - todo.length, evaluated: 0, failed: 0 };
  store.updateStudy(studyId, { status: 'running' });
  const total = points.length;
  let finished = outcome.skipped;
  const report = (): void => ctx.progress(total === 0 ? 1 : finished / total, `${finished} of ${total} points`);
  report();

  const commit = (batch: PlannedPoint[], results: PointResult[]): void => {
    const byHash = new Map(results.map((r) => [r.hash, r]));
    const rows = batch.map((p) => toPointRow(studyId, p, byHash.get(p.hash) ?? { hash: p.hash, status: 'failed', metrics: null, reason: 'no result returned', elapsedMs: 0 }));
    store.insertPoints(rows);
    finished += batch.length;
    outcome.evaluated += batch.length;
    outcome.failed += rows.filter((r) => r.status === 'failed').length;
    report();
  };

  if (!needsTraining(study)) {
    const size = opts.batchSize ?? 256;
    const batches: PlannedPoint[][] = [];
    for (let i = 0; i < todo.length; i += size) batches.push(todo.slice(i, i + size));
    // Two batches per worker keep workers busy while the main thread commits; fewer when capped.
    await forEachLimited(batches, lanes < pool.size ? lanes : lanes * 2, signal, async (batch) => {
      const handle = pool.run<PointResult[]>('cost-batch', { items: batch.map((p) => ({ hash: p.hash, config: p.config })) });
      const stop = (): void => handle.cancel();
      signal.addEventListener('abort', stop, { once: true });
      try {
        commit(batch, await handle.promise);
      } finally {
        signal.removeEventListener('abort', stop);
      }
    });
  } else {
    await forEachLimited(todo, lanes, signal, async (p) => {
      const result = await trainPoint(ctx, store, studyId, p);
      commit([p], [result]);
    });
  }
  const finalStatus = signal.aborted ? 'cancelled' : 'done';
  if (hasReplicates(points)) store.saveReplicateStats(studyId, replicateGroups(evaluatedPoints(store, studyId).points));
  store.updateStudy(studyId, { status: finalStatus });
  return outcome;
}

/** One accuracy point: a stored run (resumed from its checkpoint if one exists), then its cost. */
async function trainPoint(ctx: JobContext, store: Store, studyId: string, p: PlannedPoint): Promise<PointResult> {
  const existing = store.listRuns(studyId).find((r) => r.pointHash === p.hash);
  const run = existing ?? store.createRun({ studyId, pointHash: p.hash, role: p.role, config: p.config, seed: p.config.seed });
  const r = await executeTrainingRun({ store, pool: ctx.pool, signal: ctx.signal }, run, p.config);
  return { ...r, hash: p.hash, runId: run.id };
}

/** Run `fn` over items with at most `limit` in flight; stop taking new items once aborted. */
export async function forEachLimited<T>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: unknown;
  const lane = async (): Promise<void> => {
    while (!signal.aborted && firstError === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        const cancelled = (e as { cancelled?: boolean }).cancelled;
        if (!cancelled && firstError === undefined) firstError = e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (firstError !== undefined) throw firstError;
}
