/**
 * Read one study from the experiment store as the report model's plain input.
 */
import type { PointRow, Store } from '../store/store';
import type { ReportInput, ReportReplicateGroup, ReportRun } from '../../core/report/types';
import { orderedPoints } from '../../core/report/csv';
import { APP_VERSION } from '../version';
import { replicatesOf } from '../services/pareto';

/** The study's replicate statistics; none for an imported study whose spec no longer plans. */
function replicatesFor(store: Store, studyId: string, rows: readonly PointRow[]): ReportReplicateGroup[] {
  try {
    return replicatesOf(store, studyId, rows) as ReportReplicateGroup[];
  } catch {
    return [];
  }
}

export function loadReportInput(store: Store, studyId: string, generatedAt = new Date().toISOString()): ReportInput {
  const study = store.getStudy(studyId);
  const rows = store.listPoints(study.id);
  const points = orderedPoints(rows);
  const runs: ReportRun[] = store
    .listRuns(study.id)
    .map((r) => ({
      id: r.id,
      pointHash: r.pointHash,
      role: r.role,
      config: r.config,
      seed: r.seed,
      appVersion: r.appVersion,
      backend: r.backend,
      status: r.status,
      error: r.error,
      summary: r.summary,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      epochs: store.epochMetrics(r.id),
      cost: store.costResult(r.id) ?? null,
      tuning: store.runTuning(r.id),
      diagnostics: store.runDiagnostics(r.id),
    }))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    study: {
      id: study.id,
      name: study.name,
      description: study.description,
      tags: study.tags,
      spec: study.spec,
      status: study.status,
      appVersion: study.appVersion,
      createdAt: study.createdAt,
      updatedAt: study.updatedAt,
    },
    points: points.map((p) => ({
      hash: p.hash,
      idx: p.idx,
      role: p.role,
      twinHash: p.twinHash,
      knobs: p.knobs,
      status: p.status,
      metrics: p.metrics,
      reason: p.reason,
      runId: p.runId,
      elapsedMs: p.elapsedMs,
      createdAt: p.createdAt,
      replicate: p.replicate ?? 0,
      group: p.group ?? null,
    })),
    runs,
    replicates: replicatesFor(store, study.id, rows),
    appVersion: APP_VERSION,
    generatedAt,
  };
}
