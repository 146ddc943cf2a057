/**
 * The full cost result of a design point that has none stored. A cost-only sweep stores each point's
 * flat metrics (totals, per phase, per component) but not the per-layer breakdown or the cost
 * model's assumptions, which a report needs. They are recomputed here from the study itself: the
 * point's configuration is rebuilt from the study's base and the point's knob values (the baseline
 * twin from its HPS point), its content hash must equal the stored hash (so it is the configuration
 * that was evaluated), and the re-priced totals must equal the stored totals (so this version of the
 * cost model prices it as the stored result did). Any mismatch is reported, never papered over.
 */
import { evaluateCost, flattenCostMetrics } from '../cost';
import type { CostResult } from '../cost/types';
import { applySampleFull, baselineTwin } from '../dse/expand';
import { configHash } from '../dse/hash';
import { parseStudy, type Study } from '../dse/study';
import type { RunConfig } from '../config/schema';
import { costView } from './adapters';
import type { PricedPoint } from './breakdown';
import type { ReportPoint } from './types';

/** Stored totals that must agree with the recomputed result (relative tolerance). */
const TOTALS = ['energyPerEpoch', 'latencyPerEpoch', 'area'] as const;
const TOLERANCE = 1e-9;

export type Recomputed =
  | { readonly ok: true; readonly result: CostResult & { ok: true } }
  | { readonly ok: false; readonly reason: string };

/** Parse the study document once; null (with the reason) when it no longer parses. */
export function studyOf(spec: unknown): { study: Study } | { reason: string } {
  try {
    return { study: parseStudy(spec) };
  } catch (e) {
    return { reason: `the study document does not parse with this version (${(e as Error).message.split('\n')[0]})` };
  }
}

/** Configuration of an HPS (or stand-alone) point: the study base with the point's knob values. */
function configOf(study: Study, p: ReportPoint): RunConfig {
  return applySampleFull(study.base, p.knobs as Record<string, never>);
}

/**
 * Recompute the cost of `point` (and, when given, check it is `hpsPartner`'s baseline twin).
 * `hpsPartner` is the HPS point whose twin `point` is, for baseline points.
 */
export function recomputeCost(study: Study, point: ReportPoint, hpsPartner?: ReportPoint | null): Recomputed {
  if (point.status !== 'done' || !point.metrics) return { ok: false, reason: `point #${point.idx} has no result` };
  let config: RunConfig;
  try {
    const own = configOf(study, hpsPartner ?? point);
    config = hpsPartner ? baselineTwin(own, study) : own;
  } catch (e) {
    return { ok: false, reason: `the configuration of point #${point.idx} cannot be rebuilt (${(e as Error).message.split('\n')[0]})` };
  }
  if (configHash(config) !== point.hash) return { ok: false, reason: `the configuration rebuilt for point #${point.idx} does not hash to the stored point` };
  const r = evaluateCost(config);
  if (!r.ok) return { ok: false, reason: `point #${point.idx} is not feasible when re-priced (${r.reason})` };
  const flat = flattenCostMetrics(r);
  for (const k of TOTALS) {
    const stored = point.metrics[k];
    if (stored === undefined) continue;
    const rel = Math.abs(flat[k]! - stored) / Math.max(Math.abs(stored), 1e-300);
    if (rel > TOLERANCE) return { ok: false, reason: `re-pricing point #${point.idx} gives ${k} ${(rel * 100).toPrecision(2)} % away from the stored result (priced by another version of the cost model, or with a training run's own statistics)` };
  }
  return { ok: true, result: r };
}

export interface PricedPair {
  readonly hps: PricedPoint;
  readonly baseline: PricedPoint;
  /** One or two sentences: where the breakdown numbers come from. */
  readonly provenance: string;
  /** Assumptions and warnings of the re-priced results (cost-only studies store none). */
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * The cost of the pair shown in the breakdowns: each point's stored run cost result when it has one
 * (a trained point, priced with its measured pulse counts), else its cost re-priced from the study
 * (checked against the stored totals), else its stored flat metrics (phases and components only).
 */
export function pricePair(
  spec: unknown,
  hps: ReportPoint | null,
  baseline: ReportPoint | null,
  storedCost: (p: ReportPoint) => unknown,
): PricedPair {
  const parsed = hps || baseline ? studyOf(spec) : null;
  const notes: string[] = [];
  const assumptions: string[] = [];
  const warnings: string[] = [];
  let repriced = 0;
  let stored = 0;
  const price = (p: ReportPoint | null, partner: ReportPoint | null): PricedPoint => {
    if (!p) return { view: null, result: null };
    const own = storedCost(p);
    if (own != null) {
      stored++;
      return { view: costView(own), result: own };
    }
    const r = parsed && 'study' in parsed ? recomputeCost(parsed.study, p, partner) : { ok: false as const, reason: parsed && 'reason' in parsed ? parsed.reason : 'no study document' };
    if (r.ok) {
      repriced++;
      for (const a of r.result.assumptions) if (!assumptions.includes(a)) assumptions.push(a);
      for (const w of r.result.warnings) if (!warnings.includes(w)) warnings.push(w);
      return { view: costView(r.result), result: r.result };
    }
    notes.push(`Per-layer values and assumptions of point #${p.idx} are not shown: ${r.reason}.`);
    return { view: p.metrics ? costView(p.metrics) : null, result: null };
  };
  const h = price(hps, null);
  const b = price(baseline, baseline && hps && baseline !== hps ? hps : null);
  const how: string[] = [];
  if (stored > 0) how.push(stored === 2 ? "Both points are shown from the cost results stored with their runs (priced with each run's own pulse counts)." : "One point is shown from the cost result stored with its run (priced with the run's own pulse counts).");
  if (repriced > 0)
    how.push(
      `${repriced === 2 ? 'Both points store' : 'One point stores'} only totals, phases and components: the per-layer values and the assumptions below were re-priced from the study's configuration of the point with the same cost model and default training statistics, and the re-priced totals equal the stored ones.`,
    );
  return { hps: h, baseline: b, provenance: [...how, ...notes].join(' '), assumptions, warnings };
}
