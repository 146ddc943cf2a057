/**
 * Plain-data input of the report model: what the host reads from the experiment store for one
 * study. Mirrors the store's rows without depending on it (core has no database).
 */

export type PointStatus = 'done' | 'failed' | 'infeasible';

export interface ReportStudy {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The study document (core/dse study schema); read through adapters, never trusted blindly. */
  readonly spec: unknown;
  readonly status: string;
  readonly appVersion: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ReportPoint {
  readonly hash: string;
  readonly idx: number;
  /** 'hps' | 'baseline' (other roles are kept and printed as they are). */
  readonly role: string;
  readonly twinHash: string | null;
  readonly knobs: Readonly<Record<string, unknown>>;
  readonly status: PointStatus;
  /** metric key -> value in SI (see the cost metric catalog), null for failed points. */
  readonly metrics: Readonly<Record<string, number>> | null;
  readonly reason: string | null;
  readonly runId: string | null;
  readonly elapsedMs: number | null;
  readonly createdAt: string;
  /** Replicate index and group (studies with seeds; absent or null otherwise). */
  readonly replicate?: number;
  readonly group?: string | null;
}

export interface ReportEpoch {
  readonly epoch: number;
  readonly metrics: Readonly<Record<string, unknown>>;
}

export interface ReportRun {
  readonly id: string;
  readonly pointHash: string | null;
  readonly role: string;
  readonly config: unknown;
  readonly seed: number;
  readonly appVersion: string;
  readonly backend: string | null;
  readonly status: string;
  readonly error: string | null;
  readonly summary: unknown;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly epochs: readonly ReportEpoch[];
  /** The stored cost result (core/cost evaluateCost output) or null. */
  readonly cost: unknown;
  /** The run's learning-rate search (core/training/tuning.ts TuningResult), null for a fixed rate. */
  readonly tuning?: unknown;
  /** Update-efficacy diagnostics per epoch and layer (core/training/diagnostics.ts LayerDiagnostics in `data`). */
  readonly diagnostics?: readonly { readonly epoch: number; readonly layer: number; readonly data: Readonly<Record<string, unknown>> }[];
}

/** Statistics of one metric over replicates (core/stats/replicates.ts MetricStats). */
export interface ReportMetricStats {
  readonly n: number;
  readonly mean: number;
  readonly std: number | null;
  readonly ci95: [number, number] | null;
}

/** A replicate group (core/dse/replicates.ts ReplicateGroup), as stored. */
export interface ReportReplicateGroup {
  readonly group: string;
  readonly role: string;
  readonly knobValues: Readonly<Record<string, unknown>>;
  readonly planned: number;
  readonly metrics: Readonly<Record<string, ReportMetricStats>>;
  readonly differences: Readonly<Record<string, ReportMetricStats>>;
}

export interface ReportInput {
  readonly study: ReportStudy;
  readonly points: readonly ReportPoint[];
  readonly runs: readonly ReportRun[];
  /** Replicate groups of a study with `seeds` (absent or empty otherwise). */
  readonly replicates?: readonly ReportReplicateGroup[];
  /** App version that generates the report. */
  readonly appVersion: string;
  /** ISO timestamp of generation (passed in: core never reads the clock). */
  readonly generatedAt: string;
}
