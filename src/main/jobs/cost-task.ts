/**
 * Worker task: a batch of cost-only design points, given either as configs (Slurm shards carry
 * them in their bundle) or as stored plan rows of a study (the local executor), whose configs are
 * rebuilt here from the study and each point's sample.
 */
import type { TaskHandler } from './protocol';
import type { PlanItem } from './plan-task';
import type { RunConfig } from '../../core/config/schema';
import { pointConfig, type PointRole } from '../../core/dse/expand';
import { evaluateCostPoint, type PointResult } from '../sweep/evaluate';
import { studyOf } from '../sweep/plan-cache';

export type CostBatch = { items: { hash: string; config: RunConfig }[] } | { spec: unknown; items: PlanItem[] };

export const costBatchTask: TaskHandler = async (payload, ctx) => {
  // Configs and plan rows come from the main thread's plan of a validated study (an internal boundary).
  const batch = payload as CostBatch;
  const study = 'spec' in batch ? studyOf(batch.spec) : undefined;
  const out: PointResult[] = [];
  for (const it of batch.items) {
    if (ctx.cancelled()) throw Object.assign(new Error('cancelled'), { code: 'CANCELLED' });
    let r: PointResult;
    try {
      const config = 'config' in it ? it.config : pointConfig(study!, JSON.parse(it.sample) as Record<string, never>, it.role as PointRole, it.replicate);
      // Test hook (HPS_DEBUG_TASKS=1, as the debug tasks): a point named '__worker_crash__' ends
      // this worker thread the way a fatal error inside the cost model would.
      if (config.name === '__worker_crash__' && process.env.HPS_DEBUG_TASKS === '1') process.exit(3);
      r = evaluateCostPoint(it.hash, config);
    } catch (e) {
      r = { hash: it.hash, status: 'failed', metrics: null, reason: (e as Error).message, elapsedMs: 0 };
    }
    // Serialise here, in parallel, rather than on the main thread that writes SQLite.
    out.push({ ...r, metricsJson: r.metrics ? JSON.stringify(r.metrics) : null, metrics: null });
  }
  return out;
};
