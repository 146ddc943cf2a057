/**
 * Replicate groups: the points of a study that differ only in their seed (expand.ts, `seeds`),
 * summarised by the statistics of every metric (core/stats/replicates.ts: mean, standard deviation,
 * 95 % t interval) and, for HPS groups, the HPS minus baseline difference of every metric paired by
 * seed (the twin of replicate r is trained with the same seed: same initial weights and data order).
 *
 * This is also the shape a chart needs for error bars: one entry per group with its knob values,
 * `metrics[m].mean` for the marker and `metrics[m].ci95` (or mean +- std) for the bar.
 */
import { metricStats, pairedDifference, type MetricStats } from '../stats/replicates';
import type { EvaluatedPoint } from './analysis';
import type { KnobValue } from './study';

export interface ReplicateGroup {
  /** Hash of replicate 0 (the group's id). */
  readonly group: string;
  readonly role: 'hps' | 'baseline';
  /** Group of the baseline twin (a baseline group is its own twin). */
  readonly twinGroup: string;
  readonly knobValues: Readonly<Record<string, KnobValue>>;
  /** Point hashes and seeds by replicate index (evaluated, successful points only). */
  readonly hashes: readonly string[];
  readonly seeds: readonly number[];
  /** Planned replicates, and how many failed or are missing. */
  readonly planned: number;
  readonly failed: number;
  readonly metrics: Readonly<Record<string, MetricStats>>;
  /** HPS groups: HPS minus baseline, paired by seed, for every metric both sides have. */
  readonly differences: Readonly<Record<string, MetricStats>>;
}

/** Group evaluated points by replicate group, in plan order of the groups' first points. */
export function replicateGroups(points: readonly EvaluatedPoint[]): ReplicateGroup[] {
  const byGroup = new Map<string, EvaluatedPoint[]>();
  for (const p of points) {
    const g = byGroup.get(p.group);
    if (g) g.push(p);
    else byGroup.set(p.group, [p]);
  }
  const groupOf = new Map(points.map((p) => [p.hash, p.group]));
  const bySeedOf = new Map<string, Map<number, EvaluatedPoint>>();
  for (const [g, ps] of byGroup) bySeedOf.set(g, new Map(ps.filter((p) => p.ok).map((p) => [p.config.seed, p])));

  const out: ReplicateGroup[] = [];
  for (const [group, ps] of byGroup) {
    const ok = ps.filter((p) => p.ok).sort((a, b) => a.replicate - b.replicate);
    const first = ps[0]!;
    const keys = [...new Set(ok.flatMap((p) => Object.keys(p.metrics ?? {})))].sort();
    const metrics: Record<string, MetricStats> = {};
    for (const k of keys) {
      const s = metricStats(ok.map((p) => p.metrics?.[k] ?? NaN));
      if (s) metrics[k] = s;
    }
    const twinGroup = first.role === 'hps' ? (groupOf.get(first.twinHash) ?? first.twinHash) : group;
    const differences: Record<string, MetricStats> = {};
    if (first.role === 'hps') {
      const twins = bySeedOf.get(twinGroup);
      if (twins) {
        const pairs = ok.filter((p) => twins.has(p.config.seed));
        for (const k of keys) {
          const d = pairedDifference(
            pairs.map((p) => p.metrics?.[k] ?? NaN),
            pairs.map((p) => twins.get(p.config.seed)!.metrics?.[k] ?? NaN),
          );
          if (d) differences[k] = d;
        }
      }
    }
    out.push({
      group,
      role: first.role,
      twinGroup,
      knobValues: first.knobValues,
      hashes: ok.map((p) => p.hash),
      seeds: ok.map((p) => p.config.seed),
      planned: ps.length,
      failed: ps.length - ok.length,
      metrics,
      differences,
    });
  }
  return out;
}

/**
 * One evaluated point per replicate group with the mean of every metric (for Pareto fronts and
 * HPS-vs-baseline comparisons of studies with replicates): the group's replicate-0 point with its
 * metrics replaced by the means; ok when at least one replicate succeeded.
 */
export function groupMeans(points: readonly EvaluatedPoint[]): EvaluatedPoint[] {
  const groups = new Map(replicateGroups(points).map((g) => [g.group, g]));
  const out: EvaluatedPoint[] = [];
  for (const p of points) {
    if (p.hash !== p.group) continue;
    const g = groups.get(p.group)!;
    const ok = g.hashes.length > 0;
    const metrics = Object.fromEntries(Object.entries(g.metrics).map(([k, s]) => [k, s.mean]));
    out.push({ ...p, twinHash: g.twinGroup, ok, ...(ok ? { metrics, reason: undefined } : {}) });
  }
  return out;
}

/** Whether any group has more than one planned replicate. */
export function hasReplicates(points: readonly { replicate: number }[]): boolean {
  return points.some((p) => p.replicate > 0);
}
