/**
 * Point evaluation shared by every executor (worker pool, Slurm shard): a design point's cost from
 * the core cost model, flattened into the metric keys that studies use as objectives and
 * constraints; and the hardware time per batch the training engine needs for capacitor leakage.
 */
import type { RunConfig } from '../../core/config/schema';
import { evaluateCost, hardwareSecondsPerBatch } from '../../core/cost/model';
import type { CostResult, TrainingStats } from '../../core/cost/types';
import * as costStats from '../../core/cost/stats';

export interface PointResult {
  hash: string;
  status: 'done' | 'failed' | 'infeasible';
  metrics: Record<string, number> | null;
  reason: string | null;
  elapsedMs: number;
  runId?: string;
}

export interface MetricInfo {
  label: string;
  unit: string;
  direction: 'min' | 'max';
}

const PHASE_LABEL: Record<string, string> = { fw: 'feed-forward', ag: 'error (AG)', wg: 'weight gradient', wu: 'weight update', transfer: 'HPS transfer' };

/** Every metric key a cost evaluation produces, with label, SI unit and preferred direction. */
export function costCatalog(): Record<string, MetricInfo> {
  const c: Record<string, MetricInfo> = {
    accuracy: { label: 'Test accuracy (live)', unit: '', direction: 'max' },
    accuracyNonVolatile: { label: 'Test accuracy (non-volatile only)', unit: '', direction: 'max' },
    energyPerEpoch: { label: 'Energy per epoch', unit: 'J', direction: 'min' },
    latencyPerEpoch: { label: 'Latency per epoch', unit: 's', direction: 'min' },
    area: { label: 'Chip area', unit: 'm^2', direction: 'min' },
    energyPerImage: { label: 'Energy per image', unit: 'J', direction: 'min' },
    latencyPerImage: { label: 'Latency per image', unit: 's', direction: 'min' },
    leakageEnergy: { label: 'Leakage energy per epoch', unit: 'J', direction: 'min' },
    leakagePower: { label: 'Leakage power', unit: 'W', direction: 'min' },
    topsPerWatt: { label: 'TOPS/W', unit: 'TOPS/W', direction: 'max' },
    tops: { label: 'TOPS', unit: 'TOPS', direction: 'max' },
    peakTopsPerWatt: { label: 'Peak TOPS/W', unit: 'TOPS/W', direction: 'max' },
    peakTops: { label: 'Peak TOPS', unit: 'TOPS', direction: 'max' },
  };
  for (const [k, l] of Object.entries(PHASE_LABEL)) {
    c[`energy.${k}`] = { label: `Energy per epoch, ${l}`, unit: 'J', direction: 'min' };
    c[`latency.${k}`] = { label: `Latency per epoch, ${l}`, unit: 's', direction: 'min' };
  }
  for (const k of ['adc', 'accumulation', 'array', 'buffer', 'interconnect', 'dram', 'wgUnit', 'write', 'other']) {
    c[`energyByComponent.${k}`] = { label: `Energy per epoch, ${k}`, unit: 'J', direction: 'min' };
    c[`latencyByComponent.${k}`] = { label: `Latency per epoch, ${k}`, unit: 's', direction: 'min' };
  }
  for (const k of ['array', 'adc', 'accumulation', 'interconnect', 'wgUnit', 'other']) c[`area.${k}`] = { label: `Area, ${k}`, unit: 'm^2', direction: 'min' };
  return c;
}

/** Flatten a successful cost result into metric key -> number (keys of costCatalog()). */
export function flattenCost(r: CostResult & { ok: true }): Record<string, number> {
  const m: Record<string, number> = {
    energyPerEpoch: r.energy.total,
    latencyPerEpoch: r.latency.total,
    area: r.area.total,
    energyPerImage: r.perImage.energy,
    latencyPerImage: r.perImage.latency,
    leakageEnergy: r.energy.leakage,
    leakagePower: r.leakagePower,
    topsPerWatt: r.topsPerWatt,
    tops: r.tops,
    peakTopsPerWatt: r.peakTopsPerWatt,
    peakTops: r.peakTops,
  };
  for (const k of Object.keys(PHASE_LABEL) as (keyof typeof r.energy)[]) {
    m[`energy.${String(k)}`] = r.energy[k] as number;
    m[`latency.${String(k)}`] = (r.latency as unknown as Record<string, number>)[k as string]!;
  }
  for (const [k, v] of Object.entries(r.energyByComponent)) m[`energyByComponent.${k}`] = v;
  for (const [k, v] of Object.entries(r.latencyByComponent)) m[`latencyByComponent.${k}`] = v;
  for (const [k, v] of Object.entries(r.area.byComponent)) m[`area.${k}`] = v;
  return m;
}

export function evaluateCostPoint(hash: string, config: RunConfig, stats?: TrainingStats): PointResult {
  const t0 = performance.now();
  try {
    const r = evaluateCost(config, stats);
    const elapsedMs = performance.now() - t0;
    if (!r.ok) return { hash, status: 'infeasible', metrics: null, reason: r.reason, elapsedMs };
    return { hash, status: 'done', metrics: flattenCost(r), reason: null, elapsedMs };
  } catch (e) {
    return { hash, status: 'failed', metrics: null, reason: (e as Error).message, elapsedMs: performance.now() - t0 };
  }
}

/** The cost view returned by cost:evaluate: the full result plus the flat metrics. */
export function evaluateCostView(config: RunConfig): CostResult & { metrics?: Record<string, number> } {
  const r = evaluateCost(config);
  return r.ok ? { ...r, metrics: flattenCost(r) } : r;
}

/** Hardware time per training batch for capacitor leakage: from the config, else the cost model. */
export function hardwareTimePerBatch(cfg: RunConfig): number {
  if (cfg.training.hardwareSecondsPerBatch != null) return cfg.training.hardwareSecondsPerBatch;
  return hardwareSecondsPerBatch(cfg);
}

/** Cost of a finished training run, priced with the action counts the run measured. */
export function costMetricsForRun(
  cfg: RunConfig,
  counts: unknown,
  epochs: number,
): { ok: true; metrics: Record<string, number>; result: CostResult } | { ok: false; reason: string; result: CostResult } {
  const fromCounts = (costStats as Record<string, unknown>).statsFromCounts as ((c: RunConfig, counts: unknown, epochs: number) => TrainingStats) | undefined;
  const stats = fromCounts ? fromCounts(cfg, counts, epochs) : undefined;
  const r = evaluateCost(cfg, stats);
  if (!r.ok) return { ok: false, reason: r.reason, result: r };
  return { ok: true, metrics: flattenCost(r), result: r };
}
