/** pareto:compute — joins stored points with the study plan and runs the core Pareto analysis. */
import { analysePareto, type EvaluatedPoint } from '../../core/dse/analysis';
import type { Objective } from '../../core/dse/study';
import type { ParetoView, ParsedRequest } from '../../shared/contract';
import type { PointRow, Store } from '../store/store';
import { planStudy } from '../sweep/plan-cache';
import { groupMeans, hasReplicates, replicateGroups, type ReplicateGroup } from '../../core/dse/replicates';
import { metricIssues } from '../../core/config/references';
import { ConfigError } from '../../core/errors';
import { catalogs } from './catalogs';

/** Stored points of a study as evaluated plan points (plan order); `stored`: its points, if already read. */
export function evaluatedPoints(store: Store, studyId: string, stored?: readonly PointRow[]): { points: EvaluatedPoint[]; plan: ReturnType<typeof planStudy> } {
  const plan = planStudy(store.getStudy(studyId).spec);
  const rows = new Map((stored ?? store.listPoints(studyId)).map((r) => [r.hash, r]));
  const points: EvaluatedPoint[] = [];
  for (const p of plan.points) {
    const r = rows.get(p.hash);
    if (!r) continue;
    points.push({ ...p, ok: r.status === 'done', metrics: r.metrics ?? undefined, reason: r.reason ?? undefined });
  }
  return { points, plan };
}

/**
 * A study's replicate statistics: stored by the sweep once every replicate is in, else computed from
 * its points (a study still running, or one without replicates). Plans the study: run it off the
 * main thread. `rows`: the study's points, if already read.
 */
export function replicatesOf(store: Store, studyId: string, rows?: readonly PointRow[]): ReplicateGroup[] {
  const stored = store.replicateStats(studyId) as ReplicateGroup[];
  return stored.length > 0 ? stored : replicateGroups(evaluatedPoints(store, studyId, rows).points);
}

/**
 * The points fronts and HPS-vs-baseline comparisons rank: every evaluated point, or, in a study
 * with replicates, one point per replicate group carrying the mean of every metric.
 */
export function comparablePoints(store: Store, studyId: string): { points: EvaluatedPoint[]; plan: ReturnType<typeof planStudy> } {
  const r = evaluatedPoints(store, studyId);
  return hasReplicates(r.plan.points) ? { points: groupMeans(r.points), plan: r.plan } : r;
}

export function computePareto(store: Store, req: ParsedRequest<'pareto:compute'>): ParetoView {
  if (req.objectives) {
    const issues = metricIssues(req.objectives, 'pareto:compute.objectives', catalogs());
    if (issues.length > 0) throw ConfigError.fromIssues('Invalid objectives', issues);
  }
  const { points, plan } = comparablePoints(store, req.studyId);
  const objectives: Objective[] = req.objectives ?? plan.study.objectives;
  const role = req.role ?? 'hps';
  const chosen = role === 'all' ? points : points.filter((p) => p.role === role);
  const a = analysePareto(chosen, {
    objectives,
    constraints: plan.study.constraints,
    iso: plan.study.iso,
    ...(req.reference ? { reference: req.reference } : {}),
  });
  return {
    objectives: objectives.map((o) => ({ metric: o.metric, direction: o.direction })),
    groups: a.groups.map((g) => ({
      isoKey: g.key,
      points: g.points.map((i) => {
        const p = chosen[i]!;
        const pa = a.points[i]!;
        return {
          hash: p.hash,
          role: p.role,
          knobs: p.knobValues as Record<string, unknown>,
          values: pa.objectives ? [...pa.objectives] : objectives.map((o) => p.metrics?.[o.metric] ?? NaN),
          rank: pa.rank ?? -1,
          feasible: pa.status === 'front' || pa.status === 'dominated',
        };
      }),
      front: g.front.map((f) => f.hash),
      hypervolume: g.hypervolume,
      reference: g.reference ? [...g.reference] : [],
    })),
  };
}
