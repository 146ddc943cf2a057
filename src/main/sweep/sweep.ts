/**
 * The local sweep executor. Uses the study's stored plan (planned once, in a worker), reads the
 * points still to do page by page (so a study killed at any moment resumes without redoing or
 * duplicating points), evaluates them on the worker pool and commits each finished batch in one
 * transaction as it completes. The main thread only moves pages and writes them.
 *
 * Cost-only points go to workers in batches (hundreds of points each); points that need accuracy
 * become one training task each. A batch whose worker dies (a crash, running out of memory) is
 * split and retried until the one point that kills it is stored as failed with the reason, so a
 * resume does not meet it again.
 */
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { PlannedPoint } from '../../core/dse/expand';
import type { Study } from '../../core/dse/study';
import type { Store, PointRow } from '../store/store';
import type { PlanRow } from '../store/plans';
import type { JobContext } from '../jobs/runner';
import type { PlanItem } from '../jobs/plan-task';
import type { PointResult } from './evaluate';
import type { Planner } from './planner';
import { executeTrainingRun } from '../jobs/training-jobs';
import { replicateGroups } from '../../core/dse/replicates';
import { studySeeds } from '../../core/dse/expand';
import { evaluatedPoints } from '../services/pareto';

export { planStudy, type SweepPlan } from './plan-cache';

export function needsTraining(study: Pick<Study, 'evaluation'>): boolean {
  return study.evaluation === 'cost+accuracy';
}

