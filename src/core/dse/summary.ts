/**
 * HPS versus baseline: for every HPS point with an evaluated baseline twin, the ratio HPS/baseline
 * of each cost metric (energy, latency, area...: below 1 means HPS is cheaper) and the difference
 * HPS - baseline of each accuracy metric (in accuracy units: above 0 means HPS is more accurate).
 */
import type { EvaluatedPoint } from './analysis';
import type { KnobValue } from './study';
import { isAccuracyMetric } from './study';

export const DEFAULT_SUMMARY_METRICS = ['energyPerEpoch', 'latencyPerEpoch', 'area', 'accuracy'] as const;

export type ComparisonStatus = 'ok' | 'point-failed' | 'baseline-failed' | 'baseline-missing';

export interface PointComparison {
  readonly index: number;
  readonly hash: string;
  readonly twinHash: string;
  readonly knobValues: Readonly<Record<string, KnobValue>>;
  readonly status: ComparisonStatus;
  /** Cost metrics: HPS / baseline (null when either value is missing or the baseline is 0). */
  readonly ratios: Readonly<Record<string, number | null>>;
  /** Accuracy metrics: HPS - baseline (null when either is missing). */
  readonly differences: Readonly<Record<string, number | null>>;
}

export interface MetricSummary {
  readonly metric: string;
  readonly kind: 'ratio' | 'difference';
  readonly count: number;
  /** Geometric mean of ratios, arithmetic mean of differences (null when count is 0). */
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

export interface StudySummary {
  readonly metrics: readonly string[];
  readonly comparisons: readonly PointComparison[];
  readonly perMetric: readonly MetricSummary[];
}

/**
 * Compare every HPS point with its baseline twin. `metrics` defaults to energy, latency, area and
 * accuracy; pass the study's objective metrics to add others.
 */
export function summariseStudy(points: readonly EvaluatedPoint[], metrics: readonly string[] = DEFAULT_SUMMARY_METRICS): StudySummary {
  const byHash = new Map<string, EvaluatedPoint>();
  for (const p of points) if (!byHash.has(p.hash)) byHash.set(p.hash, p);
  const uniq = [...new Set(metrics)];
  const comparisons: PointComparison[] = [];
  for (const p of points) {
    if (p.role !== 'hps') continue;
    const twin = byHash.get(p.twinHash);
    const status: ComparisonStatus = !p.ok ? 'point-failed' : !twin ? 'baseline-missing' : !twin.ok ? 'baseline-failed' : 'ok';
    const ratios: Record<string, number | null> = {};
    const differences: Record<string, number | null> = {};
    for (const m of uniq) {
      const a = status === 'ok' ? p.metrics?.[m] : undefined;
      const b = status === 'ok' ? twin?.metrics?.[m] : undefined;
      const both = a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b);
      if (isAccuracyMetric(m)) differences[m] = both ? a - b : null;
      else ratios[m] = both && b !== 0 ? a / b : null;
    }
    comparisons.push({ index: p.index, hash: p.hash, twinHash: p.twinHash, knobValues: p.knobValues, status, ratios, differences });
  }
  const perMetric = uniq.map((m): MetricSummary => {
    const kind = isAccuracyMetric(m) ? 'difference' : 'ratio';
    const vals = comparisons
      .map((c) => (kind === 'ratio' ? c.ratios[m] : c.differences[m]))
      .filter((v): v is number => v !== null && v !== undefined && (kind === 'difference' || v > 0));
    if (vals.length === 0) return { metric: m, kind, count: 0, mean: null, min: null, max: null };
    const mean =
      kind === 'ratio'
        ? Math.exp(vals.reduce((s, v) => s + Math.log(v), 0) / vals.length)
        : vals.reduce((s, v) => s + v, 0) / vals.length;
    return { metric: m, kind, count: vals.length, mean, min: vals.reduce((a, b) => Math.min(a, b)), max: vals.reduce((a, b) => Math.max(a, b)) };
  });
  return { metrics: uniq, comparisons, perMetric };
}
