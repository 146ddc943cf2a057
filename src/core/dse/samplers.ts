/**
 * Samplers turn a study's knobs into knob-value assignments (path -> value).
 *
 *  - grid: cartesian product of every knob's axis (explicit `values`, or `steps` values spread
 *    linearly or logarithmically over [min, max]); the first knob varies slowest.
 *  - random: independent uniform draws per knob (log axes uniform in log space).
 *  - lhs: Latin hypercube: for n samples each dimension is cut into n equal strata (in log space
 *    for log axes) and every stratum holds exactly one sample; strata are paired at random.
 *
 * Integer knobs draw over [min - 0.5, max + 0.5] and round, so every integer is equally likely on a
 * linear axis; categorical knobs (and numeric knobs given as a value list) pick among the values,
 * uniformly for random and stratified by index for LHS. Every draw comes from the seeded Rng.
 */
import { Rng } from '../rng';
import type { Knob, KnobValue, Study } from './study';

export type Sample = Readonly<Record<string, KnobValue>>;

/** Round away binary noise (1e-6 computed as 9.999999999999999e-7) without moving real values. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

function isDiscrete(knob: Knob): knob is Knob & { values: KnobValue[] } {
  return knob.values !== undefined;
}

/** The finite axis of a knob for grid sampling, or null for a continuous range without `steps`. */
export function knobAxisValues(knob: Knob): KnobValue[] | null {
  if (isDiscrete(knob)) return [...knob.values];
  if (knob.min === undefined || knob.max === undefined || knob.steps === undefined) return null;
  const { min, max, steps } = knob;
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = steps === 1 ? 0 : i / (steps - 1);
    let x: number;
    if (i === 0) x = min;
    else if (i === steps - 1) x = max;
    else if (knob.scale === 'log') x = tidy(Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min))));
    else x = tidy(min + t * (max - min));
    if (knob.type === 'integer') x = Math.round(x);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

/** Number of grid points (product of axis lengths); Infinity when an axis is continuous. */
export function gridSize(knobs: readonly Knob[]): number {
  let n = 1;
  for (const k of knobs) {
    const axis = knobAxisValues(k);
    if (axis === null) return Infinity;
    n *= axis.length;
  }
  return n;
}

export function gridSample(knobs: readonly Knob[]): Sample[] {
  const axes = knobs.map((k) => {
    const axis = knobAxisValues(k);
    if (axis === null) throw new RangeError(`grid: knob '${k.path}' is a continuous range without steps`);
    return axis;
  });
  let out: Record<string, KnobValue>[] = [{}];
  knobs.forEach((k, d) => {
    const next: Record<string, KnobValue>[] = [];
    for (const partial of out) for (const v of axes[d]!) next.push({ ...partial, [k.path]: v });
    out = next;
  });
  return out;
}

/** Map u in [0, 1) to a knob value (discrete index, linear or log range, integer rounding). */
export function unitToKnobValue(knob: Knob, u: number): KnobValue {
  if (isDiscrete(knob)) {
    const k = knob.values.length;
    return knob.values[Math.min(k - 1, Math.max(0, Math.floor(u * k)))]!;
  }
  const min = knob.min!;
  const max = knob.max!;
  const integer = knob.type === 'integer';
  const lo = integer ? min - 0.5 : min;
  const hi = integer ? max + 0.5 : max;
  let x =
    knob.scale === 'log'
      ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)))
      : lo + u * (hi - lo);
  if (integer) x = Math.round(x);
  return Math.min(max, Math.max(min, x));
}

export function randomSample(knobs: readonly Knob[], n: number, rng: Rng): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const s: Record<string, KnobValue> = {};
    for (const k of knobs) s[k.path] = unitToKnobValue(k, rng.uniform());
    out.push(s);
  }
  return out;
}

/**
 * A Latin hypercube in [0, 1)^d: row i, column j is (perm_j[i] + U) / n with an independent random
 * permutation per column, so each column has exactly one value in each [s/n, (s+1)/n).
 */
export function lhsUnit(n: number, d: number, rng: Rng): number[][] {
  const rows: number[][] = Array.from({ length: n }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    rng.shuffle(perm);
    for (let i = 0; i < n; i++) {
      // Guard against (s + U) / n rounding up onto the next stratum boundary.
      const u = (perm[i]! + rng.uniform()) / n;
      rows[i]![j] = Math.min(u, (perm[i]! + 1) / n - Number.EPSILON * 4);
    }
  }
  return rows;
}

export function lhsSample(knobs: readonly Knob[], n: number, rng: Rng): Sample[] {
  return lhsUnit(n, knobs.length, rng).map((row) => {
    const s: Record<string, KnobValue> = {};
    knobs.forEach((k, j) => {
      s[k.path] = unitToKnobValue(k, row[j]!);
    });
    return s;
  });
}

/** The study's samples, in a deterministic order (same study, same seed, same samples). */
export function sampleStudy(study: Pick<Study, 'knobs' | 'sampler'>): Sample[] {
  const { sampler, knobs } = study;
  if (knobs.length === 0) return [{}];
  switch (sampler.kind) {
    case 'grid':
      return gridSample(knobs);
    case 'random':
      return randomSample(knobs, sampler.samples ?? 0, new Rng(sampler.seed));
    case 'lhs':
      return lhsSample(knobs, sampler.samples ?? 0, new Rng(sampler.seed));
  }
}