export function toPointRow(studyId: string, p: Pick<PlannedPoint, 'index' | 'hash' | 'role' | 'knobValues' | 'replicate' | 'group'> & { twinHash: string | null }, r: PointResult): Omit<PointRow, 'createdAt'> & { metricsJson?: string | null } {
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

const item = (r: PlanRow): PlanItem => ({ hash: r.hash, role: r.role, sample: r.sample ?? r.knobs, replicate: r.replicate });

/** Pages of plan rows without a stored result, in plan order; each call does one short query. */
function todoPages(store: Store, studyId: string, size: number): () => Promise<PlanRow[]> {
  let cursor = -1;
  let end = false;
  return async () => {
    while (!end) {
      const page = store.plans.todo(studyId, cursor, size);
      cursor = page.scanned;
      end = page.end;
      if (page.rows.length > 0) return page.rows;
      await yieldToEvents();
    }
    return [];
  };
}

/**
 * `workers` caps how many of the pool's worker threads this sweep keeps busy (default: all of them);
 * the pool itself is sized when the host starts.
 */
export async function runSweep(ctx: JobContext, planner: Planner, studyId: string, opts: { batchSize?: number; workers?: number } = {}): Promise<SweepOutcome & { complete: boolean }> {
  const { store, pool, signal } = ctx;
  const lanes = Math.max(1, Math.min(pool.size, opts.workers ?? pool.size));
  const row = store.getStudy(studyId);
  store.updateStudy(studyId, { status: 'running' });
  let status = 'failed';
  try {
    const total = await planner.ensure(studyId);
    const outcome: SweepOutcome = { planned: total, skipped: Math.min(total, store.countPoints(studyId)), evaluated: 0, failed: 0 };
    let finished = outcome.skipped;
    const report = (): void => ctx.progress(total === 0 ? 1 : finished / total, `${finished} of ${total} points`);
    report();

    const commit = (batch: PlanRow[], results: PointResult[]): void => {
      const byHash = new Map(results.map((r) => [r.hash, r]));
      const rows = batch.map((p) => {
        const r = byHash.get(p.hash) ?? { hash: p.hash, status: 'failed' as const, metrics: null, reason: 'no result returned', elapsedMs: 0 };
        return { studyId, hash: p.hash, idx: p.idx, role: p.role, twinHash: p.twinHash, knobs: {}, knobsJson: p.knobs, status: r.status, metrics: r.metrics, metricsJson: r.metricsJson ?? null, reason: r.reason, runId: r.runId ?? null, elapsedMs: r.elapsedMs, replicate: p.replicate, group: p.group };
      });
      store.insertPoints(rows);
      finished += batch.length;
      outcome.evaluated += batch.length;
      outcome.failed += rows.filter((r) => r.status === 'failed').length;
      report();
    };

    const spec = row.spec;
    const study = spec as Study;
    if (!needsTraining(study)) {
      const next = todoPages(store, studyId, opts.batchSize ?? 256);
      const costBatch = async (batch: PlanRow[]): Promise<void> => {
        const handle = pool.run<PointResult[]>('cost-batch', { spec, items: batch.map(item) });
        const stop = (): void => handle.cancel();
        signal.addEventListener('abort', stop, { once: true });
        let results: PointResult[];
        try {
          results = await handle.promise;
        } catch (e) {
          if ((e as { cancelled?: boolean }).cancelled || signal.aborted) throw e;
          if (batch.length > 1) {
            const half = Math.ceil(batch.length / 2);
            await costBatch(batch.slice(0, half));
            await costBatch(batch.slice(half));
            return;
          }
          results = [{ hash: batch[0]!.hash, status: 'failed', metrics: null, reason: `the worker evaluating this point stopped: ${(e as Error).message}`, elapsedMs: 0 }];
        } finally {
          signal.removeEventListener('abort', stop);
        }
        commit(batch, results);
      };
      // Two batches per worker keep workers busy while the main thread commits; fewer when capped.
      await inLanes(lanes < pool.size ? lanes : lanes * 2, signal, async (going) => {
        for (let b = await next(); b.length > 0 && going(); b = await next()) await costBatch(b);
      });
    } else {
      const next = todoPages(store, studyId, 1);
      // Runs training side by side share the cores (training.threads unset: cores / runs each).
      const concurrentRuns = Math.max(1, Math.min(lanes, total - finished));
      await inLanes(lanes, signal, async (going) => {
        for (let b = await next(); b.length > 0 && going(); b = await next()) {
          const p = b[0]!;
          const [config] = await planner.configs(spec, [item(p)]);
          const result = await trainPoint(ctx, store, studyId, { hash: p.hash, role: p.role, config: config! }, concurrentRuns);
          commit([p], [result]);
        }
      });
    }
    // Every point stored: the study is done even if a cancel arrived as the last batch finished
    // (the job ends 'done' too).
    status = signal.aborted && finished < total ? 'cancelled' : 'done';
    // Replicate statistics (mean, spread, interval per group) once every replicate is stored.
    if (status === 'done' && studySeeds(study) > 1) store.saveReplicateStats(studyId, replicateGroups(evaluatedPoints(store, studyId).points));
    return { ...outcome, complete: finished >= total };
  } finally {
    if (signal.aborted && status !== 'done') status = 'cancelled';
    try {
      store.updateStudy(studyId, { status });
    } catch {
      // The store cannot be written (a full disk): the next start marks the study interrupted.
    }
  }
}

/** One accuracy point: a stored run (resumed from its checkpoint if one exists), then its cost. */
async function trainPoint(ctx: JobContext, store: Store, studyId: string, p: { hash: string; role: string; config: PlannedPoint['config'] }, concurrentRuns: number): Promise<PointResult> {
  const existing = store.listRuns(studyId).find((r) => r.pointHash === p.hash);
  const run = existing ?? store.createRun({ studyId, pointHash: p.hash, role: p.role, config: p.config, seed: p.config.seed });
  const r = await executeTrainingRun({ store, pool: ctx.pool, signal: ctx.signal, concurrentRuns }, run, p.config);
  return { ...r, hash: p.hash, runId: run.id };
}

/**
 * Run `lane` `count` times concurrently; after the first error (not a cancellation) `going()` turns
 * false so the other lanes stop taking work, and that error is rethrown.
 */
async function inLanes(count: number, signal: AbortSignal, lane: (going: () => boolean) => Promise<void>): Promise<void> {
  let firstError: unknown;
  const going = (): boolean => !signal.aborted && firstError === undefined;
  const guarded = async (): Promise<void> => {
    try {
      await lane(going);
    } catch (e) {
      if (!(e as { cancelled?: boolean }).cancelled && !signal.aborted && firstError === undefined) firstError = e;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, count) }, guarded));
  if (firstError !== undefined) throw firstError;
}
