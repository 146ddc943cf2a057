/**
 * Statistics of replicate runs (the same design point trained with seeds seed, seed + 1, ...):
 * sample mean, sample standard deviation (n - 1) and the 95 % confidence interval of the mean from
 * Student's t distribution, mean +- t(0.975, n - 1) s / sqrt(n). With one replicate there is no
 * spread: std and the interval are null. Differences (HPS minus its baseline twin) are paired by
 * seed: the statistics of the per-seed differences.
 *
 * Worked values (computed by hand): [0.70, 0.72, 0.74] -> mean 0.72, s = 0.02,
 * t(0.975, 2) = 4.302653, half-width 4.302653 * 0.02 / sqrt(3) = 0.049683.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface MetricStats {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); null for n < 2. */
  std: number | null;
  /** 95 % confidence interval of the mean (t distribution); null for n < 2. */
  ci95: [number, number] | null;
  /** The replicate values, in seed order. */
  values: number[];
}

/** Two-sided 95 % quantile of Student's t with `df` degrees of freedom. */
export function t975(df: number): number {
  return tQuantile(0.975, df);
}

/** Statistics of finite `values` (non-finite ones are left out); null when none is finite. */
export function metricStats(values: readonly number[]): MetricStats | null {
  const v = values.filter((x) => Number.isFinite(x));
  const n = v.length;
  if (n === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, std: null, ci95: null, values: v };
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const h = (t975(n - 1) * std) / Math.sqrt(n);
  return { n, mean, std, ci95: [mean - h, mean + h], values: v };
}

/** Paired differences a[i] - b[i] (pairs with a non-finite side are left out) and their statistics. */
export function pairedDifference(a: readonly number[], b: readonly number[]): MetricStats | null {
  const d: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isFinite(x) && Number.isFinite(y)) d.push(x - y);
  }
  return metricStats(d);
}

/** "72.00 ± 2.00 (95 % CI 67.03 to 76.97)" in percent, for accuracies. */
export function formatPercentStats(s: MetricStats | null, digits = 2): string {
  if (!s) return '-';
  const p = (x: number): string => (100 * x).toFixed(digits);
  if (s.std === null) return `${p(s.mean)} (n = 1)`;
  return `${p(s.mean)} ± ${p(s.std)} (95 % CI ${p(s.ci95![0])} to ${p(s.ci95![1])})`;
}
