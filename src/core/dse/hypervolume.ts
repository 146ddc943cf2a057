/**
 * Hypervolume indicator: the volume of objective space dominated by a point set and bounded by a
 * reference point (Zitzler & Thiele 1998). Computed in minimisation; 'max' objectives are negated
 * together with the reference. Points that do not strictly beat the reference in every objective
 * contribute nothing and are dropped.
 *
 * Algorithms (n points, d objectives):
 *  - d = 1: ref - min, O(n).
 *  - d = 2: sort by f1 and sweep the staircase, O(n log n).
 *  - d >= 3: exact slicing (HSO, Hypervolume by Slicing Objectives; While et al., IEEE TEC 10(1),
 *    2006): sort by the last objective and sum slab depth x (d-1)-dimensional hypervolume of the
 *    points below the slab, recursing down to the 2-D sweep. The slab's point set is kept
 *    non-dominated incrementally and a slab whose set did not change reuses the previous volume.
 *    Worst case O(n^(d-1) log n): O(n^2 log n) for 3 objectives, O(n^3 log n) for 4. Fine for
 *    fronts of thousands of points in 3-D and hundreds in 4-D.
 *  - `hypervolumeInclusionExclusion`: the textbook inclusion-exclusion sum over all 2^n subsets,
 *    O(2^n d); exact but only for tiny sets; used to check the others.
 */
import { dominatesMin, toMinimisation, type Direction } from './pareto';

function weaklyDominates(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k]! > b[k]!) return false;
  return true;
}

function hv2(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const pts = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let vol = 0;
  let prevF2 = ref[1]!;
  for (const p of pts) {
    if (p[1]! < prevF2) {
      vol += (ref[0]! - p[0]!) * (prevF2 - p[1]!);
      prevF2 = p[1]!;
    }
  }
  return vol;
}

function hvRec(points: readonly (readonly number[])[], ref: readonly number[], d: number): number {
  if (points.length === 0) return 0;
  if (d === 1) {
    let m = Infinity;
    for (const p of points) m = Math.min(m, p[0]!);
    return ref[0]! - m;
  }
  if (d === 2) return hv2(points, ref);
  const last = d - 1;
  const pts = [...points].sort((a, b) => a[last]! - b[last]!);
  let vol = 0;
  let slab: number[][] = [];
  let slabVol = 0;
  let dirty = false;
  for (let i = 0; i < pts.length; i++) {
    const q = pts[i]!.slice(0, last);
    if (!slab.some((s) => weaklyDominates(s, q))) {
      slab = slab.filter((s) => !dominatesMin(q, s));
      slab.push(q);
      dirty = true;
    }
    const top = i + 1 < pts.length ? pts[i + 1]![last]! : ref[last]!;
    const depth = top - pts[i]![last]!;
    if (depth > 0) {
      if (dirty) {
        slabVol = hvRec(slab, ref, last);
        dirty = false;
      }
      vol += depth * slabVol;
    }
  }
  return vol;
}

function prepare(
  points: readonly (readonly number[])[],
  reference: readonly number[],
  directions?: readonly Direction[],
): { pts: number[][]; ref: number[] } {
  const d = reference.length;
  if (d === 0) throw new RangeError('hypervolume: empty reference point');
  for (const [i, p] of points.entries())
    if (p.length !== d) throw new RangeError(`hypervolume: point ${i} has ${p.length} objectives, reference has ${d}`);
  if (reference.some((x) => !Number.isFinite(x))) throw new RangeError('hypervolume: reference must be finite');
  const [ref] = toMinimisation([reference], directions);
  const pts = toMinimisation(points, directions).filter((p) => p.every((x, k) => x < ref![k]!));
  return { pts, ref: ref! };
}

/** Exact hypervolume of `points` against `reference` (see the module comment for complexity). */
export function hypervolume(
  points: readonly (readonly number[])[],
  reference: readonly number[],
  directions?: readonly Direction[],
): number {
  const { pts, ref } = prepare(points, reference, directions);
  return hvRec(pts, ref, ref.length);
}

/** Inclusion-exclusion over all non-empty subsets: O(2^n d). Refuses more than 20 points. */
export function hypervolumeInclusionExclusion(
  points: readonly (readonly number[])[],
  reference: readonly number[],
  directions?: readonly Direction[],
): number {
  const { pts, ref } = prepare(points, reference, directions);
  const n = pts.length;
  if (n > 20) throw new RangeError('hypervolumeInclusionExclusion: at most 20 points');
  const d = ref.length;
  let vol = 0;
  for (let mask = 1; mask < 1 << n; mask++) {
    let bits = 0;
    const corner = new Array<number>(d).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      if (!(mask & (1 << i))) continue;
      bits++;
      for (let k = 0; k < d; k++) corner[k] = Math.max(corner[k]!, pts[i]![k]!);
    }
    let box = 1;
    for (let k = 0; k < d; k++) box *= ref[k]! - corner[k]!;
    vol += bits % 2 === 1 ? box : -box;
  }
  return vol;
}

/**
 * Hypervolume as a fraction of the box spanned by the ideal point (the best value of each
 * objective over `points`) and the reference point: 1 when one point sits at the ideal corner,
 * 0 when nothing beats the reference. Unlike the raw value (a product of units, e.g. J·s) it can be
 * compared between studies that use the same reference. The ideal point is returned with it; null
 * when there are no points or the box is empty in some objective.
 */
export function normalisedHypervolume(
  hv: number,
  points: readonly (readonly number[])[],
  reference: readonly number[],
  directions: readonly Direction[],
): { value: number; ideal: number[] } | null {
  if (points.length === 0) return null;
  const ideal = reference.map((_, k) => {
    let best = points[0]![k]!;
    for (const p of points) best = directions[k] === 'max' ? Math.max(best, p[k]!) : Math.min(best, p[k]!);
    return best;
  });
  let box = 1;
  for (let k = 0; k < reference.length; k++) box *= Math.abs(reference[k]! - ideal[k]!);
  return box > 0 && Number.isFinite(box) ? { value: hv / box, ideal } : null;
}
