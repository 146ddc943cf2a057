/**
 * Study-level Pareto analysis: evaluated points are grouped by iso set (only points that share the
 * iso set are compared), constraints are checked (an infeasible point is never on a front; its
 * violations are reported), failed points (a bad design point is a result) are kept out of the
 * ranking with their reason, and each group gets its ranks, front, hypervolume and the knob values
 * along the front.
 */
import { hypervolume } from './hypervolume';
import { isoKey, type PlannedPoint } from './expand';
import { getPath } from './paths';
import { nonDominatedSort, toMinimisation, type Direction } from './pareto';
import type { Constraint, KnobValue, Objective } from './study';

/** What an evaluation returned for a planned point. */
export interface PointResult {
  readonly ok: boolean;
  /** Metric key -> value (SI); present when ok. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Why the design point is bad (when not ok). */
  readonly reason?: string;
}

export type EvaluatedPoint = PlannedPoint & PointResult;

export interface Violation {
  /** Index into the constraints list. */
  readonly constraint: number;
  readonly metric: string;
  readonly op: Constraint['op'];
  readonly limit: number;
  /** The point's value (null when the metric is missing). */
  readonly value: number | null;
  /** How far past the limit (0 for an equality that a strict bound excludes; Infinity when missing). */
  readonly amount: number;
}

export type PointStatus = 'front' | 'dominated' | 'infeasible' | 'failed' | 'missing-metric';

export interface PointAnalysis {
  readonly status: PointStatus;
  /** Pareto rank within the iso group (0 = front); null when not ranked. */
  readonly rank: number | null;
  readonly violations: readonly Violation[];
  /** Objective values (in the objectives' own directions), null when not ranked. */
  readonly objectives: readonly number[] | null;
  readonly group: number;
  /** Why the point is unranked (failure reason or missing metric names). */
  readonly note?: string;
}

export interface FrontMember {
  readonly point: number;
  readonly hash: string;
  readonly role: PlannedPoint['role'];
  readonly knobValues: Readonly<Record<string, KnobValue>>;
  readonly objectives: readonly number[];
}

export interface IsoGroup {
  readonly key: string;
  /** The iso paths and their shared values (for reports). */
  readonly iso: Readonly<Record<string, unknown>>;
  /** Indices of every point of the group. */
  readonly points: readonly number[];
  /** Front members sorted by the first objective (best first). */
  readonly front: readonly FrontMember[];
  /** Hypervolume of the front, null when not computed (no feasible point or too many objectives). */
  readonly hypervolume: number | null;
  /** Reference point used (objective directions as given). */
  readonly reference: readonly number[] | null;
}

export interface ParetoAnalysis {
  readonly objectives: readonly Objective[];
  readonly points: readonly PointAnalysis[];
  readonly groups: readonly IsoGroup[];
}

export interface ParetoOptions {
  readonly objectives: readonly Objective[];
  readonly constraints?: readonly Constraint[];
  readonly iso: readonly string[];
  /** Hypervolume reference point (objective directions as given); default: per group, see `defaultReference`. */
  readonly reference?: readonly number[];
  /** Compute hypervolume up to this many objectives (default 4; the exact algorithm is O(n^(d-1) log n)). */
  readonly maxHypervolumeObjectives?: number;
}

/** Violations of one point's metrics. */
export function checkConstraints(metrics: Readonly<Record<string, number>> | undefined, constraints: readonly Constraint[]): Violation[] {
  const out: Violation[] = [];
  constraints.forEach((c, i) => {
    const v = metrics?.[c.metric];
    if (v === undefined || !Number.isFinite(v)) {
      out.push({ constraint: i, metric: c.metric, op: c.op, limit: c.value, value: v ?? null, amount: Infinity });
      return;
    }
    const excess = c.op === '<=' || c.op === '<' ? v - c.value : c.value - v;
    const violated = c.op === '<=' || c.op === '>=' ? excess > 0 : excess >= 0;
    if (violated) out.push({ constraint: i, metric: c.metric, op: c.op, limit: c.value, value: v, amount: Math.max(0, excess) });
  });
  return out;
}

