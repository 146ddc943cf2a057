/**
 * Study sanity checks, run before a sweep starts. They find studies that are valid but would waste
 * points or mislead, and say so as warnings (the study still runs):
 *
 *  - transfer-never: an HPS point whose transfer interval (images) is longer than the images its
 *    run trains (epochs x images per epoch) never transfers, so points that differ only in such
 *    intervals train identically;
 *  - inert-knob: under `cost` evaluation a knob whose values leave every objective unchanged (the
 *    cost model does not read it: retention, learning rate, ...) only duplicates points; found by
 *    evaluating the objectives at each of the knob's values on the study base;
 *  - nv-no-transfer: a non-volatile accuracy objective or constraint while some HPS runs never
 *    transfer (their non-volatile weights are the initial ones);
 *  - retention-below-batch: a capacitor retention tau shorter than the hardware time of one
 *    training batch, so most of every update leaks away before the next one.
 * Pure: the caller passes the planned points; hardware time per batch comes from the cost model.
 */
import type { RunConfig } from '../config/schema';
import { trainImagesPerEpoch } from '../config/workload';
import { evaluateCost, flattenCostMetrics, hardwareSecondsPerBatch } from '../cost';
import { applySample, type PlannedPoint } from './expand';
import { knobAxisValues } from './samplers';
import type { Study } from './study';

export type StudyWarningCode = 'transfer-never' | 'inert-knob' | 'nv-no-transfer' | 'retention-below-batch';

export interface StudyWarning {
  readonly code: StudyWarningCode;
  /** The study field the warning is about (a knob or objective path), when there is one. */
  readonly path?: string;
  readonly message: string;
  /** Planned points concerned (0 when the warning is about the study as a whole). */
  readonly points: number;
}

/** Points examined by the per-point checks at most (larger studies are checked on their first points). */
export const SANITY_POINT_LIMIT = 5000;

/** Training images a run sees in all its epochs. */
export function imagesSeen(cfg: RunConfig): number {
  return cfg.training.epochs * trainImagesPerEpoch(cfg);
}

const isNonVolatileMetric = (m: string): boolean => /nonvolatile|msbonly|afterflush/i.test(m);

function neverTransfers(cfg: RunConfig): boolean {
  return cfg.synapse.scheme === 'hps' && cfg.synapse.transfer.everySeconds === undefined && cfg.synapse.transfer.everyImages > imagesSeen(cfg);
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
/** A verb agreeing with a count: 1 point has, 2 points have. */
const agree = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** Every warning of a study, given its planned points. */
export function studyWarnings(study: Study, points: readonly PlannedPoint[]): StudyWarning[] {
  const out: StudyWarning[] = [];
  const accuracy = study.evaluation === 'cost+accuracy';
  const hps = points.filter((p) => p.config.synapse.scheme === 'hps').slice(0, SANITY_POINT_LIMIT);
  const capped = points.filter((p) => p.config.synapse.scheme === 'hps').length > hps.length ? ` (first ${SANITY_POINT_LIMIT} HPS points checked)` : '';

  const never = accuracy ? hps.filter((p) => neverTransfers(p.config)) : [];
  if (never.length > 0) {
    const ex = never[0]!.config;
    out.push({
      code: 'transfer-never',
      path: 'synapse.transfer.everyImages',
      points: never.length,
      message: `${plural(never.length, 'HPS point')} of ${hps.length}${capped} never ${agree(never.length, 'transfers', 'transfer')}: the interval (e.g. ${ex.synapse.transfer.everyImages} images) is longer than the ${imagesSeen(ex)} images a run trains (${ex.training.epochs} epochs of ${trainImagesPerEpoch(ex)}), so such points train identically and their eNVM never changes.`,
    });
    const nv = [...study.objectives.map((o) => o.metric), ...study.constraints.map((c) => c.metric)].filter(isNonVolatileMetric);
    if (nv.length > 0)
      out.push({
        code: 'nv-no-transfer',
        path: nv[0]!,
        points: never.length,
        message: `Non-volatile accuracy (${nv.join(', ')}) is requested but ${plural(never.length, 'HPS run')} never ${agree(never.length, 'transfers', 'transfer')}: their non-volatile weights stay as initialised, so that accuracy measures the initial network.`,
      });
  }

  const short: { tau: number; batch: number }[] = [];
  for (const p of hps) {
    const tau = p.config.synapse.retention.tau;
    if (tau === null) continue;
    const batch = hardwareSecondsPerBatch(p.config);
    if (Number.isFinite(batch) && tau < batch) short.push({ tau, batch });
  }
  if (short.length > 0)
    out.push({
      code: 'retention-below-batch',
      path: 'synapse.retention.tau',
      points: short.length,
      message: `${plural(short.length, 'HPS point')}${capped} ${agree(short.length, 'has', 'have')} a capacitor retention tau shorter than the hardware time of one training batch (e.g. tau ${short[0]!.tau.toExponential(2)} s < ${short[0]!.batch.toExponential(2)} s per batch): most of every update leaks away before the next batch.`,
    });

  if (!accuracy) out.push(...inertKnobs(study));
  return out;
}

/**
 * Knobs that cannot change any objective under cost-only evaluation: the objectives evaluated on the
 * study base with the knob at each of its values (at most 16) are all equal.
 */
export function inertKnobs(study: Study): StudyWarning[] {
  const out: StudyWarning[] = [];
  const objectives = study.objectives.map((o) => o.metric);
  const evalAt = (cfg: RunConfig): string | null => {
    const r = evaluateCost(cfg);
    if (!r.ok) return null;
    const m = flattenCostMetrics(r);
    return JSON.stringify(objectives.map((o) => m[o] ?? null));
  };
  for (const k of study.knobs) {
    const values = (knobAxisValues(k) ?? [k.min!, k.max!]).slice(0, 16);
    if (values.length < 2) continue;
    const seen = new Set<string>();
    let feasible = 0;
    for (const v of values) {
      try {
        const key = evalAt(applySample(study.base, { [k.path]: v }));
        if (key === null) continue;
        seen.add(key);
        feasible++;
      } catch {
        continue; // a value the cost model rejects is the schema's business, not this check's
      }
    }
    if (feasible >= 2 && seen.size === 1)
      out.push({
        code: 'inert-knob',
        path: k.path,
        points: 0,
        message: `Knob ${k.path} cannot change any objective (${objectives.join(', ')}) under 'cost' evaluation: the cost model does not depend on it, so its ${values.length} values only duplicate points. Use evaluation 'cost+accuracy' or remove the knob.`,
      });
  }
  return out;
}

/** Warnings as lines for a terminal. */
export function formatWarnings(ws: readonly { code: string; path?: string; message: string }[]): string[] {
  return ws.map((w) => `warning (${w.code}${w.path ? `, ${w.path}` : ''}): ${w.message}`);
}
