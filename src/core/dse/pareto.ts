/**
 * Non-dominated sorting (Pareto ranks) with per-objective min/max directions.
 *
 * Rank 0 is the Pareto front; rank r + 1 holds the points dominated only by points of rank <= r
 * (NSGA-II fronts, Deb et al., IEEE TEC 6(2), 2002). Identical objective vectors do not dominate
 * each other and share a rank.
 *
 * Algorithms (n points, m objectives):
 *  - m = 2: sort-based sweep, O(n log n) time, O(n) memory. Points are visited in lexicographic
 *    order; each front's last member has the front's smallest f2, and "front k holds a dominator of
 *    p" is monotone in k, so p's front is found by binary search over the fronts' last members
 *    (Jensen 2003; the ENS-BS idea of Zhang et al. 2015 specialised to 2-D). 100,000 points take a
 *    fraction of a second.
 *  - m != 2: Efficient Non-dominated Sort, sequential search (ENS-SS, Zhang et al., IEEE TEC
 *    19(2), 2015): lexicographic sort, then each point joins the first front with no member that
 *    dominates it. O(m n^2) worst case, O(n) memory (Deb's algorithm needs O(n^2) memory for its
 *    domination lists), typically much faster.
 *  - `fastNonDominatedSortDeb`: Deb's O(m n^2) algorithm as published, kept as a reference.
 */

export type Direction = 'min' | 'max';

export interface SortResult {
  /** Rank of every input point (0 = non-dominated). */
  readonly ranks: Int32Array;
  /** Point indices by rank; fronts[0] is the Pareto front. */
  readonly fronts: number[][];
}

/** Objective vectors turned into minimisation (max objectives negated); NaN rejected. */
export function toMinimisation(objs: readonly (readonly number[])[], directions?: readonly Direction[]): number[][] {
  const m = objs[0]?.length ?? 0;
  if (directions && directions.length !== m && objs.length > 0)
    throw new RangeError(`pareto: ${directions.length} directions for ${m} objectives`);
  return objs.map((v, i) => {
    if (v.length !== m) throw new RangeError(`pareto: point ${i} has ${v.length} objectives, expected ${m}`);
    return v.map((x, k) => {
      if (Number.isNaN(x)) throw new RangeError(`pareto: point ${i} objective ${k} is NaN`);
      return directions?.[k] === 'max' ? -x : x;
    });
  });
}

/** True when a dominates b in minimisation: no worse everywhere, better somewhere. */
export function dominatesMin(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/** Domination with directions ('min' default for every objective). */
export function dominates(a: readonly number[], b: readonly number[], directions?: readonly Direction[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    const sign = directions?.[k] === 'max' ? -1 : 1;
    const x = sign * a[k]!;
    const y = sign * b[k]!;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

function lexOrder(v: readonly (readonly number[])[]): number[] {
  const idx = Array.from({ length: v.length }, (_, i) => i);
  idx.sort((i, j) => {
    const a = v[i]!;
    const b = v[j]!;
    for (let k = 0; k < a.length; k++) if (a[k]! !== b[k]!) return a[k]! < b[k]! ? -1 : 1;
    return i - j;
  });
  return idx;
}

function result(n: number, fronts: number[][]): SortResult {
  const ranks = new Int32Array(n);
  fronts.forEach((f, r) => {
    for (const i of f) ranks[i] = r;
  });
  return { ranks, fronts };
}

function sort2d(v: readonly (readonly number[])[]): SortResult {
  const n = v.length;
  const a1 = new Float64Array(n);
  const a2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a1[i] = v[i]![0]!;
    a2[i] = v[i]![1]!;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => a1[i]! - a1[j]! || a2[i]! - a2[j]! || i - j);
  const fronts: number[][] = [];
  const lastF1: number[] = [];
  const lastF2: number[] = [];
  for (const p of order) {
    const f1 = a1[p]!;
    const f2 = a2[p]!;
    // Smallest k whose last member does not dominate p (monotone predicate).
    let lo = 0;
    let hi = fronts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const l2 = lastF2[mid]!;
      const dominated = l2 < f2 || (l2 === f2 && lastF1[mid]! !== f1);
      if (dominated) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts.length) {
      fronts.push([]);
      lastF1.push(f1);
      lastF2.push(f2);
    }
    fronts[lo]!.push(p);
    lastF1[lo] = f1;
    lastF2[lo] = f2;
  }
  return result(v.length, fronts);
}

function sortEns(v: readonly (readonly number[])[]): SortResult {
  const order = lexOrder(v);
  const fronts: number[][] = [];
  for (const p of order) {
    const vp = v[p]!;
    let k = 0;
    for (; k < fronts.length; k++) {
      const f = fronts[k]!;
      let dominated = false;
      // Later members are lexicographically closer to p, so test them first.
      for (let j = f.length - 1; j >= 0; j--) {
        if (dominatesMin(v[f[j]!]!, vp)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) break;
    }
    if (k === fronts.length) fronts.push([]);
    fronts[k]!.push(p);
  }
  return result(v.length, fronts);
}

/** Pareto ranks of every point; see the module comment for the algorithms. */
export function nonDominatedSort(objs: readonly (readonly number[])[], directions?: readonly Direction[]): SortResult {
  const v = toMinimisation(objs, directions);
  if (v.length === 0) return { ranks: new Int32Array(0), fronts: [] };
  return v[0]!.length === 2 ? sort2d(v) : sortEns(v);
}

/** Deb et al. 2002 fast non-dominated sort, O(m n^2) time and O(n^2) memory (reference implementation). */
export function fastNonDominatedSortDeb(objs: readonly (readonly number[])[], directions?: readonly Direction[]): SortResult {
  const v = toMinimisation(objs, directions);
  const n = v.length;
  const dominatedSets: number[][] = Array.from({ length: n }, () => []);
  const count = new Int32Array(n);
  const fronts: number[][] = [[]];
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      if (p === q) continue;
      if (dominatesMin(v[p]!, v[q]!)) dominatedSets[p]!.push(q);
      else if (dominatesMin(v[q]!, v[p]!)) count[p]!++;
    }
    if (count[p] === 0) fronts[0]!.push(p);
  }
  let i = 0;
  while (fronts[i]!.length > 0) {
    const next: number[] = [];
    for (const p of fronts[i]!)
      for (const q of dominatedSets[p]!) {
        count[q]!--;
        if (count[q] === 0) next.push(q);
      }
    i++;
    fronts.push(next);
  }
  fronts.pop();
  for (const f of fronts) f.sort((a, b) => a - b);
  return result(n, n === 0 ? [] : fronts);
}

/** Indices of the non-dominated points (rank 0), in input order. */
export function paretoFront(objs: readonly (readonly number[])[], directions?: readonly Direction[]): number[] {
  if (objs.length === 0) return [];
  return [...nonDominatedSort(objs, directions).fronts[0]!].sort((a, b) => a - b);
}