/**
 * Reference point from a set of objective vectors: in each objective the worst value plus 10 % of
 * the range (plus 10 % of |worst|, or 1, when the range is zero), so every front point contributes.
 */
export function defaultReference(objs: readonly (readonly number[])[], directions: readonly Direction[]): number[] {
  return directions.map((dir, k) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of objs) {
      lo = Math.min(lo, v[k]!);
      hi = Math.max(hi, v[k]!);
    }
    const span = hi - lo > 0 ? hi - lo : Math.abs(dir === 'max' ? lo : hi) || 1;
    return dir === 'max' ? lo - 0.1 * span : hi + 0.1 * span;
  });
}

export function analysePareto(points: readonly EvaluatedPoint[], options: ParetoOptions): ParetoAnalysis {
  const { objectives, iso } = options;
  const constraints = options.constraints ?? [];
  const directions = objectives.map((o) => o.direction);
  const maxHv = options.maxHypervolumeObjectives ?? 4;

  const groupIndex = new Map<string, number>();
  const members: number[][] = [];
  const analysis: PointAnalysis[] = points.map((p) => {
    const key = isoKey(p.config, iso);
    let group = groupIndex.get(key);
    if (group === undefined) {
      group = members.length;
      groupIndex.set(key, group);
      members.push([]);
    }
    if (!p.ok) return { status: 'failed', rank: null, violations: [], objectives: null, group, note: p.reason ?? 'evaluation failed' };
    const missing = objectives.filter((o) => !Number.isFinite(p.metrics?.[o.metric] ?? NaN)).map((o) => o.metric);
    const violations = checkConstraints(p.metrics, constraints);
    if (missing.length > 0)
      return { status: 'missing-metric', rank: null, violations, objectives: null, group, note: `missing or non-finite: ${missing.join(', ')}` };
    const objs = objectives.map((o) => p.metrics![o.metric]!);
    if (violations.length > 0) return { status: 'infeasible', rank: null, violations, objectives: objs, group };
    return { status: 'dominated', rank: null, violations, objectives: objs, group };
  });
  analysis.forEach((a, i) => members[a.group]!.push(i));

  const groups: IsoGroup[] = [];
  for (const [key, g] of groupIndex) {
    const all = members[g]!;
    const ranked = all.filter((i) => analysis[i]!.status === 'dominated');
    const objs = ranked.map((i) => analysis[i]!.objectives!);
    const { ranks } = nonDominatedSort(objs, directions);
    ranked.forEach((pi, j) => {
      const a = analysis[pi]!;
      analysis[pi] = { ...a, rank: ranks[j]!, status: ranks[j] === 0 ? 'front' : 'dominated' };
    });
    const frontIdx = ranked.filter((_, j) => ranks[j] === 0);
    const frontMin = toMinimisation(frontIdx.map((i) => analysis[i]!.objectives!), directions);
    const order = frontIdx.map((_, j) => j).sort((a, b) => frontMin[a]![0]! - frontMin[b]![0]! || a - b);
    const front: FrontMember[] = order.map((j) => {
      const pi = frontIdx[j]!;
      const p = points[pi]!;
      return { point: pi, hash: p.hash, role: p.role, knobValues: p.knobValues, objectives: analysis[pi]!.objectives! };
    });
    let hv: number | null = null;
    let reference: number[] | null = null;
    if (objs.length > 0 && objectives.length <= maxHv) {
      reference = options.reference ? [...options.reference] : defaultReference(objs, directions);
      hv = hypervolume(front.map((f) => f.objectives), reference, directions);
    }
    const first = points[all[0]!]!.config;
    const isoValues: Record<string, unknown> = {};
    for (const p of iso) isoValues[p] = getPath(first, p) ?? null;
    groups.push({ key, iso: isoValues, points: all, front, hypervolume: hv, reference });
  }
  return { objectives, points: analysis, groups };
}
