/**
 * Point evaluation shared by every executor (worker pool, Slurm shard): a design point's cost from
 * the core cost model, flattened into the metric keys that studies use as objectives and
 * constraints; and the hardware time per batch the training engine needs for capacitor leakage.
 */
import type { RunConfig } from '../../core/config/schema';
import { evaluateCost, hardwareSecondsPerBatch, costMetricCatalog, flattenCostMetrics, statsFromCounts, type CostMetricInfo, type CostResult, type TrainingStats } from '../../core/cost';
import type { SynapseCounts } from '../../core/synapse/types';

export interface PointResult {
  hash: string;
  status: 'done' | 'failed' | 'infeasible';
  metrics: Record<string, number> | null;
  reason: string | null;
  elapsedMs: number;
  runId?: string;
  /** `metrics` serialised by the worker (the main thread stores it as is). */
  metricsJson?: string | null;
}

/** Every metric a point can have: training accuracies plus the cost model's catalogue. */
export function costCatalog(): Record<string, CostMetricInfo> {
  return {
    accuracy: { label: 'Test accuracy (live: volatile + non-volatile weights)', unit: 'fraction', direction: 'max' },
    accuracyMsbOnly: { label: 'Test accuracy, non-volatile, MSB only (LSB lost: power cut)', unit: 'fraction', direction: 'max' },
    accuracyAfterFlush: { label: 'Test accuracy, non-volatile after flush (LSB transferred into the MSB, then MSB only)', unit: 'fraction', direction: 'max' },
    accuracyNonVolatile: { label: 'Test accuracy, non-volatile, MSB only (LSB lost; same as accuracyMsbOnly)', unit: 'fraction', direction: 'max' },
    learningRate: { label: 'Learning rate of the run (tuned or fixed)', unit: '', direction: 'max' },
    ...costMetricCatalog,
  };
}

export function evaluateCostPoint(hash: string, config: RunConfig, stats?: TrainingStats): PointResult {
  const t0 = performance.now();
  try {
    const r = evaluateCost(config, stats);
    const elapsedMs = performance.now() - t0;
    if (!r.ok) return { hash, status: 'infeasible', metrics: null, reason: r.reason, elapsedMs };
    return { hash, status: 'done', metrics: flattenCostMetrics(r), reason: null, elapsedMs };
  } catch (e) {
    return { hash, status: 'failed', metrics: null, reason: (e as Error).message, elapsedMs: performance.now() - t0 };
  }
}

/** The cost view returned by cost:evaluate: the full result plus the flat metrics. */
export function evaluateCostView(config: RunConfig): CostResult & { metrics?: Record<string, number> } {
  const r = evaluateCost(config);
  return r.ok ? { ...r, metrics: flattenCostMetrics(r) } : r;
}

/** Hardware time per training batch for capacitor leakage: from the config, else the cost model. */
export function hardwareTimePerBatch(cfg: RunConfig): number {
  if (cfg.training.hardwareSecondsPerBatch != null) return cfg.training.hardwareSecondsPerBatch;
  return hardwareSecondsPerBatch(cfg);
}

/** Cost of a finished training run, priced with the action counts the run measured. */
export function costMetricsForRun(
  cfg: RunConfig,
  layerCounts: readonly SynapseCounts[],
  images: number,
): { ok: true; metrics: Record<string, number>; result: CostResult } | { ok: false; reason: string; result: CostResult } {
  const r = evaluateCost(cfg, statsFromCounts(cfg, layerCounts, images));
  if (!r.ok) return { ok: false, reason: r.reason, result: r };
  return { ok: true, metrics: flattenCostMetrics(r), result: r };
}
